import seedrandom from 'seedrandom';
import type { CompiledKnob, CompiledScenario, CompiledStrategy, KnobAssignment } from '../scenario/compiled-scenario.js';
import { ENGINE_VERSION } from '../engine/engine-version.js';
import { latinHypercube, shuffled } from './latin-hypercube.js';
import { objectiveText, objectiveValue, pairedDifference, type Objective, type PairedDifference } from './optimize-objective.js';
import type { Policy, PolicyEvaluator } from './policy-evaluator.js';

/**
 * `parley optimize`: a search of a strategy's knobs for the policy with the best objective, made for
 * noisy objectives whose every evaluation costs simulation runs.
 *
 * 1. Design: the knobs' defaults plus a Latin hypercube over the knob grid (every number knob's range
 *    and every enum's values are stratified: each value appears about equally often).
 * 2. Race (successive halving): every candidate plays runs 0..m0-1; the better half plays on to
 *    runs 0..2m0-1, and so on until a few finalists remain. Every candidate plays the same run
 *    indices, hence the same random numbers, so comparisons are paired and a survivor's earlier runs
 *    are reused.
 * 3. Refinement: the grid neighbours of the leader (one step along a number knob, another value of an
 *    enum) play the finalists' runs; the leader moves while a neighbour beats it.
 * 4. Report: the scenario's named strategies (at their defaults) on the same runs, paired 95%
 *    intervals of the top policies against the best of them, and which knobs matter (from the
 *    design's own evaluations); then a confirmation of the winner on fresh runs of another seed, so
 *    the figure reported is not inflated by having picked the best of many (winner's curse).
 *
 * Deterministic for (scenario, strategy, objective, seed, budget): runs depend on (seed, run) alone
 * and every choice of the search on the seed.
 */
export interface PolicySearchOptions {
  readonly strategy: string;
  readonly objective: Objective;
  readonly seed: string;
  /** Total simulation runs the search may play (every policy's every run counts). */
  readonly budgetRuns: number;
  /** Candidates of the initial design (default: from the budget, 8 to 256). */
  readonly initial?: number;
  readonly onProgress?: (progress: SearchProgress) => void;
}

export interface SearchProgress {
  readonly phase: 'design' | 'race' | 'named' | 'refine' | 'confirm';
  /** Runs played so far. */
  readonly used: number;
  readonly budget: number;
  readonly message: string;
}

/** A policy found or compared, with its objective on the runs it was judged on. */
export interface RankedPolicy {
  readonly knobs: KnobAssignment;
  readonly objective: number;
  /** Runs 0..runs-1 of the seed. */
  readonly runs: number;
  /** This policy minus the best named strategy on the same runs (in the objective's units). */
  readonly vsBestNamed: PairedDifference;
  readonly origin: 'default' | 'design' | 'refinement';
}

/**
 * How much one knob moves the objective. `local`: at the winner, each one-step move of this knob
 * alone (the grid neighbours; every other knob held), as a paired difference on the final runs (or,
 * when the budget does not stretch that far, on the first runs it affords: `diff.runs`): the
 * knob matters when a move makes the objective worse with a paired 95% interval that excludes zero.
 * `design`: across the initial design, the spread of the mean objective over the knob's level groups
 * (number knobs in up to four bands), with a bootstrap interval; a global view, but the other knobs
 * vary too, so on a small design it mixes in their effects.
 */
export interface KnobEffect {
  readonly knob: string;
  readonly label: string;
  /** Each neighbour of the winner along this knob: its value, and its objective minus the winner's. */
  readonly local: readonly { readonly value: number | string; readonly diff: PairedDifference }[];
  readonly matters: boolean;
  readonly design: {
    readonly spread: number;
    readonly lo: number;
    readonly hi: number;
    /** The level group with the best mean, e.g. "0.55..0.65" or "us". */
    readonly bestLevels: string;
    readonly groups: readonly { readonly levels: string; readonly objective: number; readonly candidates: number }[];
  };
}

export interface NamedResult {
  readonly strategy: string;
  readonly label: string;
  readonly objective: number;
}

