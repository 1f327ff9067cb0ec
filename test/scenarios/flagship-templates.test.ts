import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';
import { parseSourceDocument } from '../../src/scenario/source-document.js';
import { expandScenario } from '../../src/scenario/expand-scenario.js';

/** The file as the loader sees it once templates and guard shorthands are expanded. */
function expanded(relative: string): unknown {
  const { document, problems } = parseSourceDocument(readFileSync(`${repoRoot}${relative}`, 'utf8'), relative);
  expect(problems).toEqual([]);
  const result = expandScenario(document);
  expect(result.problems).toEqual([]);
  return result.document.value;
}

describe('the flagship written with a track template and guard shorthands', () => {
  // test/fixtures/golden/turkey-rare-earths.expanded.json is the flagship as it was written before
  // (every track in full, every guard in the long form): the rewrite must mean exactly the same.
  it('expands to the flagship written out, key for key and in the same order', () => {
    // The YAML file names its schema in the editors' comment, not in a "$schema" key.
    const now = expanded('scenarios/turkey-rare-earths.yaml');
    const { $schema, ...before } = expanded('test/fixtures/golden/turkey-rare-earths.expanded.json') as Record<string, unknown>;
    expect(readFileSync(`${repoRoot}scenarios/turkey-rare-earths.yaml`, 'utf8').split('\n')[0]).toBe(`# yaml-language-server: $schema=${$schema as string}`);
    expect(now).toEqual(before);
    expect(JSON.stringify(now)).toBe(JSON.stringify(before));
  });

  it('makes its four partner tracks from one template and writes guards as CEL strings', () => {
    const text = readFileSync(`${repoRoot}scenarios/turkey-rare-earths.yaml`, 'utf8');
    const written = parseSourceDocument(text, 'turkey-rare-earths.yaml').document.value as { tracks: Record<string, { use?: string }> };
    for (const id of ['china', 'russia', 'us', 'canadaSwiss']) expect(written.tracks[id]?.use).toBe('stageLadder');
    expect(text).not.toMatch(/type: when|"type": "when"/);
  });

  it('shares strategy rules through a rule set and move lists, and gives judgements a range', () => {
    const text = readFileSync(`${repoRoot}scenarios/turkey-rare-earths.yaml`, 'utf8');
    const written = parseSourceDocument(text, 'turkey-rare-earths.yaml').document.value as {
      ruleSets: Record<string, unknown[]>;
      strategies: Record<string, { rules: { use?: string; move?: unknown }[] }>;
      parameters: Record<string, { range?: unknown; low?: unknown }>;
    };
    expect(written.strategies.westFirst!.rules[0]).toEqual({ use: 'westCore' });
    expect(written.strategies.playChinaCard!.rules[0]).toEqual({ use: 'westCore' });
    expect(Object.values(written.strategies).some((s) => s.rules.some((r) => Array.isArray(r.move)))).toBe(true);
    expect(Object.values(written.parameters).filter((p) => p.low !== undefined)).toEqual([]);
  });

  it('is at least 35% shorter than the same scenario written out as JSON', () => {
    const lines = (relative: string): number => readFileSync(`${repoRoot}${relative}`, 'utf8').trimEnd().split('\n').length;
    const now = lines('scenarios/turkey-rare-earths.yaml');
    const before = lines('test/fixtures/golden/turkey-rare-earths.expanded.json');
    expect(before).toBe(3822);
    expect(now / before).toBeLessThanOrEqual(0.65);
  });
});
