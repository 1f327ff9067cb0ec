import { limits } from '../scenario/limits.js';
import type { AggregateShape, ArmAggregateState } from './batch-aggregate.js';

/**
 * What is wrong with a stored aggregate (summary.json's or checkpoint.json's `aggregate`), or
 * undefined when its counts are whole and add up: `arms` arms of `runs` runs each, every count a
 * non-negative integer, the outcome and round counts summing to the runs, each metric's defined and
 * missing runs summing to the runs, each track's final states and the deal sets summing to the runs. Merging or
 * resuming from a tampered file would otherwise print probabilities such as -2.02.
 */
export function checkAggregateState(state: unknown, shape: AggregateShape, arms: number, runs: number): string | undefined {
  if (!Array.isArray(state)) return 'aggregate is not a list';
  if (state.length !== arms) return `aggregate has ${state.length} arms, the batch has ${arms}`;
  for (const [i, raw] of state.entries()) {
    const at = `aggregate[${i}]`;
    if (typeof raw !== 'object' || raw === null) return `${at} is not an object`;
    const a = raw as Partial<ArmAggregateState>;
    if (a.runs !== runs) return `${at}.runs is ${JSON.stringify(a.runs)}, the batch range holds ${runs}`;
    const counts = (name: keyof ArmAggregateState, length?: number): string | undefined => {
      const v = a[name];
      if (!Array.isArray(v) || !v.every(isCount)) return `${at}.${name} must be a list of counts (non-negative integers)`;
      if (length !== undefined && v.length !== length) return `${at}.${name} has ${v.length} entries, expected ${length}`;
      return undefined;
    };
    const problem = counts('outcomes', shape.outcomes + 1) ?? counts('rounds') ?? counts('dealRounds') ?? counts('outcomeDiscordant', shape.outcomes + 1);
    if (problem) return problem;
    if (sum(a.outcomes!) !== runs) return `${at}.outcomes add up to ${sum(a.outcomes!)}, not to its ${runs} runs`;
    if (sum(a.rounds!) !== runs) return `${at}.rounds add up to ${sum(a.rounds!)}, not to its ${runs} runs`;
    if (sum(a.dealRounds!) > runs) return `${at}.dealRounds count ${sum(a.dealRounds!)} deals in ${runs} runs`;
    if (!Array.isArray(a.outcomeDiff) || a.outcomeDiff.length !== shape.outcomes + 1 || !a.outcomeDiff.every(Number.isInteger)) return `${at}.outcomeDiff must be ${shape.outcomes + 1} integers`;
    if (!Array.isArray(a.metrics) || a.metrics.length !== shape.metrics) return `${at}.metrics must list ${shape.metrics} metrics`;
    for (const [m, raw] of a.metrics.entries()) {
      const acc = raw as { n?: unknown; missing?: unknown; sum?: unknown; sumSquares?: unknown; sketch?: { count?: unknown; counts?: unknown } };
      if (!isCount(acc?.n) || !isCount(acc?.missing) || acc.n + acc.missing !== runs) return `${at}.metrics[${m}]: n and missing must be counts adding up to its ${runs} runs`;
      if (!Array.isArray(acc.sum) || !Array.isArray(acc.sumSquares)) return `${at}.metrics[${m}]: sums missing`;
      if (!sumWithin(acc.sum, limits.metricMagnitude, acc.n) || !sumWithin(acc.sumSquares, limits.metricMagnitude ** 2, acc.n)) {
        return `${at}.metrics[${m}]: its sums must be finite numbers within what ${acc.n} values of at most ±1e100 add up to (an overflowed or edited sum)`;
      }
      const sketch = acc.sketch;
      if (!sketch || sketch.count !== acc.n || !Array.isArray(sketch.counts)) return `${at}.metrics[${m}].sketch must count its ${acc.n} values`;
      let total = 0;
      for (const e of sketch.counts as unknown[]) {
        if (!Array.isArray(e) || typeof e[0] !== 'number' || !isCount(e[1])) return `${at}.metrics[${m}].sketch has an entry that is not [value, count]`;
        total += e[1];
      }
      if (total !== acc.n) return `${at}.metrics[${m}].sketch counts add up to ${total}, not ${acc.n}`;
    }
    if (!Array.isArray(a.metricDiff) || a.metricDiff.length !== shape.metrics) return `${at}.metricDiff must list ${shape.metrics} metrics`;
    for (const [m, d] of a.metricDiff.entries()) {
      const p = d as { n?: unknown; sum?: unknown; sumSquares?: unknown };
      if (!isCount(p?.n) || p.n > runs || !Array.isArray(p.sum) || !Array.isArray(p.sumSquares)) return `${at}.metricDiff[${m}] must count at most ${runs} paired runs`;
      if (!sumWithin(p.sum, 2 * limits.metricMagnitude, p.n) || !sumWithin(p.sumSquares, (2 * limits.metricMagnitude) ** 2, p.n)) {
        return `${at}.metricDiff[${m}]: its sums must be finite numbers within what ${p.n} differences of metric values add up to (an overflowed or edited sum)`;
      }
    }
    // The main metric against each earlier arm: at most one per earlier arm, each over at most the runs.
    if (!Array.isArray(a.mainDiff) || a.mainDiff.length > (shape.mainMetric >= 0 ? i : 0)) return `${at}.mainDiff must list at most ${shape.mainMetric >= 0 ? i : 0} paired differences`;
    for (const [j, d] of a.mainDiff.entries()) {
      const p = d as { n?: unknown; sum?: unknown; sumSquares?: unknown };
      if (!isCount(p?.n) || p.n > runs || !Array.isArray(p.sum) || !Array.isArray(p.sumSquares)) return `${at}.mainDiff[${j}] must count at most ${runs} paired runs`;
    }
    for (const name of ['finalStates', 'paths'] as const) {
      const tallies = a[name];
      if (!Array.isArray(tallies) || tallies.length !== shape.tracks) return `${at}.${name} must list ${shape.tracks} tracks`;
      for (const [t, tally] of tallies.entries()) {
        const problem = checkTally(tally, `${at}.${name}[${t}]`, runs);
        if (problem) return problem;
      }
    }
    const problem2 = checkTally(a.dealSets, `${at}.dealSets`, runs);
    if (problem2) return problem2;
    // A deal set is exact (never truncated): its runs with a deal cannot exceed the runs that signed one.
    const withDeal = (a.dealSets as { counts: [string, number][] }).counts.reduce((s, [k, c]) => s + (k === '' ? 0 : c), 0);
    if (withDeal > sum(a.dealRounds!)) return `${at}.dealSets count ${withDeal} runs with deals, but only ${sum(a.dealRounds!)} runs signed one`;
  }
  return undefined;
}

/** What is wrong with one stored tally of `runs` runs, or undefined. */
function checkTally(tally: unknown, at: string, runs: number): string | undefined {
  const t = tally as { counts?: unknown; truncated?: unknown } | null | undefined;
  if (!t || !Array.isArray(t.counts) || typeof t.truncated !== 'boolean') return `${at} is not a tally`;
  let total = 0;
  for (const e of t.counts as unknown[]) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || !isCount(e[1])) return `${at} has an entry that is not [key, count]`;
    total += e[1];
  }
  if (total > runs || (!t.truncated && total !== runs)) return `${at} counts add up to ${total}, not to its ${runs} runs`;
  return undefined;
}

/**
 * Whether a stored exact sum (its partials) can be the sum of n values of magnitude at most `bound`:
 * every part a finite number within n x bound. Batches refuse metric values beyond
 * limits.metricMagnitude, so only an edited file (or one written before that bound, where a sum
 * could overflow to "Infinity" or "NaN") fails this.
 */
function sumWithin(parts: readonly unknown[], bound: number, n: number): boolean {
  const most = bound * Math.max(1, n);
  return parts.every((x) => typeof x === 'number' && Number.isFinite(x) && Math.abs(x) <= most);
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function sum(a: readonly number[]): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}
