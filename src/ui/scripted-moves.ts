import { z } from 'zod';
import type { LoggedRound } from './play-session.js';

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

/** A problem with a `--moves` file, as data. */
export interface ScriptProblem {
  readonly message: string;
  readonly hint: string;
}

const HINT = 'the file is a JSON array of rounds, each an array of {"move": "track.move", "offer": {...}} or "wait"; e.g. [[{"move": "newcomer.shortlist"}], "wait"]';

/** Parses the moves of a scripted game. */
export function parseScriptedMoves(text: string): { rounds: LoggedRound[]; problem?: undefined } | { rounds?: undefined; problem: ScriptProblem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: { message: `the moves file is not JSON: ${(error as Error).message}`, hint: HINT } };
  }
  const parsed = loggedRoundsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `round ${Number(issue.path[0]) + 1}${issue.path.length > 1 ? ` (${issue.path.slice(1).join('.')})` : ''}` : 'the top level';
    return { problem: { message: `the moves file is invalid at ${where}: ${issue.message}`, hint: HINT } };
  }
  return { rounds: parsed.data };
}