export interface Confirmation {
  readonly seed: string;
  readonly runs: number;
  readonly winner: number;
  readonly bestNamed: number;
  /** Winner minus the best named strategy on the fresh runs. */
  readonly vsBestNamed: PairedDifference;
  /** Winner minus the runner-up on the fresh runs (absent with a single candidate). */
  readonly vsRunnerUp?: PairedDifference;
  /** Whether the winner beats the best named strategy with a paired 95% interval that excludes zero. */
  readonly beatsBestNamed: boolean;
}

export interface PolicySearchResult {
  readonly format: 'parley-optimize';
  readonly version: 1;
  readonly engineVersion: string;
  readonly scenario: { readonly file: string; readonly hash: string; readonly title: string };
  readonly seed: string;
  readonly strategy: string;
  readonly objective: { readonly text: string; readonly label: string; readonly direction: 'maximize' | 'minimize' };
  readonly knobs: readonly { readonly name: string; readonly label: string; readonly kind: 'number' | 'enum'; readonly levels: readonly (number | string)[]; readonly default: number | string }[];
  readonly budget: { readonly runs: number; readonly used: number };
  readonly space: number;
  readonly candidates: number;
  readonly rungs: readonly { readonly candidates: number; readonly runs: number }[];
  readonly refinementSteps: number;
  readonly named: readonly NamedResult[];
  readonly bestNamed: NamedResult;
  /** Best first, judged on runs 0..finalRuns-1. */
  readonly top: readonly RankedPolicy[];
  readonly finalRuns: number;
  /** Winner minus runner-up on the final runs. */
  readonly winnerVsRunnerUp?: PairedDifference;
  /** The winner's margin over the runner-up is within noise (their paired 95% interval contains zero). */
  readonly withinNoise: boolean;
  /** Knobs on which the winner and the runner-up differ, when both play every final run alike (those knobs changed nothing there). */
  readonly tiedOn?: readonly string[];
  readonly knobEffects: readonly KnobEffect[];
  readonly design: { readonly candidates: number; readonly runs: number };
  readonly confirmation: Confirmation;
  /** The winning policy as a strategy block to paste into the scenario's "strategies". */
  readonly policy: Readonly<Record<string, unknown>>;
}

interface Candidate {
  readonly key: string;
  readonly levels: readonly number[];
  readonly knobs: KnobAssignment;
  readonly origin: RankedPolicy['origin'];
  values: Float64Array;
  runs: number;
}

