import { runOnce } from '../engine/run-once.js';
import { ENGINE_VERSION } from '../engine/engine-version.js';
import { formatTimeline } from '../report/format-timeline.js';
import { loadOrExit } from './load-or-exit.js';
import { UserError } from './user-error.js';
import { parseKnobs, parseSettings, settingWarnings, strategyHint } from './batch-options.js';

export interface PrintRunOptions {
  readonly seed: string;
  readonly run: number;
  readonly strategy?: string;
  /** --set texts, as given. */
  readonly set: readonly string[];
  /** --knob texts, as given. */
  readonly knob?: readonly string[];
  readonly json: boolean;
  /** Show probabilities and draws (--trace). */
  readonly explain: boolean;
}

/**
 * Plays run `run` of the batch with `seed` and prints its timeline (or JSON with the trace). Run i of a
 * batch depends on (seed, i, strategy, held parameters) alone, so this is exactly what the batch did.
 * Shared by `parley run` (one run) and `parley replay`.
 */
export function printRun(file: string, options: PrintRunOptions): void {
  const scenario = loadOrExit(file, { quietWarnings: options.json });
  const strategy = options.strategy ?? scenario.defaultStrategy;
  if (!scenario.strategies.has(strategy)) {
    throw new UserError(`no strategy '${strategy}'`, strategyHint(strategy, [...scenario.strategies.keys()]));
  }
  const sets = parseSettings(options.set, scenario, '--set');
  const knobs = parseKnobs(options.knob ?? [], [scenario.strategies.get(strategy)!]).get(strategy);
  if (!options.json) for (const w of settingWarnings(sets, scenario)) process.stderr.write(`parley: warning: ${w}\n`);
  const result = runOnce(scenario, { seed: options.seed, run: options.run, strategy, knobs, trace: true, parameters: sets.length > 0 ? new Map(sets) : undefined });
  if (options.json) {
    const metrics = Object.fromEntries(scenario.metrics.map((m, i) => [m.id, Number.isNaN(result.metrics[i]) ? null : result.metrics[i]]));
    const parameters = Object.fromEntries(scenario.parameters.map((p, i) => [p.name, result.parameters[i]]));
    process.stdout.write(
      JSON.stringify(
        {
          formatVersion: 1,
          engineVersion: ENGINE_VERSION,
          scenario: scenario.file.id,
          scenarioHash: scenario.hash,
          seed: options.seed,
          run: result.run,
          strategy,
          sets: Object.fromEntries(sets),
          ...(knobs !== undefined ? { knobs } : {}),
          outcome: result.outcome,
          rounds: result.rounds,
          dealRound: result.dealRound >= 0 ? result.dealRound : null,
          dealTrack: result.dealTrack || null,
          metrics,
          parameters,
          finalStates: Object.fromEntries(scenario.tracks.map((t, i) => [t.id, result.finalStates[i]])),
          trace: result.trace,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    process.stdout.write(formatTimeline(scenario, result, { seed: options.seed, strategy: knobs === undefined ? strategy : `${strategy} (${Object.entries(knobs).map(([k, v]) => `${k}=${v}`).join(', ')})`, explain: options.explain }) + '\n');
  }
}
