import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { JsonDocument } from '../scenario/json-document.js';
import type { ScenarioProblem } from '../scenario/scenario-error.js';
import { reachableStates, trackGraph } from '../scenario/track-graph.js';
import { SimulationError } from '../engine/simulation-error.js';
import type { LintContext, LintRule } from './lint-rule.js';
import { lintRules } from './lint-rules.js';
import { EXPLORER, samplePositions, type SampleFacts, type SampleOptions } from './sample-positions.js';
import { scenarioSentEvents } from './scenario-signals.js';

export interface LintOptions extends SampleOptions {
  /** Skip the rules that play the scenario (fast, static checks only). */
  readonly staticOnly?: boolean;
  readonly rules?: readonly LintRule[];
}

/**
 * Runs the lint rules on a loaded scenario. Returns warnings (W_...), plus an error
 * (E_SAMPLE_RUN_FAILED) for each distinct failure met while sampling runs, sorted by position.
 */
export function lintScenario(scenario: CompiledScenario, document: JsonDocument, options: LintOptions = {}): ScenarioProblem[] {
  const graphs = scenario.tracks.map((t) => trackGraph(t.machine));
  const sentEvents = scenarioSentEvents(scenario.file);
  const sent = scenario.tracks.map((t) => new Set(['TICK', ...sentEvents.filter((s) => s.recipients.includes(t.id)).map((s) => s.event)]));
  let facts: SampleFacts | undefined;
  const context: LintContext = {
    scenario,
    document,
    graphs,
    reachable: graphs.map(reachableStates),
    sent,
    samples: () => (facts ??= samplePositions(scenario, options)),
    warning: (code, path, message, hint, atKey) => ({
      code,
      severity: 'warning',
      path,
      location: atKey ? document.locateKey(path) : document.locate(path),
      message,
      hint,
    }),
  };
  const problems: ScenarioProblem[] = [];
  // Warnings the scenario accepts on purpose, with a reason in the file ("lint": {"accept": ...}).
  const accepted = scenario.file.lint?.accept ?? {};
  for (const rule of options.rules ?? lintRules) {
    if (options.staticOnly && rule.sampled) continue;
    for (const p of rule.check(context)) if (!Object.prototype.hasOwnProperty.call(accepted, p.code)) problems.push(p);
  }
  if (facts) {
    const seen = new Set<string>();
    for (const f of facts.failures) {
      const e = f.error;
      const key = `${e instanceof SimulationError ? e.code : 'E'}:${e.message.replace(/\d+/g, '#')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const path = e instanceof SimulationError && e.where.path ? e.where.path : [];
      problems.push({
        code: 'E_SAMPLE_RUN_FAILED',
        severity: 'error',
        path,
        location: document.locate(path),
        message: `a sampled run failed: ${e instanceof SimulationError ? `${e.code}: ` : ''}${e.message}`,
        hint: f.strategy === EXPLORER
          ? `it happened in run ${f.run} (seed '${facts.seed}') of lint's exploring host, which makes random moves with random offers: check the expression for values it cannot handle`
          : `reproduce it with \`parley run ${scenario.path} --seed ${facts.seed} --run ${f.run} --strategy ${f.strategy} --trace\``,
      });
    }
  }
  return problems.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
}
