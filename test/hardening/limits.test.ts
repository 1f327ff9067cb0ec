import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { limits } from '../../src/scenario/limits.js';
import { runParley, stackTraceLines } from './run-parley.js';

/**
 * The limits in src/scenario/limits.ts, each pushed past its bound by a generated file (too big to
 * commit): the CLI must answer with a located message, exit 2, no stack trace, and no hang.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A small valid scenario, as an object to enlarge. */
function scenario(): Record<string, any> {
  return {
    formatVersion: 1,
    id: 'limits',
    title: 'Limits',
    question: 'Is every limit enforced?',
    clock: { start: '2026-01', horizon: 6 },
    world: { x: { type: 'number', initial: 0 } },
    parties: { me: { label: 'Me', role: 'host' }, them: { label: 'Them', role: 'counterpart' } },
    tracks: {
      main: {
        label: 'Main',
        counterpart: 'them',
        machine: { initial: 'open', states: { open: { on: { AGREE: 'done' } }, done: { type: 'final' } } },
        moves: { ask: { label: 'Ask', responses: [{ p: 0.5, event: 'AGREE' }, { label: 'no' }] } },
      },
    },
    strategies: { s: { label: 'S', rules: [{ move: 'main.ask' }] } },
    outcomes: { deal: { label: 'Deal', when: 'tracks.main.done' }, none: { label: 'None' } },
  };
}

/** 1-based line and column of the first occurrence of `needle` in `text`, plus `shift` characters. */
function position(text: string, needle: string, shift = 0): string {
  const found = text.indexOf(needle);
  if (found < 0) throw new Error(`'${needle}' not in the generated file`);
  const i = found + shift;
  const before = text.slice(0, i);
  return `${before.split('\n').length}:${i - before.lastIndexOf('\n')}`;
}

async function expectRejected(file: string, code: string, at: string, timeout?: number): Promise<string> {
  const r = await runParley(['validate', file], { timeout });
  expect(stackTraceLines(r.stderr)).toEqual([]);
  expect(r.code, r.stderr).toBe(2);
  const line = r.stderr.split('\n').find((l) => l.startsWith(`${file}:${at} `) && l.includes(code));
  expect(line, `expected ${code} at ${file}:${at} in:\n${r.stderr.slice(0, 2000)}`).toBeDefined();
  return line!;
}

