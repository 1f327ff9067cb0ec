import { renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { SimulationSnapshot } from '../engine/simulation.js';
import { ENGINE_VERSION } from '../engine/engine-version.js';
import type { LoggedRound, PlaySession } from './play-session.js';
import { loggedRoundsSchema } from './scripted-moves.js';

/** Bumped when the saved-game layout changes; a newer file is refused rather than misread. */
export const SAVE_FORMAT_VERSION = 1;

/**
 * A saved play-through. The replay log (`rounds`) is the truth: loading replays it on (seed, run),
 * which reproduces the game exactly; the decision-point snapshots are kept to check the replay and
 * for tools that want positions without running the engine. `rounds` has the `--moves` file format,
 * so a saved game's moves can be replayed headless.
 */
export interface SavedGame {
  readonly formatVersion: number;
  readonly kind: 'parley-saved-game';
  readonly engineVersion: string;
  readonly savedAt: string;
  readonly scenario: { readonly path: string; readonly id: string; readonly hash: string };
  readonly seed: string;
  readonly run: number;
  readonly strategy: string;
  readonly rounds: readonly LoggedRound[];
  readonly snapshots: readonly SimulationSnapshot[];
}

/** What is wrong with a saved game, as data; the CLI formats it. */
export interface SaveProblem {
  readonly code: 'E_SAVE_JSON' | 'E_SAVE_FORMAT' | 'E_SAVE_NEWER' | 'E_SAVE_SCENARIO' | 'E_SAVE_REPLAY';
  readonly message: string;
  readonly hint?: string;
}

const snapshotSchema = z.looseObject({
  round: z.number().int().min(0),
  phase: z.enum(['start', 'moves', 'done']),
  world: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
  tracks: z.array(z.looseObject({ state: z.string() })),
  traceLength: z.number().int().min(0),
});

const savedGameSchema = z.looseObject({
  formatVersion: z.number().int().min(1),
  kind: z.literal('parley-saved-game'),
  engineVersion: z.string(),
  savedAt: z.string(),
  scenario: z.looseObject({ path: z.string(), id: z.string(), hash: z.string() }),
  seed: z.string(),
  run: z.number().int().min(0),
  strategy: z.string(),
  rounds: loggedRoundsSchema,
  snapshots: z.array(snapshotSchema),
});

/** The saved form of a session. */
export function savedGameOf(session: PlaySession): SavedGame {
  const { scenario, options } = session;
  return {
    formatVersion: SAVE_FORMAT_VERSION,
    kind: 'parley-saved-game',
    engineVersion: ENGINE_VERSION,
    savedAt: new Date().toISOString(),
    scenario: { path: scenario.path, id: scenario.file.id, hash: scenario.hash },
    seed: options.seed,
    run: options.run,
    strategy: options.strategy,
    rounds: session.log.map((r) => r.map((m) => ({ ...m }))),
    snapshots: [...session.history],
  };
}

/** Writes a saved game atomically (a temporary file renamed over the target). */
export function writeSavedGame(file: string, save: SavedGame): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(save, null, 2) + '\n');
  renameSync(tmp, file);
}

/** Parses a saved game's text; refuses files from a newer format version. */
export function parseSavedGame(text: string): { save: SavedGame; problem?: undefined } | { save?: undefined; problem: SaveProblem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: { code: 'E_SAVE_JSON', message: `not a saved game: ${(error as Error).message}` } };
  }
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version > SAVE_FORMAT_VERSION) {
    return {
      problem: {
        code: 'E_SAVE_NEWER',
        message: `the saved game has format version ${version}; this parley reads up to ${SAVE_FORMAT_VERSION}`,
        hint: 'it was written by a newer parley; upgrade parley to load it',
      },
    };
  }
  const parsed = savedGameSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: { code: 'E_SAVE_FORMAT', message: `not a valid saved game: ${issue.path.join('.') || '(top level)'}: ${issue.message}` } };
  }
  return { save: parsed.data as unknown as SavedGame };
}

/** Checks that a saved game belongs to this scenario file (same bytes). */
export function checkSavedGameScenario(save: SavedGame, scenario: CompiledScenario): SaveProblem | undefined {
  if (save.scenario.hash === scenario.hash) return undefined;
  return {
    code: 'E_SAVE_SCENARIO',
    message: `the saved game was played on a different version of the scenario (hash ${save.scenario.hash.slice(0, 12)}, the file ${scenario.path} has ${scenario.hash.slice(0, 12)})`,
    hint: 'load it with the scenario file it was saved with, or start a new game',
  };
}
