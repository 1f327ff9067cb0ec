import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { stringify } from 'yaml';
import { repoRoot } from '../load-fixture.js';
import { runParley, stackTraceLines } from '../hardening/run-parley.js';

/**
 * Every command that takes a scenario works on a YAML file exactly as on the JSON it was written
 * from: the YAML copies are generated here from the shipped JSON, so they cannot drift.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-yaml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A YAML copy of a JSON(C) scenario, in `folder` (created), with the schema comment editors read. */
function yamlCopy(jsonFile: string, folder = dir, extension = '.yaml'): string {
  mkdirSync(folder, { recursive: true });
  const value = parseJsonc(readFileSync(join(repoRoot, jsonFile), 'utf8')) as Record<string, unknown>;
  delete value.$schema;
  const file = join(folder, jsonFile.split('/').pop()!.replace(/\.json$/, extension));
  writeFileSync(file, `# yaml-language-server: $schema=${repoRoot}schema/scenario.schema.json\n${stringify(value)}`);
  return file;
}

/** A batch summary or run without what names the file it was read from. */
function withoutFile(json: string): unknown {
  const value = JSON.parse(json) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const strip = (v: any): unknown => { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => !['file', 'hash', 'scenarioHash', 'path', 'folder', 'elapsedMs', 'seconds'].includes(k)).map(([k, x]) => [k, strip(x)]));
  };
  return strip(value);
}

async function both(args: (file: string) => string[], json: string, yaml: string): Promise<[string, string]> {
  const [a, b] = await Promise.all([runParley(args(json)), runParley(args(yaml))]);
  expect(a.code, a.stderr).toBe(0);
  expect(stackTraceLines(b.stderr)).toEqual([]);
  expect(b.code, b.stderr).toBe(0);
  return [a.stdout, b.stdout];
}

const DUEL = 'scenarios/supplier-duel.json';

