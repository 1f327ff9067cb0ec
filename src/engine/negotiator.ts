import type { CompiledMove, CompiledNegotiator, CompiledParty } from '../scenario/compiled-scenario.js';
import type { FieldCopy } from '../scenario/compile-source.js';
import { utility, type RunExpressions } from './run-scope.js';
import { SimulationError } from './simulation-error.js';

/**
 * A counterpart that negotiates back (scenario format: a track's "negotiator"), in the manner of the
 * time-dependent and tit-for-tat agents of the automated-negotiation literature (Faratin, Sierra and
 * Jennings 1998; GENIUS and NegMAS agents). When the host makes an offer on its track, it:
 * 1. sets its target utility: with time, `res + (initial - res) * (1 - min(1, t/T)^(1/e))` at round t
 *    for deadline T (e < 1 Boulware, e = 1 linear, e > 1 Conceder); or tit-for-tat, lowering its
 *    target by `delta` times what the host's latest offer conceded (in the counterpart's utility);
 *    never below its reservation value `res` (the party's reservation, read now: it moves with the
 *    world);
 * 2. chooses the counter-offer it would make: on the grid of the move's offered issues (numbers by
 *    their `step`, enums by value; other issues as on the table), the offer it values least among
 *    those worth at least its target (the one closest to the target), preferring what the host values
 *    more among equals; if none reaches the target, the one it values most;
 * 3. accepts, with acceptance "next" (AC_next, Baarslag et al.), when the host's offer is worth to it
 *    at least what its counter-offer would be and at least its reservation; with "reservation", when
 *    it is worth at least its reservation. Otherwise it rejects with the counter-offer.
 * Decisions are deterministic given the position: an identical offer in an unchanged world gets the
 * same answer. Responses with "decision" take the probability the track's other responses leave.
 */
export interface NegotiationDecision {
  readonly accept: boolean;
  /** The counterpart's target utility now. */
  readonly target: number;
  /** The host's offer, and the counter-offer, as the counterpart values them. */
  readonly offered: number;
  readonly counterValue: number;
  readonly reservation: number;
  /** The counter-offer's terms (the whole table, the offered issues changed); a reused object. */
  readonly counter: Readonly<Record<string, number | string>>;
}

/** A negotiator's memory within a run, as snapshots keep it. */
export interface NegotiatorMemory {
  readonly lastOffered: number | null;
  readonly target: number | null;
}

/** The decision in words, for the trace. */
export function reasonOf(d: NegotiationDecision, acceptance: 'next' | 'reservation'): string {
  const f = (v: number) => v.toFixed(3);
  const target = `its target now ${f(d.target)}`;
  const offered = `the offer is worth ${f(d.offered)} to it`;
  if (d.accept) {
    const bar = acceptance === 'next' ? `its counter-offer (${f(d.counterValue)}) and its reservation (${f(d.reservation)})` : `its reservation (${f(d.reservation)})`;
    return `${offered}, at least ${bar}; ${target}`;
  }
  const below = d.offered < d.reservation - EPSILON ? `its reservation (${f(d.reservation)})` : `its counter-offer (${f(d.counterValue)})`;
  return `${offered}, less than ${below}; ${target}`;
}

/** Values closer than this are equal (utilities are sums of floating-point terms). */
const EPSILON = 1e-12;

/** One track's negotiator in one simulation: the offer grids it searches, and its memory within a run. */
export class Negotiation {
  /** Per move slot: each grid offer's values of the move's offered issues, in grid order (made on first use). */
  private readonly grids: (readonly (readonly (number | string)[])[] | undefined)[] = [];
  /** The counter-offer being built (table terms with the offered issues changed). */
  private readonly counter: Record<string, number | string>;
  /** The best counter-offer found so far (a copy of `counter`). */
  private readonly best: Record<string, number | string>;
  /** Tit-for-tat: the counterpart's value of the host's previous offer (NaN before the first), and its current target. */
  private lastOffered = NaN;
  private target = NaN;

  constructor(
    readonly negotiator: CompiledNegotiator,
    private readonly counterpart: CompiledParty,
    private readonly host: CompiledParty,
    private readonly copyTerms: FieldCopy,
    makeTerms: () => Record<string, number | string>,
  ) {
    this.counter = makeTerms();
    this.best = makeTerms();
  }

  /** Forgets the previous run (a new run starts). */
  reset(): void {
    this.lastOffered = NaN;
    this.target = NaN;
  }

  /** What a snapshot keeps (tit-for-tat's memory; null: nothing yet). JSON-safe. */
  get memory(): NegotiatorMemory {
    return { lastOffered: Number.isNaN(this.lastOffered) ? null : this.lastOffered, target: Number.isNaN(this.target) ? null : this.target };
  }

