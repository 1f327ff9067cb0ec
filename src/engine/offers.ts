import type { CompiledOfferIssue, CompiledParty, CompiledResponse, CompiledScenario } from '../scenario/compiled-scenario.js';
import type { CompiledExpression } from '../scenario/compile-expression.js';
import { compileFieldCopy, type FieldCopy } from '../scenario/compile-source.js';
import { clamp, utility, type RunExpressions } from './run-scope.js';
import type { TrackRuntime } from './track-runtime.js';
import type { MoveChoice } from './strategy-rules.js';
import { SimulationError } from './simulation-error.js';

/**
 * Offers and terms. Every track holds the terms on its table (each issue of the scenario, from the
 * track's initial terms). A move with `offer` proposes the table's terms with its issues changed (a
 * player's values, else the move's defaults, clamped to the issue's range); a response puts the
 * offer, or terms of its own, on the table. Expressions see the offer as `offer`, its worth to each
 * side as `value`, and the table as `self.terms`.
 */

const termsCopies = new WeakMap<CompiledScenario, FieldCopy>();

/** Copies every issue of one terms object to another (generated: named accesses). */
export function termsCopyOf(scenario: CompiledScenario): FieldCopy {
  let copy = termsCopies.get(scenario);
  if (copy === undefined) {
    copy = compileFieldCopy(Object.keys(scenario.file.issues));
    termsCopies.set(scenario, copy);
  }
  return copy;
}

/**
 * The offer a move makes: the track's terms overridden by the move's issues (the chooser's values,
 * else the move's defaults, an expression evaluated now with `self` = the track), in the track's
 * reused offer object.
 */
export function buildOffer(x: RunExpressions, rt: TrackRuntime, choice: MoveChoice, copyTerms: FieldCopy): Record<string, number | string> {
  const offer = rt.offer;
  // Terms hold every issue of the scenario (initialTerms does), so copying the names copies all.
  copyTerms(offer, rt.object.terms);
  for (const spec of choice.move.offer) {
    let v = choice.offer?.[spec.issue];
    if (v === undefined) {
      const d = spec.default;
      v = 'literal' in d ? d.literal : evaluatedDefault(x, rt, spec, d.expr);
    }
    if (spec.kind === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new SimulationError('E_OFFER', `offer for '${spec.issue}' must be a number`);
      v = clamp(v, spec.min, spec.max);
    } else if (typeof v !== 'string' || !spec.values.includes(v)) {
      throw new SimulationError('E_OFFER', `offer for '${spec.issue}' must be one of ${spec.values.join(', ')}`);
    }
    offer[spec.issue] = v;
  }
  return offer;
}

/** A default offer that is an expression, evaluated now with `self` = the track (kept out of buildOffer, which runs on every move). */
function evaluatedDefault(x: RunExpressions, rt: TrackRuntime, spec: CompiledOfferIssue, expr: CompiledExpression): number | string {
  x.setSelf(rt);
  const value = x.evaluate(expr);
  if (spec.kind === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) throw x.notFinite({ expr }, value);
  if (spec.kind === 'enum' && (typeof value !== 'string' || !spec.values.includes(value))) throw x.notInEnum(`the default offer for '${spec.issue}' is`, value, spec.values, { expr });
  return value as number | string;
}

/**
 * Sets what a move's responses see: `self` = its track, `offer` (undefined for a move without one)
 * and `value` (the offer's, or the table's, worth to the host and to the counterpart).
 */
export function prepareMoveScope(x: RunExpressions, rt: TrackRuntime, choice: MoveChoice, host: CompiledParty, copyTerms: FieldCopy): void {
  x.setSelf(rt);
  const scope = x.scope;
  if (choice.move.offer.length > 0) {
    const offer = buildOffer(x, rt, choice, copyTerms);
    scope.offer = offer;
    scope.value.host = utility(host, offer);
    scope.value.counterpart = utility(rt.counterpart, offer);
  } else {
    scope.offer = undefined;
    scope.value.host = rt.object.utility;
    scope.value.counterpart = utility(rt.counterpart, rt.object.terms);
  }
}

/** Puts a response's terms on its track's table: the offer made, the negotiator's counter-offer, or the response's own terms (expressions evaluated, clamped, checked). */
export function putTermsOnTable(
  x: RunExpressions,
  scenario: CompiledScenario,
  rt: TrackRuntime,
  terms: NonNullable<CompiledResponse['terms']>,
  offer: Record<string, number | string> | undefined,
  counter: Readonly<Record<string, number | string>> | undefined,
  copyTerms: FieldCopy,
): void {
  const table = rt.object.terms;
  if (terms === 'offer') {
    if (offer) copyTerms(table, offer);
  } else if (terms === 'counter') {
    if (counter) copyTerms(table, counter);
  } else {
    for (const t of terms) {
      const v = 'literal' in t.value ? t.value.literal : x.evaluate(t.value.expr);
      const issue = scenario.file.issues[t.issue]!;
      if (issue.type === 'number') {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw x.notFinite(t.value, v);
        table[t.issue] = clamp(v, issue.min, issue.max);
      } else {
        if (typeof v !== 'string' || !issue.values.includes(v)) throw x.notInEnum(`terms '${t.issue}' got`, v, issue.values, t.value);
        table[t.issue] = v;
      }
    }
  }
  rt.object.utility = utility(scenario.host, table);
}

/**
 * The values a move offers by default now (its defaults, expressions evaluated with `self` = the
 * track, clamped to the move's bounds): what the play-through's offer editor starts from.
 */
export function defaultOfferValues(x: RunExpressions, rt: TrackRuntime, move: MoveChoice['move'], copyTerms: FieldCopy): Record<string, number | string> {
  const offer = buildOffer(x, rt, { move }, copyTerms);
  const out: Record<string, number | string> = {};
  for (const spec of move.offer) out[spec.issue] = offer[spec.issue]!;
  return out;
}

/** The `deal` expressions see when no deal was signed: NaN numbers and empty strings. Read-only. */
const noDeals = new WeakMap<CompiledScenario, Record<string, number | string>>();
export function noDealTerms(scenario: CompiledScenario): Record<string, number | string> {
  let none = noDeals.get(scenario);
  if (none === undefined) {
    none = new scenario.classes.Terms();
    for (const [issue, decl] of Object.entries(scenario.file.issues)) none[issue] = decl.type === 'number' ? NaN : '';
    noDeals.set(scenario, none);
  }
  return none;
}
