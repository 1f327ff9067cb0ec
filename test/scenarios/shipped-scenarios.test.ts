import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';
import { parley } from '../cli/run-cli.js';

// Every scenario in scenarios/ is something users start from: it must validate, lint clean under
// --strict, give byte-identical batch results for the same seed whatever the worker count, and
// meet its own expectations (the last is `parley test`, run in test/lint/authoring-commands.test.ts).
const files = readdirSync(`${repoRoot}scenarios`)
  .filter((f) => /\.(json|ya?ml)$/.test(f))
  .map((f) => `scenarios/${f}`);

describe('the scenarios in scenarios/', () => {
  it('includes the flagship, a real negotiation from the public record and the teaching scenario', () => {
    expect(files).toEqual(expect.arrayContaining(['scenarios/turkey-rare-earths.yaml', 'scenarios/us-ukraine-minerals.json', 'scenarios/supplier-duel.json']));
  });

  for (const file of files) {
    it(`${file} validates and lints clean under --strict`, () => {
      const r = parley(['lint', '--strict', file]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    });

    it(`${file} gives byte-identical batch results on 1 and 2 workers`, () => {
      const one = parley(['run', file, '--runs', '600', '--seed', 'ship', '--workers', '1', '--strategy', 'all', '--json', '--quiet']);
      const two = parley(['run', file, '--runs', '600', '--seed', 'ship', '--workers', '2', '--strategy', 'all', '--json', '--quiet']);
      expect(one.code, one.stderr).toBe(0);
      expect(two.stdout).toBe(one.stdout);
      expect(JSON.parse(one.stdout).runs).toBe(600);
    });
  }
});
