import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';
import { parley } from '../cli/run-cli.js';
import { ENGINE_VERSION } from '../../src/engine/engine-version.js';

// Speed work must not change results: a batch of every shipped scenario (every strategy, 1,000
// runs, one seed) must hash to the value recorded for this engine version. When results change on
// purpose (an engine change that bumps ENGINE_VERSION, or an edited scenario), record the new hashes
// with `UPDATE_GOLDEN=1 npx vitest run test/scenarios/golden-batches.test.ts` and say why in the commit.
const GOLDEN = `${repoRoot}test/fixtures/golden/batches.json`;
const scenarios = [
  'scenarios/turkey-rare-earths.yaml',
  'scenarios/us-ukraine-minerals.json',
  'scenarios/supplier-duel.json',
  'scenarios/mp-materials-dod.json',
  'scenarios/codelco-sqm-lithium.json',
];

function batchHash(file: string): { hash: string; out: string } {
  const r = parley(['run', file, '--runs', '1000', '--seed', 'golden', '--workers', '2', '--strategy', 'all', '--json', '--quiet']);
  if (r.code !== 0) throw new Error(r.stderr);
  return { hash: createHash('sha256').update(r.stdout).digest('hex'), out: r.stdout };
}

describe('golden batches (results unchanged by refactoring and optimisation)', () => {
  const recorded = existsSync(GOLDEN) ? (JSON.parse(readFileSync(GOLDEN, 'utf8')) as { engineVersion: string; sha256: Record<string, string> }) : undefined;

  if (process.env.UPDATE_GOLDEN === '1') {
    it('records the hashes', () => {
      const sha256 = Object.fromEntries(scenarios.map((f) => [f, batchHash(f).hash]));
      writeFileSync(GOLDEN, JSON.stringify({ engineVersion: ENGINE_VERSION, sha256 }, null, 2) + '\n');
    });
    return;
  }

  it('has hashes recorded for this engine version', () => {
    expect(recorded?.engineVersion).toBe(ENGINE_VERSION);
  });

  for (const file of scenarios) {
    it(`${file}: a 1,000-run batch of every strategy hashes as recorded`, () => {
      const { hash, out } = batchHash(file);
      expect(JSON.parse(out).runs).toBe(1000);
      expect(hash, 'results changed: see the comment at the top of this file').toBe(recorded?.sha256[file]);
    });
  }
});
