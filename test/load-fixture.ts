import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/scenario/load-scenario.js';
import type { CompiledScenario } from '../src/scenario/compiled-scenario.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Loads a scenario by path relative to the repo root; fails the test with its problems if invalid. */
export function loadFixture(relative: string): CompiledScenario {
  const file = `${repoRoot}${relative}`;
  const { scenario, problems } = loadScenario(readFileSync(file, 'utf8'), relative);
  if (!scenario) throw new Error(`fixture ${relative} does not load:\n${problems.map((p) => `${p.location.line}:${p.location.column} ${p.code} ${p.message}`).join('\n')}`);
  return scenario;
}

/** Loads scenario text given inline (tests of the loader). */
export function load(text: string, file = 'inline.json') {
  return loadScenario(text, file);
}