  set memory(m: NegotiatorMemory) {
    this.lastOffered = m.lastOffered ?? NaN;
    this.target = m.target ?? NaN;
  }

  /**
   * Decides on the host's `offer` (the whole terms offered) made with `move` on its track, which is
   * `self` and has `table` on its table. Tit-for-tat remembers the offer.
   */
  decide(x: RunExpressions, table: Readonly<Record<string, number | string>>, move: CompiledMove, offer: Readonly<Record<string, number | string>>, remember = true): NegotiationDecision {
    const reservation = x.reservation(this.counterpart);
    const offered = utility(this.counterpart, offer);
    const target = this.targetNow(x, reservation, offered, remember);
    const counterValue = this.counterOffer(table, move, target);
    const accept = this.negotiator.acceptance === 'next' ? offered >= counterValue - EPSILON && offered >= reservation - EPSILON : offered >= reservation - EPSILON;
    return { accept, target, offered, counterValue, reservation, counter: this.best };
  }

  private targetNow(x: RunExpressions, reservation: number, offered: number, remember: boolean): number {
    const c = this.negotiator.concession;
    if (c.type === 'titForTat') {
      let target = Number.isNaN(this.target) ? c.initial : this.target;
      if (!Number.isNaN(this.lastOffered)) target -= c.delta * Math.max(0, offered - this.lastOffered);
      target = Math.max(reservation, target);
      if (remember) {
        this.lastOffered = offered;
        this.target = target;
      }
      return target;
    }
    const e = x.number(c.e);
    const deadline = x.number(c.deadline);
    for (const [source, v, what] of [[c.e, e, 'concession exponent e'], [c.deadline, deadline, 'deadline']] as const) {
      if (v > 0) continue;
      throw new SimulationError('E_NEGOTIATOR', `the negotiator's ${what} is ${v} in round ${x.round}, run ${x.run}; it must be above 0`, {
        round: x.round,
        run: x.run,
        path: 'expr' in source ? source.expr.path : undefined,
        location: 'expr' in source ? source.expr.location : undefined,
      });
    }
    if (reservation >= c.initial) return reservation;
    const time = Math.min(1, Math.max(0, x.round / deadline));
    return reservation + (c.initial - reservation) * (1 - time ** (1 / e));
  }

  /** Builds the counter-offer into `best` and returns its value to the counterpart. */
  private counterOffer(table: Readonly<Record<string, number | string>>, move: CompiledMove, target: number): number {
    const grid = this.gridOf(move);
    const specs = move.offer;
    const counter = this.counter;
    this.copyTerms(counter, table);
    let bestValue = NaN;
    let bestHost = NaN;
    let bestReaches = false;
    for (const values of grid) {
      for (let k = 0; k < specs.length; k++) counter[specs[k]!.issue] = values[k]!;
      const value = utility(this.counterpart, counter);
      const reaches = value >= target - EPSILON;
      // Among offers that reach the target: the lowest value (closest to it), then the host's best.
      // While none does: the highest value, then the host's best.
      let better: boolean;
      if (Number.isNaN(bestValue)) better = true;
      else if (reaches !== bestReaches) better = reaches;
      else if (Math.abs(value - bestValue) > EPSILON) better = reaches ? value < bestValue : value > bestValue;
      else {
        const host = utility(this.host, counter);
        if (Number.isNaN(bestHost)) bestHost = utility(this.host, this.best);
        better = host > bestHost + EPSILON;
        if (better) {
          this.copyTerms(this.best, counter);
          bestValue = value;
          bestHost = host;
          bestReaches = reaches;
        }
        continue;
      }
      if (better) {
        this.copyTerms(this.best, counter);
        bestValue = value;
        bestHost = NaN;
        bestReaches = reaches;
      }
    }
    return bestValue;
  }

  private gridOf(move: CompiledMove): readonly (readonly (number | string)[])[] {
    let grid = this.grids[move.slot];
    if (grid === undefined) {
      grid = offerGrid(move);
      this.grids[move.slot] = grid;
    }
    return grid;
  }
}

/** Every offer on the grid of a move's offered issues (numbers from min to max by step, enums by value), in order. */
export function offerGrid(move: CompiledMove): (number | string)[][] {
  let grid: (number | string)[][] = [[]];
  for (const spec of move.offer) {
    const values: (number | string)[] = [];
    if (spec.kind === 'enum') values.push(...spec.values);
    else {
      const step = spec.step ?? (spec.max - spec.min) / 100;
      const n = step > 0 ? Math.floor((spec.max - spec.min) / step + 1e-9) : 0;
      // Multiples of the step from the minimum, written so that 0.1-style steps give clean values.
      for (let i = 0; i <= n; i++) values.push(Number((spec.min + i * step).toPrecision(12)));
    }
    grid = grid.flatMap((prefix) => values.map((v) => [...prefix, v]));
  }
  return grid;
}
