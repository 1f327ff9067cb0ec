import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { SourceDocument } from '../scenario/source-document.js';
import type { ScenarioProblem } from '../scenario/scenario-error.js';
import { withInstances } from '../scenario/expand-scenario.js';
import { reachableStates, trackGraph } from '../scenario/track-graph.js';
import { SimulationError } from '../engine/simulation-error.js';
import type { LintContext, LintRule } from './lint-rule.js';
import { lintRules } from './lint-rules.js';
import { EXPLORER, samplePositions, type SampleFacts, type SampleOptions } from './sample-positions.js';
import { scenarioSentEvents } from './scenario-signals.js';
import { conditionBounds } from './condition-bounds.js';

export interface LintOptions extends SampleOptions {
  /** Skip the rules that play the scenario (fast, static checks only). */
  readonly staticOnly?: boolean;
  readonly rules?: readonly LintRule[];
}

/**
 * Runs the lint rules on a loaded scenario. Returns warnings (W_...), plus an error
 * (E_SAMPLE_RUN_FAILED) for each distinct failure met while sampling runs, sorted by position.
 */
export function lintScenario(scenario: CompiledScenario, document: SourceDocument, options: LintOptions = {}): ScenarioProblem[] {
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
    bounds: conditionBounds(scenario),
    warning: (code, path, message, hint, atKey) =>
      withInstances([{ code, severity: 'warning', path, location: atKey ? document.locateKey(path) : document.locate(path), message, hint }], document)[0]!,
  };
  const problems: ScenarioProblem[] = [];
  // Warnings the scenario accepts on purpose, with a reason in the file ("lint": {"accept": ...}).
  const accepted = scenario.file.lint?.accept ?? {};
  const rules = options.rules ?? lintRules;
  // Sampling is bounded by a work budget; when the runs asked for do not fit in it, the sampled
  // rules are skipped rather than run on part of them (a rule such as "never available" would
  // then report what fewer runs did not happen to see).
  let sampled = !options.staticOnly && rules.some((r) => r.sampled);
  const exhausted = sampled ? context.samples().exhausted : undefined;
  if (exhausted) {
    sampled = false;
    const fitting = Math.floor(((options.exploreRuns ?? 200) * exhausted.runs) / exhausted.requested);
    problems.push({
      code: 'W_LINT_BUDGET',
      severity: 'warning',
      path: [],
      location: { file: document.file, line: 1, column: 1 },
      message: `the sampled rules were skipped: the ${exhausted.requested} runs they play exceed lint's budget (${exhausted.budget.toLocaleString('en-US')} move and event checks; ${exhausted.runs} runs fitted)`,
      hint:
        fitting > 0
          ? `lower --runs (--runs ${fitting} fits), or use --static for the rules that do not play the scenario`
          : 'not even one run fits (many rounds times many moves): use --static for the rules that do not play the scenario',
    });
  }
  for (const rule of rules) {
    if (rule.sampled && !sampled) continue;
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
