import type { LintContext, LintRule } from '../lint-rule.js';
import type { ScenarioProblem } from '../../scenario/scenario-error.js';
import type { ScenarioFile } from '../../scenario/scenario-schema.js';
import { judgementLiterals, type JudgementRole } from '../judgement-literals.js';

type Path = (string | number)[];

const WHAT: Record<JudgementRole, string> = {
  probability: 'probability',
  reservation: 'reservation value',
  deadline: 'deadline',
};

/**
 * W_BARE_JUDGEMENT, for a scenario that opts in with `"lint": {"namedAssumptions": true}`: a bare
 * number where the author's judgement sits, that sensitivity analysis cannot swing and a reader cannot
 * trace to a reason. Where it looks (see judgement-literals.ts for the exact rules):
 * - probabilities: the `p` of moves' responses, of events and of events' branches (a JSON number, or
 *   any number inside the expression);
 * - reservations: each party's `reservation` (likewise);
 * - deadlines: in conditions (track guards, moves', events', stances' and strategy rules' `when`, and
 *   `end`), a number on one side of a comparison whose other side is `round` or a track's
 *   `rounds`/`entered` (`self.rounds >= 6`, `round > 15`, `4 <= round - tracks.us.entered`).
 * The literals 0 and 1 (also 0.0, 1.0) are never flagged: bounds, complements and indicators.
 */
export const bareJudgement: LintRule = {
  code: 'W_BARE_JUDGEMENT',
  summary: 'with "lint": {"namedAssumptions": true}: a bare number (not 0 or 1) in a probability, a reservation or a deadline, instead of a named assumption',
  sampled: false,
  check(ctx) {
    const file = ctx.scenario.file as ScenarioFile & { lint?: { namedAssumptions?: boolean } };
    if (file.lint?.namedAssumptions !== true) return [];
    const out: ScenarioProblem[] = [];
    const look = (value: unknown, path: Path, role: JudgementRole) => {
      if (typeof value === 'number') {
        if (value !== 0 && value !== 1) out.push(warn(ctx, path, undefined, value, role));
      } else if (typeof value === 'string') {
        for (const lit of judgementLiterals(value, role)) out.push(warn(ctx, path, lit.index, lit.value, role, lit.text));
      }
    };
    for (const [id, party] of Object.entries(file.parties)) look(party.reservation, ['parties', id, 'reservation'], 'reservation');
    for (const [id, track] of Object.entries(file.tracks)) {
      const tp: Path = ['tracks', id];
      walkGuards(track.machine.states, [...tp, 'machine', 'states'], (expr, path) => look(expr, path, 'deadline'));
      (track.stance ?? []).forEach((s, i) => look(s.when, [...tp, 'stance', i, 'when'], 'deadline'));
      for (const [name, move] of Object.entries(track.moves)) {
        look(move.when, [...tp, 'moves', name, 'when'], 'deadline');
        move.responses.forEach((r, i) => look(r.p, [...tp, 'moves', name, 'responses', i, 'p'], 'probability'));
      }
    }
    for (const [id, event] of Object.entries(file.events)) {
      look(event.when, ['events', id, 'when'], 'deadline');
      look(event.p, ['events', id, 'p'], 'probability');
      (event.branches ?? []).forEach((b, i) => look(b.p, ['events', id, 'branches', i, 'p'], 'probability'));
    }
    for (const [id, strategy] of Object.entries(file.strategies)) strategy.rules.forEach((r, i) => look(r.when, ['strategies', id, 'rules', i, 'when'], 'deadline'));
    look(file.end, ['end'], 'deadline');
    return out;
  },
};

function warn(ctx: LintContext, path: Path, index: number | undefined, value: number, role: JudgementRole, text = String(value)): ScenarioProblem {
  const problem = ctx.warning(
    'W_BARE_JUDGEMENT',
    path,
    `bare number ${text} in a ${WHAT[role]}: a judgement with no name, reason or range, which \`parley sensitivity\` cannot swing`,
    `move ${text} into a parameter with "assumption": true and "low"/"high" (e.g. "parameters": {"myName": {"dist": {"type": "fixed", "value": ${text}}, "assumption": true, "low": …, "high": …, "description": "why"}}) and write param.myName here`,
  );
  return index === undefined ? problem : { ...problem, location: ctx.document.locateInString(path, index) };
}

/** Every `when` guard's expression in a machine's states (nested states, transition lists, and/or/not). */
function walkGuards(states: Record<string, unknown> | undefined, path: Path, visit: (expr: string, path: Path) => void): void {
  const guard = (g: unknown, p: Path): void => {
    const ref = g as { type?: string; params?: { expr?: unknown }; guards?: unknown[] } | undefined;
    if (!ref || typeof ref !== 'object') return;
    if (ref.type === 'when' && typeof ref.params?.expr === 'string') visit(ref.params.expr, [...p, 'params', 'expr']);
    (ref.guards ?? []).forEach((child, i) => guard(child, [...p, 'guards', i]));
  };
  const transitions = (t: unknown, p: Path): void => {
    if (Array.isArray(t)) t.forEach((x, i) => transitions(x, [...p, i]));
    else if (t && typeof t === 'object') guard((t as { guard?: unknown }).guard, [...p, 'guard']);
  };
  for (const [name, s] of Object.entries(states ?? {})) {
    const state = s as { on?: Record<string, unknown>; always?: unknown; states?: Record<string, unknown> };
    const sp = [...path, name];
    for (const [event, t] of Object.entries(state.on ?? {})) transitions(t, [...sp, 'on', event]);
    if (state.always !== undefined) transitions(state.always, [...sp, 'always']);
    walkGuards(state.states, [...sp, 'states'], visit);
  }
}
