import type { ScenarioFileFormat } from './scenario-file-format.js';
import { emptyComments, hasComments, pathKey, type ScenarioComments } from './scenario-comments.js';
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
 * Given the comments of the file the value was read from, it writes them at the same places: `#`
 * lines in YAML, `//` lines in JSON (then JSON with comments, which Parley reads). A comment before an
 * entry goes before it, one after a value on its line stays on that line when the value stays on one
 * line (else it goes on the line before, or after `key:` for a block object or list), one at the end
 * of an object or list after its last entry, the file's top comments at the top (after the YAML
 * schema comment). Comments on the `$schema` key go to the top. Collections holding comments are
 * written in block style so each comment keeps its line.
 *
 * @example
 * scenarioText({ $schema: '../schema/scenario.schema.json', id: 'x' }, 'yaml')
 * // '# yaml-language-server: $schema=../schema/scenario.schema.json\nid: x\n'
 */
export function scenarioText(value: unknown, format: ScenarioFileFormat, schema?: string, comments: ScenarioComments = emptyComments()): string {
  const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const reference = schema ?? (typeof record?.$schema === 'string' ? record.$schema : undefined);
  if (format === 'json') {
    const body = record === undefined ? value : { ...(reference === undefined ? {} : { $schema: reference }), ...withoutSchema(record) };
    return hasComments(comments) ? jsonWithComments(body, comments) : JSON.stringify(body, null, 2) + '\n';
  }
  const yaml = yamlModule();
  const doc = new yaml.Document(record === undefined ? value : withoutSchema(record), { version: '1.2', schema: 'core', aliasDuplicateObjects: false });
  const placeTrailing = hasComments(comments) ? placeYamlComments(doc, comments) : undefined;
  const commented = (node: unknown): boolean =>
    yaml.isNode(node) && (Boolean(node.commentBefore) || Boolean(node.comment));
  // Short lists and mappings of short scalars stay on one line, as a hand-written file has them
  // (`clock: { unit: month, start: 2026-01, horizon: 12 }`, `in: [talks, mou]`).
  const short = (node: unknown): boolean => yaml.isScalar(node) && !commented(node) && (typeof node.value !== 'string' || (node.value.length <= 40 && !node.value.includes('\n')));
  yaml.visit(doc, {
    Map(_key, node) {
      if (!node.comment && node.items.length <= 5 && node.items.every((p) => short(p.key) && short(p.value)) && flowLength(node.items.flatMap((p) => [p.key, p.value])) <= 60) node.flow = true;
    },
    Seq(_key, node) {
      if (!node.comment && node.items.length <= 8 && node.items.every(short) && flowLength(node.items) <= 60) node.flow = true;
    },
  });
  placeTrailing?.();
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

type YamlDoc = InstanceType<ReturnType<typeof yamlModule>['Document']>;

/** Comment text for the `yaml` package: it writes `#` and the text, so each line gets a space. */
function yamlComment(lines: readonly string[]): string {
  return lines.map((l) => (l === '' || l.startsWith('#') ? l : ` ${l}`)).join('\n');
}

function joined(existing: string | null | undefined, lines: readonly string[]): string {
  const text = yamlComment(lines);
  return existing ? `${existing}\n${text}` : text;
}

type YamlKey = { commentBefore?: string | null; comment?: string | null };

/**
 * Attaches each comment to its node of a document built from the scenario's value; returns what
 * places the comments trailing objects and lists, to call once their flow style is chosen.
 */
function placeYamlComments(doc: YamlDoc, comments: ScenarioComments): () => void {
  const yaml = yamlModule();
  const top = [...comments.top, ...(comments.before.get('["$schema"]') ?? []), ...(comments.trailing.get('["$schema"]') ?? [])];
  if (top.length > 0) doc.commentBefore = yamlComment(top);
  const later: (() => void)[] = [];
  const visit = (node: unknown, path: (string | number)[], key: YamlKey | undefined): void => {
    if (!yaml.isNode(node)) return;
    const id = pathKey(path);
    const before = [...(comments.before.get(id) ?? [])];
    let trailing = comments.trailing.get(id) ?? [];
    if (trailing.length > 1) {
      before.push(...trailing);
      trailing = [];
    }
    const holder = key ?? node;
    if (path.length > 0 && before.length > 0) holder.commentBefore = joined(holder.commentBefore, before);
    if (!yaml.isMap(node) && !yaml.isSeq(node)) {
      if (trailing.length > 0) node.comment = joined(node.comment, trailing);
      return;
    }
    const collection = node;
    if (trailing.length > 0) {
      // On the value's line when it stays on one; else after `key:` for a property, before `- ` for an element.
      later.push(() => {
        if (collection.flow || collection.items.length === 0) collection.comment = joined(collection.comment, trailing);
        else if (key !== undefined) key.comment = joined(key.comment, trailing);
        else if (path.length > 0) collection.commentBefore = joined(collection.commentBefore, trailing);
        else doc.commentBefore = joined(doc.commentBefore, trailing);
      });
    }
    const end = comments.end.get(id) ?? [];
    if (end.length > 0) {
      if (path.length === 0) doc.comment = joined(doc.comment, end);
      else collection.comment = joined(collection.comment, end);
    }
    if (yaml.isMap(collection)) {
      for (const pair of collection.items) {
        const k = yaml.isScalar(pair.key) ? pair.key : undefined;
        if (k !== undefined) visit(pair.value, [...path, String(k.value)], k);
      }
    } else collection.items.forEach((item, i) => visit(item, [...path, i], undefined));
  };
  visit(doc.contents, [], undefined);
  return () => {
    for (const place of later) place();
  };
}

/** `JSON.stringify(value, null, 2)` with `//` comments at their places. */
function jsonWithComments(value: unknown, comments: ScenarioComments): string {
  const out: string[] = [];
  const lines = (indent: string, text: readonly string[]): void => {
    for (const l of text) out.push(l === '' ? `${indent}//` : `${indent}// ${l}`);
  };
  const trail = (text: readonly string[] | undefined): string => (text === undefined || text.length === 0 ? '' : ` // ${text.join(' ')}`);
  // Writes the value whose first line continues `lead`; `comma` follows it.
  const write = (v: unknown, path: (string | number)[], indent: string, lead: string, comma: string): void => {
    const id = pathKey(path);
    const trailing = comments.trailing.get(id);
    const end = comments.end.get(id) ?? [];
    if (v === null || typeof v !== 'object') {
      out.push(`${lead}${JSON.stringify(v)}${comma}${trail(trailing)}`);
      return;
    }
    const entries: [string | number, unknown, string][] = Array.isArray(v)
      ? v.map((x, i) => [i, x, ''])
      : Object.entries(v).map(([k, x]) => [k, x, `${JSON.stringify(k)}: `]);
    const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0 && end.length === 0) {
      out.push(`${lead}${open}${close}${comma}${trail(trailing)}`);
      return;
    }
    out.push(`${lead}${open}${trail(trailing)}`);
    const inner = indent + '  ';
    entries.forEach(([k, x, label], i) => {
      const childPath = [...path, k];
      lines(inner, comments.before.get(pathKey(childPath)) ?? []);
      write(x, childPath, inner, inner + label, i < entries.length - 1 ? ',' : '');
    });
    lines(inner, path.length === 0 ? [] : end);
    out.push(`${indent}${close}${comma}`);
  };
  lines('', comments.top);
  write(value, [], '', '', '');
  lines('', comments.end.get('[]') ?? []);
  return out.join('\n') + '\n';
}

function withoutSchema(record: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, ...rest } = record;
  return rest;
}
