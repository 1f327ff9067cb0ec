import type { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../user-error.js';
import { scenarioFileFormat, type ScenarioFileFormat } from '../../scenario/scenario-file-format.js';
import { scenarioText } from '../../scenario/scenario-text.js';

/** The template `parley new` copies: a complete, lint-clean scenario kept in templates/. */
const TEMPLATE = fileURLToPath(new URL('../../../templates/new-scenario.json', import.meta.url));
/** The JSON Schema shipped with this package. */
const INSTALLED_SCHEMA = fileURLToPath(new URL('../../../schema/scenario.schema.json', import.meta.url));

/** A file name's scenario extension (.json, .yaml, .yml), to leave out of ids and titles. */
const EXTENSION = /\.(json|ya?ml)$/i;

/** "my-deal", "my deal.json" or "my-deal.yaml" gives the identifier "myDeal". */
export function scenarioIdOf(name: string): string {
  const words = name.replace(EXTENSION, '').split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const id = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  return /^[A-Za-z]/.test(id) ? id : `scenario${id.charAt(0).toUpperCase()}${id.slice(1)}`;
}

/**
 * Where "$schema" should point, relative to the new file's folder: the nearest
 * schema/scenario.schema.json in this folder or above (a checkout of Parley, or a project that
 * vendors the schema), else node_modules/parley/schema/..., else the schema this package ships.
 */
export function schemaReference(folder: string): string {
  let dir = resolve(folder);
  for (;;) {
    for (const candidate of [join(dir, 'schema', 'scenario.schema.json'), join(dir, 'node_modules', 'parley', 'schema', 'scenario.schema.json')]) {
      if (existsSync(candidate)) return toReference(folder, candidate);
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return toReference(folder, INSTALLED_SCHEMA);
}

function toReference(folder: string, target: string): string {
  const rel = relative(resolve(folder), target).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/**
 * The scaffold's text: the template with its "$schema", id and title replaced; in YAML, the same
 * values with the schema in a `# yaml-language-server` comment, which YAML editors read.
 */
export function newScenarioText(name: string, schema: string, format: ScenarioFileFormat = 'json'): string {
  const template = readFileSync(TEMPLATE, 'utf8');
  const title = basename(name).replace(EXTENSION, '').replace(/[-_]+/g, ' ');
  const json = template
    .replace(/"\$schema": "[^"]*"/, `"$schema": ${JSON.stringify(schema)}`)
    .replace(/"id": "newScenario"/, `"id": ${JSON.stringify(scenarioIdOf(basename(name)))}`)
    .replace(/"title": "New scenario"/, `"title": ${JSON.stringify(title.charAt(0).toUpperCase() + title.slice(1))}`);
  return format === 'json' ? json : scenarioText(JSON.parse(json), 'yaml');
}

/** `parley new <name>`: writes <name>.json (or <name>.yaml), a small complete scenario to edit. */
export function registerNewCommand(program: Command): void {
  program
    .command('new')
    .description('Write <name>.json (or <name>.yaml with --yaml) in the current folder: a small, complete scenario (two tracks, moves, an event, strategies, outcomes, metrics, an expectation) to edit. Never overwrites.')
    .argument('<name>', 'file name without extension, e.g. my-deal (a name ending in .yaml or .yml writes YAML)')
    .option('--yaml', 'write YAML (<name>.yaml) instead of JSON, with the schema comment YAML editors read')
    .addHelpText('after', '\nExamples:\n  $ parley new my-deal && parley lint my-deal.json && parley run my-deal.json\n  $ parley new my-deal --yaml && parley validate my-deal.yaml')
    .action((name: string, opts: { yaml?: boolean }) => {
      if (name.trim() === '') throw new UserError('the name is empty', 'e.g. `parley new my-deal`');
      const named = EXTENSION.test(name) ? scenarioFileFormat(name) : undefined;
      if (opts.yaml && named === 'json') throw new UserError(`--yaml writes YAML, but ${name} names a JSON file`, `name it ${name.replace(EXTENSION, '.yaml')}, or leave out --yaml`, 'E_USAGE');
      const format = opts.yaml ? 'yaml' : (named ?? 'json');
      const file = resolve(named !== undefined ? name : `${name}.${format}`);
      const shown = relative(process.cwd(), file) || file;
      if (existsSync(file)) throw new UserError(`${shown} already exists; \`parley new\` never overwrites a file`, 'choose another name, or delete the file first');
      if (!existsSync(dirname(file))) throw new UserError(`the folder ${relative(process.cwd(), dirname(file))} does not exist`, 'create it first, or choose a name in the current folder');
      const text = newScenarioText(name, schemaReference(dirname(file)), format);
      try {
        writeFileSync(file, text, { flag: 'wx' });
      } catch (error) {
        throw new UserError(`cannot write ${shown}: ${(error as Error).message}`);
      }
      process.stdout.write(
        `wrote ${shown}\n\nnext:\n  parley validate ${shown}     # schema, references, expressions\n  parley lint ${shown}         # unreachable states, dead ends, ...\n  parley graph ${shown}        # the tracks as diagrams\n  parley run ${shown} --trace  # one run, explained\n  parley test ${shown}         # check its expectations\n`,
      );
    });
}
