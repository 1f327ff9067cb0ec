import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';
import { SimulationError } from '../../src/engine/simulation-error.js';
import { PlaySession } from '../../src/ui/play-session.js';
import { checkSavedGameScenario, parseSavedGame, savedGameOf, SAVE_FORMAT_VERSION } from '../../src/ui/saved-game.js';
import { chooseScriptedRound, formatSkippedEntry, parseScriptedMoves, unavailableReason } from '../../src/ui/scripted-moves.js';

const file = new URL('./fixtures/duel.json', import.meta.url).pathname;
function duel(): CompiledScenario {
  const { scenario, problems } = loadScenario(readFileSync(file, 'utf8'), file);
  if (!scenario) throw new Error(problems.map((p) => p.message).join('\n'));
  return scenario;
}
const options = { seed: '3', run: 0, strategy: 'playBoth' };

describe('PlaySession', () => {
  it('stops at the first round with the host to move, after the round events', () => {
    const s = new PlaySession(duel(), options);
    expect(s.sim.phase).toBe('moves');
    expect(s.history).toHaveLength(1);
    expect(s.log).toHaveLength(0);
    expect(s.sim.availableMoves().map((m) => m.id)).toEqual(['incumbent.offer', 'newcomer.shortlist']);
  });

  it('replays its own log to the same position and trace, for several seeds', () => {
    const scenario = duel();
    for (const seed of ['1', '2', '3', '4', '5', '6']) {
      const a = new PlaySession(scenario, { ...options, seed });
      const shortlist = scenario.moves.get('newcomer.shortlist')!;
      a.playRound(a.sim.isAvailable(shortlist) ? [{ move: shortlist }] : []);
      if (!a.done) a.playRound([]);
      if (!a.done && a.sim.isAvailable(scenario.moves.get('newcomer.offer')!)) a.playRound([{ move: scenario.moves.get('newcomer.offer')!, offer: { price: 480 } }]);
      const b = PlaySession.replay(scenario, { ...options, seed }, a.log);
      expect(b.sim.snapshot(), `seed ${seed}`).toEqual(a.sim.snapshot());
      expect(b.sim.trace, `seed ${seed}`).toEqual(a.sim.trace);
    }
  });

  it('undo returns to an earlier decision point with its world, tracks and trace, and forgets later rounds', () => {
    const scenario = duel();
    const s = new PlaySession(scenario, options);
    const start = s.sim.snapshot();
    const traceAtStart = [...s.sim.trace!];
    s.playRound([{ move: scenario.moves.get('newcomer.shortlist')! }]);
    s.playRound([]);
    expect(s.history).toHaveLength(3);
    s.undoTo(0);
    expect(s.sim.snapshot()).toEqual(start);
    expect(s.sim.trace).toEqual(traceAtStart);
    expect(s.log).toHaveLength(0);
    expect(s.history).toHaveLength(1);
  });

  it('the same moves after an undo bring the same luck back (draws are positional)', () => {
    const scenario = duel();
    const s = new PlaySession(scenario, options);
    const offer = { move: scenario.moves.get('incumbent.offer')!, offer: { price: 600 } };
    s.playRound([offer]);
    const after = s.sim.snapshot();
    s.undoTo(0);
    s.playRound([offer]);
    expect(s.sim.snapshot()).toEqual(after);
  });

  it('rejects a move that is not available and leaves the position as it was', () => {
    const scenario = duel();
    const s = new PlaySession(scenario, options);
    const before = s.sim.snapshot();
    expect(() => s.playRound([{ move: scenario.moves.get('newcomer.offer')! }])).toThrow(SimulationError);
    expect(s.sim.snapshot()).toEqual(before);
    expect(s.log).toHaveLength(0);
  });

  it('names the logged round that does not replay', () => {
    expect(() => PlaySession.replay(duel(), options, [[], [{ move: 'newcomer.offer' }]])).toThrow(/round 2 of the log/);
    expect(() => PlaySession.replay(duel(), options, [[{ move: 'nobody.nothing' }]])).toThrow(/no move 'nobody.nothing'/);
  });
});

describe('saved games', () => {
  it('round-trip through JSON with a format version, the scenario hash, seed, run, strategy, log and snapshots', () => {
    const scenario = duel();
    const s = new PlaySession(scenario, options);
    s.playRound([{ move: scenario.moves.get('newcomer.shortlist')! }]);
    const saved = savedGameOf(s);
    const { save, problem } = parseSavedGame(JSON.stringify(saved));
    expect(problem).toBeUndefined();
    expect(save).toMatchObject({ formatVersion: SAVE_FORMAT_VERSION, seed: '3', run: 0, strategy: 'playBoth', scenario: { hash: scenario.hash } });
    expect(save!.rounds).toEqual([[{ move: 'newcomer.shortlist' }]]);
    expect(save!.snapshots).toHaveLength(2);
    expect(checkSavedGameScenario(save!, scenario)).toBeUndefined();
    expect(PlaySession.replay(scenario, options, save!.rounds).sim.snapshot()).toEqual(s.sim.snapshot());
  });

  it('refuses a save from a newer format version, saying to upgrade', () => {
    const saved = { ...savedGameOf(new PlaySession(duel(), options)), formatVersion: SAVE_FORMAT_VERSION + 1 };
    const { problem } = parseSavedGame(JSON.stringify(saved));
    expect(problem?.code).toBe('E_SAVE_NEWER');
    expect(problem?.hint).toMatch(/upgrade/);
  });

  it('refuses a save made on a different scenario file', () => {
    const saved = { ...savedGameOf(new PlaySession(duel(), options)), scenario: { path: file, id: 'supplierDuel', hash: 'f'.repeat(64) } };
    const { save } = parseSavedGame(JSON.stringify(saved));
    expect(checkSavedGameScenario(save!, duel())?.code).toBe('E_SAVE_SCENARIO');
  });

  it('reports a file that is not a saved game', () => {
    expect(parseSavedGame('{').problem?.code).toBe('E_SAVE_JSON');
    expect(parseSavedGame('{"formatVersion": 1}').problem?.code).toBe('E_SAVE_FORMAT');
  });
});