describe('limits on what a scenario file may ask', () => {
  it(`rejects a 10 MB file before parsing it (limit ${limits.fileBytes} bytes)`, async () => {
    const s = scenario();
    s.description = 'x'.repeat(10_000_000);
    const file = write('huge.json', JSON.stringify(s));
    const line = await expectRejected(file, 'E_FILE_TOO_LARGE', '1:1');
    expect(line).toContain(String(limits.fileBytes));
  });

  it(`rejects nesting 10,000 levels deep where it passes ${limits.nesting} levels`, async () => {
    const text = `{"formatVersion": 1, "deep": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const file = write('deep.json', text);
    // The object is level 1; the (nesting)th bracket of the array is where the limit is passed.
    await expectRejected(file, 'E_TOO_DEEP', `1:${text.indexOf('[') + limits.nesting}`);
  });

  it(`rejects a YAML file a million "- " levels deep where it passes ${limits.nesting} levels, before parsing it`, async () => {
    const text = `formatVersion: 1\ndeep: ${'- '.repeat(1_000_000)}x\n`;
    const file = write('deep.yaml', text);
    // The mapping is level 1; the (nesting)th dash is where the limit is passed.
    await expectRejected(file, 'E_TOO_DEEP', `2:${'deep: '.length + 2 * (limits.nesting - 1) + 1}`);
  });

  it('answers a YAML file of a million stray closing brackets with its first syntax errors, not a hang', async () => {
    const file = write('closers.yaml', `formatVersion: 1\n${']'.repeat(1_000_000)}\n`);
    const line = await expectRejected(file, 'E_YAML_SYNTAX', '2:1');
    expect(line).toContain('Unexpected');
  });

  it(`rejects a machine with 100,000 states (limit ${limits.statesPerTrack}) at its "states", quickly`, async () => {
    const s = scenario();
    const states: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) states[`s${i}`] = { on: { GO: `s${i + 1}` } };
    states['s100000'] = { type: 'final' };
    s.tracks.main.machine = { initial: 's0', states };
    s.tracks.main.moves = {};
    s.strategies.s.rules = [{ move: 'wait' }];
    const text = JSON.stringify(s); // compact: 100,000 states fit under the file size limit
    const file = write('states.json', text);
    // Quickly: well within the time building 100,000 states would take, even on a loaded machine.
    const line = await expectRejected(file, 'E_LIMIT', position(text, '"states":{"s0"', '"states":'.length), 120_000);
    expect(line).toContain(`limit of ${limits.statesPerTrack}`);
  });

  it(`rejects more than ${limits.tracks} tracks, ${limits.movesPerTrack} moves on a track and ${limits.events} events`, async () => {
    const s = scenario();
    for (let i = 0; i < limits.tracks; i++) s.tracks[`t${i}`] = { ...s.tracks.main, moves: {} };
    for (let i = 0; i <= limits.movesPerTrack; i++) s.tracks.main.moves[`m${i}`] = { label: 'M', responses: [{ label: 'r' }] };
    s.events = {};
    for (let i = 0; i <= limits.events; i++) s.events[`e${i}`] = { label: 'E', at: 0 };
    const text = JSON.stringify(s, null, 1);
    const file = write('counts.json', text);
    // Each count is reported at the object that holds too many entries.
    await expectRejected(file, 'E_LIMIT', position(text, '"tracks": {', '"tracks": '.length));
    await expectRejected(file, 'E_LIMIT', position(text, '"moves": {', '"moves": '.length));
    await expectRejected(file, 'E_LIMIT', position(text, '"events": {', '"events": '.length));
  });

  it(`rejects a horizon above ${limits.rounds} rounds`, async () => {
    const s = scenario();
    s.clock.horizon = limits.rounds + 1;
    const text = JSON.stringify(s, null, 1);
    const file = write('horizon.json', text);
    await expectRejected(file, 'E_SCHEMA', position(text, String(limits.rounds + 1)));
  });

  it(`rejects an expression longer than ${limits.expressionLength} characters`, async () => {
    const s = scenario();
    const long = Array.from({ length: 200 }, () => 'world.x').join(' + ') + ' > 0';
    expect(long.length).toBeGreaterThan(limits.expressionLength);
    s.outcomes.deal.when = long;
    const text = JSON.stringify(s, null, 1);
    const file = write('long.json', text);
    await expectRejected(file, 'E_SCHEMA', position(text, `"${long.slice(0, 20)}`));
  });

  it(`rejects an expression nested deeper than ${limits.expressionDepth} levels`, async () => {
    const s = scenario();
    s.outcomes.deal.when = `${'abs('.repeat(limits.expressionDepth + 10)}world.x${')'.repeat(limits.expressionDepth + 10)} > 0`;
    const text = JSON.stringify(s, null, 1);
    const file = write('deep-expression.json', text);
    const r = await runParley(['validate', file]);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(r.code, r.stderr).toBe(2);
    const [line, column] = position(text, '"abs(abs(').split(':').map(Number) as [number, number];
    // Reported inside the run of calls, where the depth passes the limit.
    const m = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:(\\d+) error E_EXPR_TOO_COMPLEX`, 'm').exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(column);
    expect(Number(m![1])).toBeLessThanOrEqual(column + 4 * (limits.expressionDepth + 10));
  });

  it(`stops a run whose tracks receive more than ${limits.stepsPerRun} events, naming track and state`, async () => {
    const s = scenario();
    s.clock.horizon = limits.rounds;
    s.tracks.main.machine = { initial: 'open', states: { open: { on: { NUDGE: 'ajar' } }, ajar: { on: { NUDGE: 'open' } } } };
    s.tracks.main.moves = {};
    s.tracks.side = { ...s.tracks.main };
    s.tracks.third = { ...s.tracks.main };
    s.strategies.s.rules = [{ move: 'wait' }];
    // 100 events a round, each nudging every track 5 times: 1,500 deliveries a round, under the
    // per-step signal limit, over the per-run budget within the horizon.
    s.events = {};
    for (let i = 0; i < 100; i++) {
      s.events[`e${i}`] = { label: 'E', once: false, signals: Array.from({ length: 5 }, () => ({ to: '*', event: 'NUDGE' })) };
    }
    const file = write('busy.json', JSON.stringify(s, null, 1));
    expect((await runParley(['validate', file])).code).toBe(0);
    // A batch keeps no trace (a single run would first hit the trace's own limit, E_TRACE_LIMIT).
    const r = await runParley(['run', file, '--seed', '1', '--runs', '1', '--workers', '1', '--quiet']);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^parley: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ E_STEP_BUDGET: track '\\w+', state '(open|ajar)'`, 'm'));
  });
});