describe('YAML scenario files through every command', () => {
  const duel = yamlCopy(DUEL);

  it('validate accepts the YAML copy of supplier-duel, and run gives the identical batch (--json summary except file and hash)', async () => {
    const v = await runParley(['validate', duel]);
    expect(v.code, v.stderr).toBe(0);
    const [json, yaml] = await both((f) => ['run', f, '--runs', '2000', '--seed', '5', '--json'], DUEL, duel);
    expect(JSON.parse(yaml).scenario.file).toMatch(/supplier-duel\.yaml$/);
    expect(withoutFile(yaml)).toEqual(withoutFile(json));
  });

  it('run (one run), graph, play --moves and sensitivity answer the same for YAML as for JSON', async () => {
    const [runJson, runYaml] = await both((f) => ['run', f, '--seed', '3', '--json'], DUEL, duel);
    expect(withoutFile(runYaml)).toEqual(withoutFile(runJson));
    const [graphJson, graphYaml] = await both((f) => ['graph', f], DUEL, duel);
    expect(graphYaml).toBe(graphJson);
    const moves = join(dir, 'moves.json');
    writeFileSync(moves, '[[{"move":"newcomer.shortlist"}],[{"move":"newcomer.offer","offer":{"price":500}}]]');
    const [playJson, playYaml] = await both((f) => ['play', f, '--seed', '3', '--moves', moves], DUEL, duel);
    expect(playYaml.replaceAll('supplier-duel.yaml', 'supplier-duel.json').replaceAll(dir, 'scenarios')).toBe(playJson);
    const [sensJson, sensYaml] = await both((f) => ['sensitivity', f, '--runs', '300', '--seed', '2', '--json'], DUEL, duel);
    expect(withoutFile(sensYaml)).toEqual(withoutFile(sensJson));
  });

  it('optimize searches the knobs of a YAML scenario as of its JSON', async () => {
    const [json, yaml] = await both((f) => ['optimize', f, '--strategy', 'tunedDuel', '--budget-runs', '3000', '--seed', '4', '--workers', '1', '--json', '--quiet'], DUEL, duel);
    expect(withoutFile(yaml)).toEqual(withoutFile(json));
  });

  it('test picks .yaml and .yml files in scenarios/, and backtest scores a folder of YAML scenarios', async () => {
    const project = join(dir, 'project');
    yamlCopy(DUEL, join(project, 'scenarios'), '.yml');
    const t = await runParley(['test', '--max-runs', '1000'], { cwd: project });
    expect(stackTraceLines(t.stderr)).toEqual([]);
    expect(t.stdout).toContain('supplier-duel.yml');
    expect([0, 1]).toContain(t.code);
    const resolved = join(dir, 'resolved');
    for (const name of readdirSync(join(repoRoot, 'test/fixtures/backtest/resolved'))) yamlCopy(`test/fixtures/backtest/resolved/${name}`, resolved);
    const [json, yaml] = await both((f) => ['backtest', f, '--runs', '500', '--json'], 'test/fixtures/backtest/resolved', resolved);
    expect(withoutFile(yaml)).toEqual(withoutFile(json));
    expect(JSON.parse(yaml).cases.length).toBeGreaterThan(0);
  });

  it('new --yaml writes a YAML starting point with the schema comment, which validates and lints clean', async () => {
    const folder = join(dir, 'new');
    mkdirSync(folder);
    const made = await runParley(['new', 'my-deal', '--yaml'], { cwd: folder });
    expect(made.code, made.stderr).toBe(0);
    const text = readFileSync(join(folder, 'my-deal.yaml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\S+scenario\.schema\.json\n/);
    expect(text).toContain('id: myDeal\n');
    expect(text).not.toContain('$schema:');
    const lint = await runParley(['lint', 'my-deal.yaml', '--static', '--strict'], { cwd: folder });
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
    const again = await runParley(['new', 'my-deal.yml'], { cwd: folder });
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(folder, 'my-deal.yml'), 'utf8')).toBe(text);
  });

  it('convert writes the other syntax next to the scenario, never overwrites, and refuses a broken file with its location', async () => {
    const folder = join(dir, 'convert');
    mkdirSync(folder);
    writeFileSync(join(folder, 'duel.json'), readFileSync(join(repoRoot, DUEL), 'utf8'));
    const toYaml = await runParley(['convert', 'duel.json', '--to', 'yaml'], { cwd: folder });
    expect(toYaml.code, toYaml.stderr).toBe(0);
    expect(toYaml.stdout).toBe('wrote duel.yaml\n');
    const [json, yaml] = await both((f) => ['run', f, '--runs', '500', '--seed', '8', '--json'], join(folder, 'duel.json'), join(folder, 'duel.yaml'));
    expect(withoutFile(yaml)).toEqual(withoutFile(json));
    const back = await runParley(['convert', 'duel.yaml', '--to', 'json', '--out', '-'], { cwd: folder });
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout)).toEqual(parseJsonc(readFileSync(join(repoRoot, DUEL), 'utf8')));
    const again = await runParley(['convert', 'duel.json', '--to', 'yaml'], { cwd: folder });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    writeFileSync(join(folder, 'bad.yaml'), 'a: 1\na: 2\n');
    const bad = await runParley(['convert', 'bad.yaml', '--to', 'json'], { cwd: folder });
    expect(stackTraceLines(bad.stderr)).toEqual([]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.yaml:2:1 error E_DUPLICATE_KEY');
  });

  it('convert carries comments over both ways: // lines to # lines at the same places and back, the batch unchanged', async () => {
    const folder = join(dir, 'convert-comments');
    mkdirSync(folder);
    const original = readFileSync(join(repoRoot, DUEL), 'utf8');
    const commented = `// Teaching scenario, annotated.\n${original}`
      .replace('  "formatVersion": 1,', '  // version of the file format\n  "formatVersion": 1, // never changes')
      .replace('"dist": { "type": "uniform", "min": 0.02, "max": 0.08 }', '"dist": { "type": "uniform", "min": 0.02, "max": 0.08 } /* wide on purpose */')
      .replace(/\n}\s*$/, '\n  // end of the scenario\n}\n');
    expect(commented.match(/(^|\s)(\/\/|\/\*)/gm)).toHaveLength(5);
    writeFileSync(join(folder, 'duel.json'), commented);
    const toYaml = await runParley(['convert', 'duel.json', '--to', 'yaml'], { cwd: folder });
    expect(toYaml.code, toYaml.stderr).toBe(0);
    const yaml = readFileSync(join(folder, 'duel.yaml'), 'utf8');
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/scenario\.schema\.json\n# Teaching scenario, annotated\.\n\n# version of the file format\nformatVersion: 1 # never changes\n/);
    expect(yaml).toContain('\n    dist: {type: uniform, min: 0.02, max: 0.08} # wide on purpose\n');
    expect(yaml).toMatch(/\n\n# end of the scenario\n$/);
    const [json, fromYaml] = await both((f) => ['run', f, '--runs', '300', '--seed', '8', '--json'], join(folder, 'duel.json'), join(folder, 'duel.yaml'));
    expect(withoutFile(fromYaml)).toEqual(withoutFile(json));
    const back = await runParley(['convert', 'duel.yaml', '--to', 'json', '--out', '-'], { cwd: folder });
    expect(back.code, back.stderr).toBe(0);
    expect(parseJsonc(back.stdout)).toEqual(parseJsonc(original));
    expect(back.stdout).toMatch(/^\/\/ Teaching scenario, annotated\.\n\{\n  "\$schema": "\.\.\/schema\/scenario\.schema\.json",\n  \/\/ version of the file format\n  "formatVersion": 1, \/\/ never changes\n/);
    expect(back.stdout).toContain('\n      "dist": { // wide on purpose\n        "type": "uniform",\n');
    expect(back.stdout).toMatch(/\n}\n\/\/ end of the scenario\n$/);
    const help = await runParley(['convert', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('with every value and comment kept: // and /* */ comments become # lines, # comments become // lines (JSON with comments');
  });
});
