import type { ScenarioFileFormat } from './scenario-file-format.js';
import { yamlModule } from './yaml-module.js';

/** The comment that tells editors (the YAML language server) which JSON Schema a YAML file follows. */
const YAML_SCHEMA_COMMENT = /^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$/m;

/**
 * A scenario's value written as the text of a file in the given syntax, with its schema reference
 * where editors look for it: `"$schema"` first in JSON, a `# yaml-language-server: $schema=...`
 * comment at the top of YAML (a `$schema` key is dropped from the YAML body, where it would only be
 * data). Every other value is kept exactly: the YAML is YAML 1.2, which reads back the same strings,
 * numbers, booleans and nulls (strings that would read as another type are quoted).
 *
 * @example
 * scenarioText({ $schema: '../schema/scenario.schema.json', id: 'x' }, 'yaml')
 * // '# yaml-language-server: $schema=../schema/scenario.schema.json\nid: x\n'
 */
export function scenarioText(value: unknown, format: ScenarioFileFormat, schema?: string): string {
  const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const reference = schema ?? (typeof record?.$schema === 'string' ? record.$schema : undefined);
  if (format === 'json') {
    const body = record === undefined ? value : { ...(reference === undefined ? {} : { $schema: reference }), ...withoutSchema(record) };
    return JSON.stringify(body, null, 2) + '\n';
  }
  const yaml = yamlModule();
  const doc = new yaml.Document(record === undefined ? value : withoutSchema(record), { version: '1.2', schema: 'core', aliasDuplicateObjects: false });
  // Short lists and mappings of short scalars stay on one line, as a hand-written file has them
  // (`clock: { unit: month, start: 2026-01, horizon: 12 }`, `in: [talks, mou]`).
  const short = (node: unknown): boolean => yaml.isScalar(node) && (typeof node.value !== 'string' || (node.value.length <= 40 && !node.value.includes('\n')));
  yaml.visit(doc, {
    Map(_key, node) {
      if (node.items.length <= 5 && node.items.every((p) => short(p.key) && short(p.value)) && flowLength(node.items.flatMap((p) => [p.key, p.value])) <= 60) node.flow = true;
    },
    Seq(_key, node) {
      if (node.items.length <= 8 && node.items.every(short) && flowLength(node.items) <= 60) node.flow = true;
    },
  });
  const text = doc.toString({ lineWidth: 100, minContentWidth: 40, flowCollectionPadding: false });
  return reference === undefined ? text : `# yaml-language-server: $schema=${reference}\n${text}`;
}

/** The schema reference of a YAML file's `# yaml-language-server: $schema=...` comment, if any. */
export function yamlSchemaComment(text: string): string | undefined {
  return YAML_SCHEMA_COMMENT.exec(text)?.[1];
}

/** About how long a flow collection of these scalars is on one line. */
function flowLength(scalars: readonly unknown[]): number {
  return scalars.reduce<number>((n, s) => n + String((s as { value?: unknown }).value).length + 2, 2);
}

function withoutSchema(record: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, ...rest } = record;
  return rest;
}
