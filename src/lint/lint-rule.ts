import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { SourceDocument } from '../scenario/source-document.js';
import type { WarningCode } from '../scenario/error-codes.js';
import type { ScenarioProblem } from '../scenario/scenario-error.js';
import type { TrackGraph } from '../scenario/track-graph.js';
import type { SampleFacts } from './sample-positions.js';
import type { ConditionBounds } from './condition-bounds.js';

/** What a lint rule may look at. `samples()` plays the scenario on first call (then cached). */
export interface LintContext {
  readonly scenario: CompiledScenario;
  readonly document: SourceDocument;
  /** Per track, in track order. */
  readonly graphs: readonly TrackGraph[];
  /** Per track, states reachable from the initial state on any event, whatever the guards. */
  readonly reachable: readonly ReadonlySet<string>[];
  /** Per track, the events something sends to it (responses, signals), TICK included. */
  readonly sent: readonly ReadonlySet<string>[];
  samples(): SampleFacts;
  /** Conditions decided without playing: always, never, or maybe (see condition-bounds.ts). */
  readonly bounds: ConditionBounds;
  /** A located warning: at the key of `path` when `atKey`, else at its value. */
  warning(code: WarningCode, path: readonly (string | number)[], message: string, hint?: string, atKey?: boolean): ScenarioProblem;
}

/**
 * One semantic check. Codes are stable (W_...); messages say what is wrong and where, hints how to
 * fix it. Rules never throw on a scenario that loaded.
 */
export interface LintRule {
  readonly code: WarningCode;
  /** One line for `parley lint --rules` and docs/authoring.md. */
  readonly summary: string;
  /** Whether the rule plays the scenario (sampled, not proven). */
  readonly sampled: boolean;
  check(context: LintContext): ScenarioProblem[];
}

/** Path of a state inside a track's machine config: "a.b" gives states.a.states.b. */
export function statePath(trackId: string, state: string): (string | number)[] {
  const out: (string | number)[] = ['tracks', trackId, 'machine'];
  for (const segment of state.split('.')) out.push('states', segment);
  return out;
}
