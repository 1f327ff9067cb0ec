import { z } from 'zod';
import type { CompiledMove, CompiledScenario } from '../scenario/compiled-scenario.js';
import type { Simulation } from '../engine/simulation.js';
import { SimulationError } from '../engine/simulation-error.js';
import type { LoggedMove, LoggedRound } from './play-session.js';

const offerValue = z.union([z.number(), z.string()]);

const loggedMoveSchema = z.strictObject({
  move: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/, 'a move is "track.move"'),
  offer: z.record(z.string(), offerValue).optional(),
});

/** Rounds as written in a `--moves` file or a saved game: each an array of moves, or "wait". */
export const loggedRoundsSchema = z
  .array(z.union([z.literal('wait'), z.array(loggedMoveSchema)]))
  .max(100_000)
  .transform((rounds): LoggedRound[] => rounds.map((r) => (r === 'wait' ? [] : r)));

/**
 * One entry of a scripted round: the moves to try in order (the first one available now is made)
 * and whether the entry may be skipped when none is available.
 */
export interface ScriptedEntry {
  readonly alternatives: readonly LoggedMove[];
  readonly ifAvailable: boolean;
}

/** The host's entries for one round of a `--moves` file; empty means the host waits. */
export type ScriptedRound = readonly ScriptedEntry[];

const MAX_ALTERNATIVES = 100;

const scriptedEntrySchema = z.union([
  loggedMoveSchema.extend({ ifAvailable: z.boolean().optional() }).transform(({ ifAvailable, ...move }): ScriptedEntry => ({ alternatives: [move], ifAvailable: ifAvailable ?? false })),
  z
    .strictObject({ firstAvailable: z.array(loggedMoveSchema).min(1).max(MAX_ALTERNATIVES), ifAvailable: z.boolean().optional() })
    .transform((e): ScriptedEntry => ({ alternatives: e.firstAvailable, ifAvailable: e.ifAvailable ?? false })),
]);

/**
 * Rounds as written in a `--moves` file: each an array of entries, or "wait". An entry is a move
 * (`{"move": "us.offer", "offer": {...}}`), optionally `"ifAvailable": true` to skip it when the move
 * is not available in that round, or `{"firstAvailable": [move, move, ...]}` to make the first of
 * several that is available (with `"ifAvailable": true`, none at all is fine too).
 */
export const scriptedRoundsSchema = z
  .array(z.union([z.literal('wait'), z.array(scriptedEntrySchema)]))
  .max(100_000)
  .transform((rounds): ScriptedRound[] => rounds.map((r) => (r === 'wait' ? [] : r)));

/** A problem with a `--moves` file, as data. */
export interface ScriptProblem {
  readonly message: string;
  readonly hint: string;
}

const HINT =
  'the file is a JSON array of rounds, each an array of {"move": "track.move", "offer": {...}} (add "ifAvailable": true to skip a move that is not available, or write {"firstAvailable": [{"move": ...}, ...]} to make the first available of several) or "wait"; e.g. [[{"move": "newcomer.shortlist"}], "wait"]';

/** Parses the moves of a scripted game. */
export function parseScriptedMoves(text: string): { rounds: ScriptedRound[]; problem?: undefined } | { rounds?: undefined; problem: ScriptProblem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: { message: `the moves file is not JSON: ${(error as Error).message}`, hint: HINT } };
  }
  const parsed = scriptedRoundsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `round ${Number(issue.path[0]) + 1}${issue.path.length > 1 ? ` (${issue.path.slice(1).join('.')})` : ''}` : 'the top level';
    return { problem: { message: `the moves file is invalid at ${where}: ${issue.message}`, hint: HINT } };
  }
  return { rounds: parsed.data };
}

/** A scripted entry that was not played because none of its moves was available, and why. */
export interface SkippedEntry {
  /** The entry's position in its round (0-based). */
  readonly entry: number;
  /** Each move of the entry with the reason it was not available. */
  readonly moves: readonly { readonly move: string; readonly reason: string }[];
}

/** Why a move cannot be made now, in words: its track has ended, is in another state, or its condition does not hold. */
export function unavailableReason(sim: Simulation, move: CompiledMove): string {
  const track = sim.trackView(move.track);
  if (track.done) return `track '${track.id}' has ended (in '${track.state}')`;
  if (!sim.isOffered(move)) return `track '${track.id}' is in '${track.state}'; the move is offered in ${move.in!.map((s) => `'${s}'`).join(', ')}`;
  return `its condition does not hold: ${move.when?.source ?? 'false'}`;
}

/** A scripted entry none of whose moves is available, and that may not be skipped: what to say and how to fix it. */
export interface UnavailableEntry {
  readonly entry: number;
  readonly message: string;
  readonly hint: string;
}

/**
 * The moves of one scripted round at the current position: for each entry, its first move that is
 * available now. An entry with none available is skipped (and reported) when marked `ifAvailable`;
 * otherwise the round is refused with the reason and a hint naming the option. A move the scenario
 * does not have is a SimulationError either way: a typo is not an unavailable move.
 */
export function chooseScriptedRound(
  scenario: CompiledScenario,
  sim: Simulation,
  round: ScriptedRound,
): { round: LoggedRound; skipped: SkippedEntry[]; unavailable?: undefined } | { round?: undefined; skipped?: undefined; unavailable: UnavailableEntry } {
  const chosen: LoggedMove[] = [];
  const skipped: SkippedEntry[] = [];
  for (let i = 0; i < round.length; i++) {
    const entry = round[i]!;
    const reasons: { move: string; reason: string }[] = [];
    let made = false;
    for (const m of entry.alternatives) {
      const move = scenario.moves.get(m.move);
      if (!move) throw new SimulationError('E_MOVE', `no move '${m.move}'; moves are ${[...scenario.moves.keys()].join(', ')}`);
      if (sim.isAvailable(move)) {
        chosen.push(m);
        made = true;
        break;
      }
      reasons.push({ move: m.move, reason: unavailableReason(sim, move) });
    }
    if (made) continue;
    if (entry.ifAvailable) {
      skipped.push({ entry: i, moves: reasons });
      continue;
    }
    const first = entry.alternatives[0]!.move;
    return {
      unavailable: {
        entry: i,
        message: reasons.map((r) => `move '${r.move}' is not available now: ${r.reason}`).join('; '),
        hint:
          entry.alternatives.length > 1
            ? 'add "ifAvailable": true to the entry to skip it when none of its moves is available'
            : `to skip it when it is not available, write {"move": "${first}", "ifAvailable": true}; to fall back on other moves, {"firstAvailable": [{"move": "${first}"}, {"move": "..."}]}`,
      },
    };
  }
  return { round: chosen, skipped };
}

/** A skipped entry in words, e.g. "us.offer: track 'us' has ended (in 'lost')". */
export function formatSkippedEntry(s: SkippedEntry): string {
  return s.moves.map((m) => `${m.move}: ${m.reason}`).join('; ');
}