/** Searches a strategy's knobs; see the file's doc comment. */
export async function searchPolicies(scenario: CompiledScenario, evaluator: PolicyEvaluator, options: PolicySearchOptions): Promise<PolicySearchResult> {
  const strategy = scenario.strategies.get(options.strategy);
  if (!strategy) throw new Error(`no strategy '${options.strategy}'`);
  const knobs = strategy.knobs;
  if (knobs.length === 0) throw new Error(`strategy '${options.strategy}' has no knobs`);
  const o = options.objective;
  const budget = options.budgetRuns;
  let used = 0;
  const progress = (phase: SearchProgress['phase'], message: string) => options.onProgress?.({ phase, used, budget, message });

  const named = [...scenario.strategies.values()];
  const space = knobs.reduce((n, k) => n * k.levels.length, 1);
  const plan = searchPlan(budget, space, knobs, named.length, options.initial);
  const candidates = new Map<string, Candidate>();
  const candidate = (levels: readonly number[], origin: Candidate['origin']): Candidate => {
    const key = levels.join(',');
    let c = candidates.get(key);
    if (c === undefined) {
      c = { key, levels, knobs: assignmentOf(knobs, levels), origin, values: new Float64Array(0), runs: 0 };
      candidates.set(key, c);
    }
    return c;
  };
  const score = (c: Candidate, n: number) => o.direction * objectiveValue(o, c.values, n);
  /** Plays candidates on runs 0..n-1 (only the runs each has not played yet), grouped by where they stand. */
  const playTo = async (list: readonly Candidate[], n: number): Promise<void> => {
    const byStart = new Map<number, Candidate[]>();
    for (const c of list) if (c.runs < n) byStart.set(c.runs, [...(byStart.get(c.runs) ?? []), c]);
    for (const [start, group] of [...byStart].sort((a, b) => a[0] - b[0])) {
      const values = await evaluator.evaluate(group.map((c) => policyOf(strategy, c.knobs)), options.seed, start, n);
      group.forEach((c, i) => {
        const grown = new Float64Array(n);
        grown.set(c.values.subarray(0, start));
        grown.set(values[i]!, start);
        c.values = grown;
        c.runs = n;
      });
      used += group.length * (n - start);
    }
  };
  const ranked = (list: readonly Candidate[], n: number) =>
    list
      .map((c, i) => ({ c, i, s: score(c, n) }))
      .sort((a, b) => (Number.isNaN(b.s) ? -1 : Number.isNaN(a.s) ? 1 : b.s - a.s || a.i - b.i))
      .map((x) => x.c);

  // 1. The design: the defaults, then a Latin hypercube on the knob grid.
  const defaults = knobs.map((k) => defaultLevel(k));
  const design: Candidate[] = [candidate(defaults, 'default')];
  const u = seedrandom.alea(`${options.seed}/design`);
  if (plan.initial >= space) {
    for (const levels of allLevels(knobs)) design.push(candidate(levels, 'design'));
  } else {
    for (let attempt = 0; design.length < plan.initial && attempt < 20; attempt++) {
      for (const point of latinHypercube(knobs.length, plan.initial - 1, u)) {
        if (design.length >= plan.initial) break;
        const c = candidate(point.map((x, d) => Math.min(knobs[d]!.levels.length - 1, Math.floor(x * knobs[d]!.levels.length))), 'design');
        if (!design.includes(c)) design.push(c);
      }
    }
  }
  progress('design', `${design.length} candidates of ${space.toLocaleString('en-US')} on the knob grid`);

  // 2. The race: successive halving on the same runs.
  const rungs: { candidates: number; runs: number }[] = [];
  let alive = design;
  let m = plan.firstRuns;
  for (let r = 0; ; r++) {
    await playTo(alive, m);
    rungs.push({ candidates: alive.length, runs: m });
    progress('race', `rung ${r + 1}: ${alive.length} candidates on runs 0..${m - 1}`);
    const order = ranked(alive, m);
    if (alive.length <= plan.finalists) {
      alive = order;
      break;
    }
    alive = order.slice(0, Math.max(plan.finalists, Math.ceil(alive.length / 2)));
    m *= 2;
  }
  const finalRuns = m;

  // 3. Named strategies at their defaults on the finalists' runs.
  const namedValues = await evaluator.evaluate(named.map((s) => policyOf(s, {})), options.seed, 0, finalRuns);
  used += named.length * finalRuns;
  const namedResults: NamedResult[] = named.map((s, i) => ({ strategy: s.id, label: s.label, objective: objectiveValue(o, namedValues[i]!, finalRuns) }));
  let bestNamedIndex = 0;
  namedResults.forEach((n, i) => {
    if (o.direction * n.objective > o.direction * namedResults[bestNamedIndex]!.objective || Number.isNaN(namedResults[bestNamedIndex]!.objective)) bestNamedIndex = i;
  });
  progress('named', `${named.length} named strategies on runs 0..${finalRuns - 1}`);

  // 4. Refinement around the leader, on the same runs, while the budget lasts.
  let pool = [...alive];
  let leader = pool[0]!;
  let refinementSteps = 0;
  const reserve = 3 * plan.confirmRuns;
  for (let step = 0; step < 20; step++) {
    const fresh = neighbours(knobs, leader.levels)
      .map((levels) => candidate(levels, 'refinement'))
      .filter((c) => c.runs < finalRuns && !pool.includes(c));
    const cost = fresh.reduce((n, c) => n + finalRuns - c.runs, 0);
    if (fresh.length === 0 || used + cost + reserve > budget) break;
    await playTo(fresh, finalRuns);
    pool = ranked([...pool, ...fresh], finalRuns);
    refinementSteps++;
    progress('refine', `step ${refinementSteps}: ${fresh.length} neighbours of the leader`);
    if (pool[0] === leader) break;
    leader = pool[0]!;
  }
  pool = ranked(pool, finalRuns);
  // The winner's neighbours measure which knobs matter there: play those not played yet, if the budget allows.
  const missing = neighbours(knobs, pool[0]!.levels)
    .map((levels) => candidate(levels, 'refinement'))
    .filter((c) => c.runs < finalRuns);
  const costTo = (n: number) => missing.reduce((sum, c) => sum + Math.max(0, n - c.runs), 0);
  let localRuns = finalRuns;
  if (missing.length > 0 && used + costTo(finalRuns) + reserve <= budget) {
    await playTo(missing, finalRuns);
    pool = ranked([...pool, ...missing.filter((c) => !pool.includes(c))], finalRuns);
  } else if (missing.length > 0) {
    // Not enough budget for all of the final runs: compare the winner's neighbours on the first runs
    // the budget affords (at least the first rung's), still paired; they do not join the ranking.
    let n = finalRuns;
    while (n > plan.firstRuns && used + costTo(n) + reserve > budget) n = Math.max(plan.firstRuns, Math.floor(n / 2));
    if (used + costTo(n) + reserve <= budget) {
      await playTo(missing, n);
      localRuns = n;
    }
  }
  const winner = pool[0]!;
  const runnerUp = pool[1];
  const bestNamedValues = namedValues[bestNamedIndex]!;
  const top: RankedPolicy[] = pool.slice(0, 5).map((c, i) => ({
    knobs: c.knobs,
    objective: objectiveValue(o, c.values, finalRuns),
    runs: finalRuns,
    vsBestNamed: pairedDifference(o, c.values, bestNamedValues, finalRuns, `${options.seed}/top${i}`),
    origin: c.origin,
  }));
  const winnerVsRunnerUp = runnerUp ? pairedDifference(o, winner.values, runnerUp.values, finalRuns, `${options.seed}/runnerUp`) : undefined;

  // 5. Confirmation on fresh runs: the winner, the runner-up and the best named strategy.
  const confirmSeed = `${options.seed}/confirm`;
  const confirmPolicies = [policyOf(strategy, winner.knobs), policyOf(named[bestNamedIndex]!, {}), ...(runnerUp ? [policyOf(strategy, runnerUp.knobs)] : [])];
  // What the search left of the budget goes to the confirmation: a sharper check of the winner.
  const confirmRuns = Math.max(plan.confirmRuns, Math.floor((budget - used) / confirmPolicies.length));
  progress('confirm', `winner, best named strategy${runnerUp ? ' and runner-up' : ''} on ${confirmRuns} fresh runs`);
  const confirmValues = await evaluator.evaluate(confirmPolicies, confirmSeed, 0, confirmRuns);
  used += confirmPolicies.length * confirmRuns;
  const vsNamed = pairedDifference(o, confirmValues[0]!, confirmValues[1]!, confirmRuns, `${confirmSeed}/named`);
  const confirmation: Confirmation = {
    seed: confirmSeed,
    runs: confirmRuns,
    winner: objectiveValue(o, confirmValues[0]!, confirmRuns),
    bestNamed: objectiveValue(o, confirmValues[1]!, confirmRuns),
    vsBestNamed: vsNamed,
    vsRunnerUp: runnerUp ? pairedDifference(o, confirmValues[0]!, confirmValues[2]!, confirmRuns, `${confirmSeed}/runnerUp`) : undefined,
    beatsBestNamed: o.direction === 1 ? vsNamed.lo > 0 : vsNamed.hi < 0,
  };

  return {
    format: 'parley-optimize',
    version: 1,
    engineVersion: ENGINE_VERSION,
    scenario: { file: scenario.path, hash: scenario.hash, title: scenario.file.title },
    seed: options.seed,
    strategy: strategy.id,
    objective: { text: objectiveText(o), label: o.label, direction: o.direction === 1 ? 'maximize' : 'minimize' },
    knobs: knobs.map((k) => ({ name: k.name, label: k.label, kind: k.kind, levels: k.levels, default: k.default })),
    budget: { runs: budget, used },
    space,
    candidates: candidates.size,
    rungs,
    refinementSteps,
    named: namedResults,
    bestNamed: namedResults[bestNamedIndex]!,
    top,
    finalRuns,
    winnerVsRunnerUp,
    withinNoise: winnerVsRunnerUp !== undefined && !(winnerVsRunnerUp.lo > 0 || winnerVsRunnerUp.hi < 0),
    tiedOn: runnerUp && sameValues(winner.values, runnerUp.values, finalRuns) ? knobs.filter((k) => winner.knobs[k.name] !== runnerUp.knobs[k.name]).map((k) => k.name) : undefined,
    knobEffects: knobEffects(knobs, design, plan.firstRuns, winner, candidates, localRuns, o, options.seed),
    design: { candidates: design.length, runs: plan.firstRuns },
    confirmation,
    policy: tunedStrategyBlock(scenario, strategy, winner.knobs),
  };
}

