import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PolicySearchResult } from '../../src/analysis/policy-search.js';
import { parley } from '../cli/run-cli.js';

const fixture = 'test/fixtures/optimize/posted-price.json';
const out = mkdtempSync(join(tmpdir(), 'parley-optimize-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('parley optimize (CLI)', () => {
  it('finds the best posted price, writes optimize.json and the strategy block, and gives the same JSON on 1 and 2 workers', () => {
    const args = ['optimize', fixture, '--strategy', 'posted', '--objective', 'mean:revenue', '--budget-runs', '6000', '--seed', 'cli'];
    const text = parley([...args, '--workers', '2', '--out', out]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Top policies/);
    expect(text.stdout).toMatch(/The winner beats cheap on fresh runs/);
    expect(text.stdout).toMatch(/"postedTuned"/);
    expect(text.stderr).toMatch(/parley: race: rung 1/);
    const written = JSON.parse(readFileSync(join(out, 'optimize.json'), 'utf8')) as PolicySearchResult;
    expect(written).toMatchObject({ format: 'parley-optimize', version: 1, seed: 'cli', strategy: 'posted', objective: { text: 'mean:revenue' } });
    expect(written.scenario.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.abs((written.top[0]!.knobs.price as number) - 50)).toBeLessThanOrEqual(5);
    const block = JSON.parse(readFileSync(join(out, 'best-policy.json'), 'utf8')) as Record<string, { knobs: { price: { default: number } } }>;
    expect(block.postedTuned!.knobs.price.default).toBe(written.top[0]!.knobs.price);
    const one = parley([...args, '--workers', '1', '--json']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe(readFileSync(join(out, 'optimize.json'), 'utf8'));
  });

  it('parley report turns the optimize --out folder into an HTML leaderboard with the confirmation, escaped and offline', () => {
    // Runs after the test above, which wrote optimize.json to `out`.
    const written = JSON.parse(readFileSync(join(out, 'optimize.json'), 'utf8')) as PolicySearchResult;
    const page = join(out, 'optimize.html');
    const r = parley(['report', out, '-o', page]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('from optimize.json');
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('<h2>Best policy search: posted</h2>');
    expect(html).toContain(`<td>${written.top[0]!.knobs.price}</td>`);
    expect(html).toContain('The winner beats cheap on fresh runs');
    expect(html).toContain(`${written.confirmation.runs.toLocaleString('en-US')} runs of seed cli/confirm`);
    expect(html).toContain('&quot;postedTuned&quot;');
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    expect(html).not.toMatch(/<script/);
    // A tampered file is refused with exit 2.
    writeFileSync(join(out, 'optimize.json'), JSON.stringify({ ...written, version: 9 }));
    const bad = parley(['report', out, '-o', page]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('has version 9; this parley reads version 1');
    writeFileSync(join(out, 'optimize.json'), JSON.stringify(written, null, 2) + '\n');
  });

  it('refuses a strategy without knobs and an unknown objective with exit 2, a hint and no stack trace', () => {
    const none = parley(['optimize', fixture, '--strategy', 'cheap', '--budget-runs', '1000']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/strategy 'cheap' has no knobs/);
    expect(none.stderr).toMatch(/posted, postedTone/);
    expect(none.stderr).not.toMatch(/\n\s+at /);
    const objective = parley(['optimize', fixture, '--strategy', 'posted', '--objective', 'mean:profit']);
    expect(objective.code).toBe(2);
    expect(objective.stderr).toMatch(/no metric 'profit'/);
  });
});
