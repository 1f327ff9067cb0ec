import { describe, expect, it } from 'vitest';
import { codeGeneration } from '../../src/scenario/code-template.js';
import { compileFieldCopy, compileSource, generate } from '../../src/scenario/compile-source.js';
import { compileUtility, genericUtility } from '../../src/scenario/compile-utility.js';
import type { CompiledPreference } from '../../src/scenario/compiled-scenario.js';
import { load, loadFixture, repoRoot } from '../load-fixture.js';
import { runChildSync } from '../run-child.js';

const node = (op: string, args: unknown) => ({ op, args });
const worldField = (field: string) => node('.', [node('id', 'world'), field]);

/** Text that would break out of a string literal, a property name or a comment if pasted as code. */
const HOSTILE = [
  `"; process.exit(7); "`,
  `'); process.exit(7); ('`,
  '`${process.exit(7)}`',
  '\\"]; process.exit(7); //',
  '*/ process.exit(7) /*',
  'line\nbreak\u2028sep\u2029',
  '</script>',
];

describe('code generated from CEL syntax trees', () => {
  it('keeps every string from the file a string: hostile literals compare and return as themselves', () => {
    for (const text of HOSTILE) {
      const f = compileSource(node('==', [worldField('x'), node('value', text)]))!.evaluate;
      expect(f).toBeTypeOf('function');
      expect(f({ world: { x: text } })).toBe(true);
      expect(f({ world: { x: text + ' ' } })).toBe(false);
      const g = compileSource(node('value', text))!.evaluate;
      expect(g({})).toBe(text);
    }
  });

  it('keeps every name a property name, read as written', () => {
    for (const name of HOSTILE) {
      const f = compileSource(node('+', [worldField(name), node('value', 1)]))!.evaluate;
      expect(f({ world: { [name]: 41 } })).toBe(42);
      const has = compileSource(node('call', ['has', [worldField(name)]]))!.evaluate;
      expect(has({ world: { [name]: 0 } })).toBe(true);
      expect(has({ world: {} })).toBe(false);
    }
    // A variable name goes through the same quoting.
    expect(compileSource(node('id', 'a"]+process.exit(7)+s["b'))!.evaluate({ 'a"]+process.exit(7)+s["b': 5 })).toBe(5);
  });

  it('writes numbers exactly, including the ones JavaScript spells as names', () => {
    for (const v of [0, -0, 1.5, -2.25, 1e300, 5e-324, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity]) {
      expect(Object.is(compileSource(node('value', v))!.evaluate({}), v)).toBe(true);
    }
    // `x - -1` must not become `x--1`.
    expect(compileSource(node('-', [worldField('x'), node('value', -1)]))!.evaluate({ world: { x: 1 } })).toBe(2);
  });

  it('refuses what it does not know, so the caller falls back (closures, then cel-js)', () => {
    expect(compileSource(node('in', [node('value', 'a'), node('list', [])]))).toBeUndefined();
    expect(compileSource(node('call', ['size', [node('value', 'abc')]]))).toBeUndefined();
    expect(compileSource(node('call', ['min', [node('value', 1)]]))).toBeUndefined(); // wrong arity
    expect(compileSource(node('call', ['constructor', []]))).toBeUndefined();
    expect(compileSource(node('value', 3n))).toBeUndefined();
    expect(() => generate(node('.', [node('id', 'world'), 7]) as never)).toThrow();
  });

  it('short-circuits like CEL on booleans: && and || never read the right side when the left decides (generated and closures)', () => {
    const duel = JSON.parse(JSON.stringify(loadFixture('scenarios/supplier-duel.json').file));
    const cases = [
      { end: 'round > 2.0 && tracks.incumbent.rounds > 1.0', decided: { round: 1, value: false }, open: { round: 3, value: true } },
      { end: 'round < 2.0 || tracks.incumbent.rounds > 1.0', decided: { round: 1, value: true }, open: { round: 3, value: true } },
    ];
    for (const generated of [true, false]) {
      for (const c of cases) {
        codeGeneration.enabled = generated;
        let loaded;
        try {
          loaded = load(JSON.stringify({ ...duel, end: c.end }));
        } finally {
          codeGeneration.enabled = true;
        }
        const end = loaded.scenario?.end;
        if (!end) throw new Error(JSON.stringify(loaded.problems));
        expect(end.evaluate.name === 'celExpression').toBe(generated);
        const reads: string[] = [];
        const tracks = new Proxy({}, { get: (_t, k) => (reads.push(String(k)), { rounds: 5 }) });
        expect(end.evaluate({ round: c.decided.round, tracks })).toBe(c.decided.value);
        expect(reads).toEqual([]);
        expect(end.evaluate({ round: c.open.round, tracks })).toBe(c.open.value);
        expect(reads.length).toBe(1);
      }
    }
  });

  it('gives byte-identical batches in a process that forbids code generation (closures take over)', () => {
    const args = [`${repoRoot}bin/parley.js`, 'run', 'scenarios/turkey-rare-earths.yaml', '--runs', '300', '--seed', 'cg', '--workers', '1', '--json', '--quiet'];
    const env = { ...process.env, NO_COLOR: '1' };
    const normal = runChildSync(process.execPath, args, { cwd: repoRoot, env });
    const forbidden = runChildSync(process.execPath, ['--disallow-code-generation-from-strings', ...args], { cwd: repoRoot, env });
    expect(normal.code, normal.stderr).toBe(0);
    expect(forbidden.code, forbidden.stderr).toBe(0);
    expect(forbidden.stderr).toBe('');
    expect(forbidden.stdout).toBe(normal.stdout);
    expect(JSON.parse(normal.stdout).runs).toBe(300);
  });

  it('generates party utilities bit-identical to the generic loop, on every party of every shipped scenario', () => {
    for (const file of ['scenarios/turkey-rare-earths.yaml', 'scenarios/us-ukraine-minerals.json', 'scenarios/supplier-duel.json']) {
      const scenario = loadFixture(file);
      const issues = Object.entries(scenario.file.issues);
      let seed = 7;
      const rand = () => ((seed = (Math.imul(seed, 48271) >>> 0) % 2147483647), seed / 2147483647);
      for (const party of scenario.parties) {
        expect(party.utility?.name).toBe('partyUtility');
        for (let k = 0; k < 2000; k++) {
          const terms: Record<string, number | string> = {};
          for (const [issue, decl] of issues) {
            if (decl.type === 'number') terms[issue] = k % 97 === 0 ? NaN : decl.min - 5 + rand() * (decl.max - decl.min + 10);
            else terms[issue] = k % 89 === 0 ? 'notAValue' : decl.values[Math.floor(rand() * decl.values.length)]!;
          }
          expect(Object.is(party.utility!(terms), genericUtility(party, terms))).toBe(true);
        }
      }
    }
  });

  it('keeps hostile issue names and enum values data in generated utilities', () => {
    const preferences: CompiledPreference[] = [
      { issue: HOSTILE[0]!, weight: 2, best: 10, worst: 0 },
      { issue: HOSTILE[2]!, weight: 1, values: new Map([[HOSTILE[1]!, 0.5], [HOSTILE[4]!, 1], ['toString', 0.25]]) },
    ];
    const f = compileUtility(preferences, 3)!;
    for (const v of [HOSTILE[1]!, HOSTILE[4]!, 'toString', 'other']) {
      const terms = { [HOSTILE[0]!]: 7, [HOSTILE[2]!]: v };
      expect(f(terms)).toBe(genericUtility({ preferences, totalWeight: 3 }, terms));
    }
    expect(f({ [HOSTILE[0]!]: 5, [HOSTILE[2]!]: HOSTILE[4]! })).toBe((2 * 0.5 + 1) / 3);
  });

  it('copies named fields with generated code or a loop, hostile names included', () => {
    const names = ['price', ...HOSTILE];
    const from = Object.fromEntries(names.map((n, i) => [n, i % 2 ? `v${i}` : i * 1.5]));
    const generated = compileFieldCopy(names);
    codeGeneration.enabled = false;
    let loop;
    try {
      loop = compileFieldCopy(names);
    } finally {
      codeGeneration.enabled = true;
    }
    expect(generated.name).toBe('fieldCopy');
    expect(loop.name).toBe('loop');
    for (const copy of [generated, loop]) {
      const to: Record<string, unknown> = { other: 1 };
      copy(to, from);
      expect(to).toEqual({ other: 1, ...from });
    }
  });
});