/** How the budget is spent: the design's size, the first rung's runs, the finalists, the confirmation's runs. */
export function searchPlan(
  budget: number,
  space: number,
  knobs: readonly CompiledKnob[],
  namedCount: number,
  initial?: number,
): { initial: number; firstRuns: number; finalists: number; rungs: number; confirmRuns: number } {
  const neighbourCount = knobs.reduce((n, k) => n + (k.kind === 'number' ? 2 : k.levels.length - 1), 0);
  let n0 = Math.min(space, initial ?? clamp(2 ** Math.round(Math.log2(budget / 1500)), 8, 256));
  for (;;) {
    const finalists = Math.min(n0, 4);
    const rungs = 1 + Math.max(0, Math.ceil(Math.log2(n0 / finalists)));
    const last = 2 ** (rungs - 1);
    // Runs per first-rung run: the race (n0 on the first rung, then half of each rung plays as many
    // new runs as the rung before it had), the named strategies and two refinement steps on the
    // final runs, and a confirmation of three policies on as many fresh runs.
    const perRun = n0 + (n0 * (rungs - 1)) / 2 + last * (namedCount + 2 * neighbourCount) + 3 * last;
    const firstRuns = Math.floor((0.95 * budget) / perRun);
    if (firstRuns >= 20 || n0 <= 2 || initial !== undefined) {
      const m0 = Math.max(firstRuns, 2);
      return { initial: n0, firstRuns: m0, finalists, rungs, confirmRuns: Math.max(m0 * last, 50) };
    }
    n0 = Math.max(2, Math.floor(n0 / 2));
  }
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function policyOf(strategy: CompiledStrategy, knobs: KnobAssignment): Policy {
  return { strategy: strategy.id, knobs };
}

function assignmentOf(knobs: readonly CompiledKnob[], levels: readonly number[]): KnobAssignment {
  const a: Record<string, number | string> = {};
  knobs.forEach((k, i) => (a[k.name] = k.levels[levels[i]!]!));
  return a;
}

/** The level closest to the knob's default (a number default may lie between grid points). */
function defaultLevel(k: CompiledKnob): number {
  if (k.kind === 'enum') return k.levels.indexOf(k.default);
  let best = 0;
  k.levels.forEach((v, i) => {
    if (Math.abs((v as number) - (k.default as number)) < Math.abs((k.levels[best] as number) - (k.default as number))) best = i;
  });
  return best;
}

function* allLevels(knobs: readonly CompiledKnob[]): Generator<number[]> {
  const levels = knobs.map(() => 0);
  for (;;) {
    yield [...levels];
    let d = 0;
    while (d < knobs.length && ++levels[d]! >= knobs[d]!.levels.length) levels[d++] = 0;
    if (d === knobs.length) return;
  }
}

/** Grid neighbours: one step up or down along a number knob, or any other value of an enum knob. */
export function neighbours(knobs: readonly CompiledKnob[], levels: readonly number[]): number[][] {
  const out: number[][] = [];
  knobs.forEach((k, d) => {
    const here = levels[d]!;
    const others = k.kind === 'number' ? [here - 1, here + 1] : k.levels.map((_v, i) => i).filter((i) => i !== here);
    for (const l of others) if (l >= 0 && l < k.levels.length) out.push(levels.map((x, j) => (j === d ? l : x)));
  });
  return out;
}

/** Each knob's effect: one-step moves at the winner (paired, on the final runs) and the spread across the initial design. */
function knobEffects(
  knobs: readonly CompiledKnob[],
  design: readonly Candidate[],
  runs: number,
  winner: Candidate,
  candidates: ReadonlyMap<string, Candidate>,
  localRuns: number,
  o: Objective,
  seed: string,
): KnobEffect[] {
  const scores = design.map((c) => o.direction * objectiveValue(o, c.values, runs));
  return knobs.map((k, d) => {
    const local = neighbours(knobs, winner.levels)
      .filter((levels) => levels[d] !== winner.levels[d])
      .flatMap((levels) => {
        const c = candidates.get(levels.join(','));
        if (c === undefined || c.runs < localRuns) return [];
        return [{ value: k.levels[levels[d]!]!, diff: pairedDifference(o, c.values, winner.values, localRuns, `${seed}/local/${c.key}`) }];
      });
    const worse = (x: PairedDifference) => (o.direction === 1 ? x.hi < 0 : x.lo > 0);
    const bands = k.kind === 'enum' ? k.levels.length : Math.min(4, k.levels.length);
    const bandOf = (level: number) => (k.kind === 'enum' ? level : Math.floor((level * bands) / k.levels.length));
    const labels = Array.from({ length: bands }, (_v, b) => {
      if (k.kind === 'enum') return String(k.levels[b]);
      const members = k.levels.map((_v2, i) => i).filter((i) => bandOf(i) === b);
      const lo = k.levels[members[0]!]!;
      const hi = k.levels[members[members.length - 1]!]!;
      return lo === hi ? String(lo) : `${lo}..${hi}`;
    });
    const groupOf = design.map((c) => bandOf(c.levels[d]!));
    const spreadOf = (pick: readonly number[]) => {
      const sum = new Array<number>(bands).fill(0);
      const count = new Array<number>(bands).fill(0);
      for (const i of pick) {
        if (Number.isNaN(scores[i]!)) continue;
        sum[groupOf[i]!]! += scores[i]!;
        count[groupOf[i]!]!++;
      }
      const means = sum.map((x, b) => (count[b]! > 0 ? x / count[b]! : NaN)).filter((x) => !Number.isNaN(x));
      return { spread: means.length < 2 ? 0 : Math.max(...means) - Math.min(...means), sum, count };
    };
    const observed = spreadOf(design.map((_c, i) => i));
    const u = seedrandom.alea(`${seed}/effects/${k.name}`);
    const boot: number[] = [];
    for (let r = 0; r < 400; r++) boot.push(spreadOf(design.map(() => Math.floor(u() * design.length))).spread);
    boot.sort((a, b) => a - b);
    const groups = labels.map((levels, b) => ({ levels, objective: observed.count[b]! > 0 ? (o.direction * observed.sum[b]!) / observed.count[b]! : NaN, candidates: observed.count[b]! }));
    let best = 0;
    groups.forEach((g, b) => {
      if (o.direction * g.objective > o.direction * groups[best]!.objective || Number.isNaN(groups[best]!.objective)) best = b;
    });
    return {
      knob: k.name,
      label: k.label,
      local,
      matters: local.some((x) => worse(x.diff)),
      design: { spread: observed.spread, lo: boot[Math.floor(0.025 * boot.length)]!, hi: boot[Math.ceil(0.975 * boot.length) - 1]!, bestLevels: groups[best]!.levels, groups },
    };
  });
}

/**
 * The winning policy as a strategy block ready to paste into the scenario's "strategies": the
 * strategy's own rules and knobs, with each knob's default set to the winner's value.
 */
export function tunedStrategyBlock(scenario: CompiledScenario, strategy: CompiledStrategy, knobs: KnobAssignment): Record<string, unknown> {
  const source = scenario.file.strategies[strategy.id]!;
  const tunedKnobs: Record<string, unknown> = {};
  for (const [name, k] of Object.entries(source.knobs ?? {})) tunedKnobs[name] = { ...k, default: knobs[name] ?? k.default };
  const settings = strategy.knobs.map((k) => `${k.name} = ${knobs[k.name]}`).join(', ');
  return {
    [`${strategy.id}Tuned`]: {
      ...source,
      label: `${source.label} (tuned)`,
      description: `${source.description ? `${source.description} ` : ''}Knob defaults found by parley optimize: ${settings}.`,
      knobs: tunedKnobs,
    },
  };
}