describe('scripted moves', () => {
  it('reads rounds of moves and "wait"', () => {
    expect(parseScriptedMoves('[[{"move": "a.b", "offer": {"price": 1, "x": "y"}}], "wait", []]').rounds).toEqual([
      [{ alternatives: [{ move: 'a.b', offer: { price: 1, x: 'y' } }], ifAvailable: false }],
      [],
      [],
    ]);
  });

  it('reads moves marked "ifAvailable" and lists of alternatives', () => {
    const { rounds } = parseScriptedMoves('[[{"move": "a.b", "ifAvailable": true}, {"firstAvailable": [{"move": "c.d"}, {"move": "e.f", "offer": {"price": 2}}]}]]');
    expect(rounds).toEqual([
      [
        { alternatives: [{ move: 'a.b' }], ifAvailable: true },
        { alternatives: [{ move: 'c.d' }, { move: 'e.f', offer: { price: 2 } }], ifAvailable: false },
      ],
    ]);
    expect(parseScriptedMoves('[[{"firstAvailable": []}]]').problem?.message).toMatch(/round 1/);
    expect(parseScriptedMoves('[[{"move": "a.b", "ifAvailable": "yes"}]]').problem?.message).toMatch(/round 1/);
  });

  it('makes the first available alternative, skips an optional entry with the reason, and refuses a required one with a hint naming the option', () => {
    const scenario = duel();
    const session = new PlaySession(scenario, options);
    // Round 0: the newcomer's offer needs the shortlist first, so it is not available.
    const parsed = parseScriptedMoves(
      '[[{"move": "newcomer.offer", "ifAvailable": true}, {"firstAvailable": [{"move": "newcomer.offer"}, {"move": "newcomer.shortlist"}]}], [{"move": "newcomer.offer"}], [{"move": "incumbent.nothing", "ifAvailable": true}]]',
    ).rounds!;
    const first = chooseScriptedRound(scenario, session.sim, parsed[0]!);
    expect(first.round).toEqual([{ move: 'newcomer.shortlist' }]);
    expect(first.skipped).toEqual([{ entry: 0, moves: [{ move: 'newcomer.offer', reason: "track 'newcomer' is in 'bid'; the move is offered in 'shortlisted'" }] }]);
    expect(formatSkippedEntry(first.skipped![0]!)).toBe("newcomer.offer: track 'newcomer' is in 'bid'; the move is offered in 'shortlisted'");
    const required = chooseScriptedRound(scenario, session.sim, parsed[1]!);
    expect(required.unavailable?.message).toBe("move 'newcomer.offer' is not available now: track 'newcomer' is in 'bid'; the move is offered in 'shortlisted'");
    expect(required.unavailable?.hint).toContain('{"move": "newcomer.offer", "ifAvailable": true}');
    // A typo is an error even in an optional entry.
    expect(() => chooseScriptedRound(scenario, session.sim, parsed[2]!)).toThrow(/no move 'incumbent.nothing'/);
  });

  it('says a move is unavailable because its track has ended or its condition does not hold', () => {
    const scenario = duel();
    const session = new PlaySession(scenario, options);
    const offer = scenario.moves.get('newcomer.offer')!;
    session.playRound([{ move: scenario.moves.get('newcomer.shortlist')! }]);
    session.sim.restore({ ...session.sim.snapshot(), world: { ...session.sim.snapshot().world, newcomerShaky: true } });
    expect(unavailableReason(session.sim, offer)).toBe('its condition does not hold: !world.newcomerShaky');
    // Seed 6: the newcomer's financing collapses in the first round's events.
    const collapsed = new PlaySession(scenario, { ...options, seed: '6' });
    expect(unavailableReason(collapsed.sim, scenario.moves.get('newcomer.shortlist')!)).toBe("track 'newcomer' has ended (in 'collapsed')");
  });

  it('points at the round that is malformed', () => {
    expect(parseScriptedMoves('[[], [{"mvoe": "a.b"}]]').problem?.message).toMatch(/round 2/);
    expect(parseScriptedMoves('{"move": "a.b"}').problem?.message).toMatch(/top level/);
  });
});
