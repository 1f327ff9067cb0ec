/** How an estimate is shown: a probability as a percentage, a difference of probabilities in percentage points, or a plain number. */
export type EstimateScale = 'probability' | 'number';

export interface EstimateFormatOptions {
  /** 'probability': percentages (differences in percentage points); 'number': as is. Default 'number'. */
  readonly scale?: EstimateScale;
  /** A difference: a sign on every figure ("+0.031", "−1.2 pp"), and percentage points for probabilities. */
  readonly signed?: boolean;
}

/** An estimate and its interval as text, all three at one precision. */
export interface FormattedEstimate {
  readonly value: string;
  readonly lo: string;
  readonly hi: string;
}

/** Twelve decimals is beyond anything a batch estimates; below that a double's last bits show. */
const MAX_DECIMALS = 12;

/**
 * A point estimate and its 95% interval as text: the three figures share one number of decimals,
 * enough to show the interval's half-width to two significant digits (the interval says how many
 * digits of the estimate mean something), at most four significant digits of the largest figure and
 * at most twelve decimals, and a figure that rounds to zero prints as 0. Probabilities print as
 * percentages.
 *
 * @example formatEstimate(0, 2.17e-19, 0.00383, { scale: 'probability' }) // { value: '0%', lo: '0%', hi: '0.38%' }
 * @example formatEstimate(0.0475, 0.0454, 0.0496) // { value: '0.0475', lo: '0.0454', hi: '0.0496' }
 * @example formatEstimate(0.072, 0.054, 0.091, { scale: 'probability', signed: true }) // { value: '+7.2 pp', lo: '+5.4 pp', hi: '+9.1 pp' }
 */
export function formatEstimate(value: number, lo: number, hi: number, options: EstimateFormatOptions = {}): FormattedEstimate {
  const percent = options.scale === 'probability';
  const f = percent ? 100 : 1;
  const [v, l, h] = [value * f, lo * f, hi * f];
  const finite = [v, l, h].filter(Number.isFinite);
  const largest = finite.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const halfWidth = (h - l) / 2;
  let decimals: number;
  if (Number.isFinite(halfWidth) && halfWidth > 0) decimals = 1 - Math.floor(Math.log10(halfWidth));
  else decimals = largest > 0 ? 2 - Math.floor(Math.log10(largest)) : 0;
  if (largest > 0) decimals = Math.min(decimals, 3 - Math.floor(Math.log10(largest)));
  decimals = Math.max(0, Math.min(decimals, MAX_DECIMALS));
  const unit = percent ? (options.signed ? ' pp' : '%') : '';
  const text = (x: number) => figure(x, decimals, unit, options.signed === true);
  return { value: text(v), lo: text(l), hi: text(h) };
}

/**
 * A bound as written in the scenario, unrounded: a probability as a percentage ("5%", "0.25%"), a
 * difference with its sign ("+5 pp", "≥ 0").
 *
 * @example formatBound(0.05, { scale: 'probability' }) // '5%'
 */
export function formatBound(x: number, options: EstimateFormatOptions = {}): string {
  const percent = options.scale === 'probability';
  const v = Number((percent ? 100 * x : x).toPrecision(12));
  const unit = percent ? (options.signed ? ' pp' : '%') : '';
  if (v === 0) return `0${unit}`;
  const sign = v < 0 ? '−' : options.signed ? '+' : '';
  return `${sign}${Math.abs(v)}${unit}`;
}

function figure(x: number, decimals: number, unit: string, signed: boolean): string {
  if (Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const digits = Math.abs(x).toFixed(decimals);
  if (Number(digits) === 0) return `0${unit}`;
  // A true minus, so that columns of signed figures line up.
  const sign = x < 0 ? '−' : signed ? '+' : '';
  return `${sign}${digits}${unit}`;
}
