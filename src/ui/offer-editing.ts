import type { CompiledMove, CompiledOfferIssue, CompiledScenario } from '../scenario/compiled-scenario.js';

export type OfferValues = Readonly<Record<string, number | string>>;

/**
 * The move's default offer: as evaluated in the position (`evaluated`, by move id: the game view's
 * `defaultOffers`, where a default that is an expression has its value now), else its literal
 * defaults (an expression's stand-in: the low end of the move's bounds, or its first value).
 */
export function defaultOffer(move: CompiledMove, evaluated?: ReadonlyMap<string, OfferValues>): OfferValues {
  return evaluated?.get(move.id) ?? Object.fromEntries(move.offer.map((o) => [o.issue, literalDefault(o)]));
}

/** An issue's default as written, or the stand-in for a default that is an expression. */
export function literalDefault(spec: CompiledOfferIssue): number | string {
  if ('literal' in spec.default) return spec.default.literal;
  return spec.kind === 'number' ? spec.min : spec.values[0]!;
}

/** The step of a number issue: the offer's, else the issue's, else a twentieth of the range. */
export function offerStep(scenario: CompiledScenario, spec: CompiledOfferIssue): number {
  const issue = scenario.file.issues[spec.issue] as { step?: number } | undefined;
  return spec.step ?? issue?.step ?? (spec.max - spec.min) / 20;
}

/**
 * Moves one issue of an offer by `steps` steps within its domain: numbers by their step (kept on
 * the step grid from the minimum, clamped), enum values to the next or previous listed value (one at a time).
 */
export function stepOffer(scenario: CompiledScenario, spec: CompiledOfferIssue, values: OfferValues, steps: number): OfferValues {
  const v = values[spec.issue] ?? literalDefault(spec);
  if (spec.kind === 'enum') {
    const i = spec.values.indexOf(String(v));
    const j = Math.min(spec.values.length - 1, Math.max(0, (i < 0 ? 0 : i) + Math.sign(steps)));
    return { ...values, [spec.issue]: spec.values[j]! };
  }
  const step = offerStep(scenario, spec);
  const raw = Number(v) + steps * step;
  const onGrid = spec.min + Math.round((raw - spec.min) / step) * step;
  const clamped = Math.min(spec.max, Math.max(spec.min, onGrid));
  return { ...values, [spec.issue]: Number(clamped.toFixed(10)) };
}

/** Sets an issue to the end of its domain. */
export function boundOffer(spec: CompiledOfferIssue, values: OfferValues, end: 'min' | 'max'): OfferValues {
  if (spec.kind === 'enum') return { ...values, [spec.issue]: end === 'min' ? spec.values[0]! : spec.values[spec.values.length - 1]! };
  return { ...values, [spec.issue]: end === 'min' ? spec.min : spec.max };
}
