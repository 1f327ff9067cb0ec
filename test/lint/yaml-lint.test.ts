import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, stringify, type Node } from 'yaml';
import { repoRoot } from '../load-fixture.js';
import { loadScenarioWithDocument } from '../../src/scenario/load-scenario-with-document.js';
import { lintScenario } from '../../src/lint/lint-scenario.js';
import type { ScenarioProblem } from '../../src/scenario/scenario-error.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The clean lint fixture with changes that trigger warnings located at values and at keys. */
function flawed(): Json {
  const s = JSON.parse(readFileSync(`${repoRoot}test/fixtures/lint/clean.json`, 'utf8')) as Json;
  const states = s.tracks.vendor.machine.states;
  states.limbo = { on: { TICK: 'walked' } };
  states.talks.on.FREEZE = 'walked';
  s.world.unused = { type: 'number', initial: 0 };
  return s;
}

function lint(text: string, file: string): ScenarioProblem[] {
  const { scenario, document, problems } = loadScenarioWithDocument(text, file);
  if (!scenario || !document) throw new Error(`${file} does not load: ${problems.map((p) => `${p.code} ${p.message}`).join('; ')}`);
  return lintScenario(scenario, document, { exploreRuns: 80, strategyRuns: 20 });
}

/** Where the yaml package itself puts the node at path, or its key: computed apart from YamlDocument. */
function yamlPosition(text: string, path: readonly (string | number)[], atKey: boolean): string {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  let node: Node | undefined;
  if (atKey) {
    const parent = doc.getIn(path.slice(0, -1), true);
    if (!isMap(parent)) throw new Error(`no mapping at ${path.join('.')}`);
    node = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1])?.key as Node | undefined;
  } else node = doc.getIn(path, true) as Node | undefined;
  const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
  return `${line}:${col}`;
}

describe('lint on a YAML scenario', () => {
  const value = flawed();
  const jsonText = JSON.stringify(value, null, 2);
  const yamlText = stringify(value);
  const fromJson = lint(jsonText, 'flawed.json');
  const fromYaml = lint(yamlText, 'flawed.yaml');

  it('finds the same warnings as on the JSON it was written from (the check is not vacuous)', () => {
    const codes = fromJson.map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['W_UNREACHABLE_STATE', 'W_EVENT_NEVER_SENT', 'W_UNUSED_WORLD_VARIABLE']));
    const gist = (ps: ScenarioProblem[]) => ps.map((p) => ({ code: p.code, path: p.path, message: p.message, hint: p.hint }));
    expect(gist(fromYaml)).toEqual(gist(fromJson));
  });

  it('puts each warning on the YAML line of the value or key the JSON warning points at', () => {
    const jsonLines = jsonText.split('\n');
    for (const [i, p] of fromYaml.entries()) {
      const j = fromJson[i]!.location;
      // A warning at a key points at its opening quote in JSON; at a value, at the value.
      const atKey = /^\s*"[^"]*":/.test(jsonLines[j.line - 1]!.slice(j.column - 1)) && typeof p.path[p.path.length - 1] === 'string' && jsonLines[j.line - 1]!.slice(j.column).startsWith(`${String(p.path[p.path.length - 1])}"`);
      expect(`${p.location.line}:${p.location.column}`, `${p.code} at ${p.path.join('.')}`).toBe(yamlPosition(yamlText, p.path, atKey));
    }
  });
});
