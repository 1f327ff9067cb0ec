import { quantileSorted } from 'simple-statistics';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { SignedDeal } from './analysis-run.js';
import { offerSpace, type IssueDomain } from './offer-space.js';
import { distanceToFrontier, nashPoint, paretoFrontier, type FrontierPoint, type UtilityPoint } from './pareto-frontier.js';

/** Frontier points kept for charts (evenly spaced along the frontier; ends included). */
const CHART_POINTS = 300;
/** Distinct deal points kept for charts (the most frequent). */
const DEAL_POINTS = 300;
/** A deal this close to the frontier (in utility) counts as on it: grid and rounding noise. */
export const ON_FRONTIER = 0.005;

/** How the deals signed on one track compare with the best its offer space allows. */
export interface TrackPareto {
  readonly track: string;
  readonly label: string;
  readonly counterpart: string;
  /** The grid: per issue, how many values and their range (numbers) or list (enums). */
  readonly space: readonly { readonly issue: string; readonly count: number; readonly values: readonly (number | string)[] }[];
  readonly frontierSize: number;
  /** The frontier for charts, by host utility (ascending). */
  readonly frontier: readonly UtilityPoint[];
  readonly deals: number;
  /** Mean reservation values over the deals (null without deals). */
  readonly disagreement: UtilityPoint | null;
  /** The Nash bargaining point at that mean disagreement point, with its terms. */
  readonly nash: FrontierPoint | null;
  /** Euclidean distance in utility space from each deal to the nearest frontier point. */
  readonly distance: Spread | null;
  /** What both sides could have gained at once (min of the two gains), per deal. */
  readonly jointGain: Spread | null;
  /** Share of deals within ON_FRONTIER of the frontier. */
  readonly onFrontier: number | null;
  /** Distance from each deal to the Nash point of its own disagreement point (deals with a zone of agreement). */
  readonly nashDistance: Spread | null;
  /** Deals with no frontier point giving both sides their reservation value. */
  readonly noZoneOfAgreement: number;
  /** Mean utilities of the deals. */
  readonly mean: UtilityPoint | null;
  /** Distinct deal points (utilities rounded to 1e-4) with their counts, most frequent first. */
  readonly points: readonly { readonly host: number; readonly counterpart: number; readonly count: number }[];
}

export interface Spread {
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** Per track, the Pareto frontier and Nash point of the host and counterpart, and where the deals fell. */
export interface ParetoReport {
  readonly tracks: readonly TrackPareto[];
}

/**
 * Collects a batch's deals and measures them against each track's Pareto frontier and Nash
 * bargaining point (over the grid of `offerSpace`). Frontiers are built once per track, on first use.
 */
export class ParetoAnalysis {
  private readonly frontiers: (FrontierPoint[] | undefined)[];
  private readonly spaces: IssueDomain[][];
  private readonly deals: SignedDeal[][];

  constructor(private readonly scenario: CompiledScenario) {
    this.spaces = scenario.tracks.map((t) => offerSpace(scenario, t));
    this.frontiers = scenario.tracks.map(() => undefined);
    this.deals = scenario.tracks.map(() => []);
  }

  add(deal: SignedDeal): void {
    this.deals[deal.track]!.push(deal);
  }

  frontier(track: number): FrontierPoint[] {
    let f = this.frontiers[track];
    if (!f) {
      const t = this.scenario.tracks[track]!;
      const counterpart = this.scenario.parties.find((p) => p.id === t.counterpart)!;
      f = paretoFrontier(this.scenario.host, counterpart, this.spaces[track]!);
      this.frontiers[track] = f;
    }
    return f;
  }

  report(): ParetoReport {
    return {
      tracks: this.scenario.tracks.map((t, i): TrackPareto => {
        const frontier = this.frontier(i);
        const deals = this.deals[i]!;
        const distances: number[] = [];
        const gains: number[] = [];
        const nashDistances: number[] = [];
        let noZone = 0;
        const points = new Map<string, { host: number; counterpart: number; count: number }>();
        for (const d of deals) {
          const m = distanceToFrontier(d.utility, frontier);
          distances.push(m.distance);
          gains.push(m.jointGain);
          const nash = nashPoint(frontier, d.reservation);
          if (nash) nashDistances.push(Math.hypot(nash.host - d.utility.host, nash.counterpart - d.utility.counterpart));
          else noZone++;
          const host = round4(d.utility.host);
          const counterpart = round4(d.utility.counterpart);
          const key = `${host}|${counterpart}`;
          const p = points.get(key);
          if (p) p.count++;
          else points.set(key, { host, counterpart, count: 1 });
        }
        const disagreement = deals.length > 0 ? { host: mean(deals.map((d) => d.reservation.host)), counterpart: mean(deals.map((d) => d.reservation.counterpart)) } : null;
        return {
          track: t.id,
          label: t.label,
          counterpart: t.counterpart,
          space: this.spaces[i]!.map((d) => ({ issue: d.issue, count: d.values.length, values: typeof d.values[0] === 'number' && d.values.length > 2 ? [d.values[0]!, d.values[d.values.length - 1]!] : d.values })),
          frontierSize: frontier.length,
          frontier: thin(frontier, CHART_POINTS).map((p) => ({ host: p.host, counterpart: p.counterpart })),
          deals: deals.length,
          disagreement,
          nash: disagreement ? nashPoint(frontier, disagreement) ?? null : null,
          distance: spread(distances),
          jointGain: spread(gains),
          onFrontier: deals.length > 0 ? distances.filter((x) => x <= ON_FRONTIER).length / deals.length : null,
          nashDistance: spread(nashDistances),
          noZoneOfAgreement: noZone,
          mean: deals.length > 0 ? { host: mean(deals.map((d) => d.utility.host)), counterpart: mean(deals.map((d) => d.utility.counterpart)) } : null,
          points: [...points.values()].sort((a, b) => b.count - a.count || a.host - b.host || a.counterpart - b.counterpart).slice(0, DEAL_POINTS),
        };
      }),
    };
  }
}

function spread(xs: number[]): Spread | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return { mean: mean(s), p50: quantileSorted(s, 0.5), p95: quantileSorted(s, 0.95), max: s[s.length - 1]! };
}

function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** At most n points, evenly spaced by index, first and last kept. */
function thin<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(xs[Math.round((i * (xs.length - 1)) / (n - 1))]!);
  return out;
}
