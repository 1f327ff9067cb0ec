import { InvalidArgumentError } from 'commander';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { didYouMean } from '../scenario/did-you-mean.js';
import type { BatchArm } from '../montecarlo/batch-plan.js';
import { UserError } from './user-error.js';

/** `--set name=value` pairs as given (checked against the scenario later, when it is loaded). */
export function collectSetting(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses "name=value[,name=value...]" into pairs, checking names against the scenario's parameters. */
export function parseSettings(texts: readonly string[], scenario: CompiledScenario, option: string): [string, number][] {
  const names = scenario.parameters.map((p) => p.name);
  const out = new Map<string, number>();
  for (const text of texts) {
    for (const part of text.split(',')) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new UserError(`${option} '${part}': expected name=value`, `for example ${option} ${names[0] ?? 'param'}=0.5`);
      const name = part.slice(0, eq).trim();
      const raw = part.slice(eq + 1).trim();
      if (!names.includes(name)) {
        throw new UserError(
          `${option}: the scenario has no parameter '${name}'`,
          names.length === 0 ? 'this scenario declares no parameters' : didYouMean(name, names),
        );
      }
      const value = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(value)) throw new UserError(`${option} ${name}=${raw}: the value must be a number`, `for example ${option} ${name}=${scenario.parameters.find((p) => p.name === name)!.low}`);
      out.set(name, value);
    }
  }
  return [...out];
}

/** Warnings for held values outside a parameter's distribution (allowed: it is a what-if). */
export function settingWarnings(sets: readonly (readonly [string, number])[], scenario: CompiledScenario): string[] {
  const warnings: string[] = [];
  for (const [name, v] of sets) {
    const p = scenario.parameters.find((q) => q.name === name)!;
    if (v < p.low || v > p.high) warnings.push(`${name}=${v} lies outside its distribution's range [${p.low}, ${p.high}]`);
  }
  return warnings;
}

/**
 * A commander parser for --strategy: refuses text that names no strategy (empty, blanks, commas
 * alone), which would otherwise run a batch of no arms. Names are checked against the scenario later.
 */
export function strategyOption(value: string): string {
  if (value.split(',').every((s) => s.trim() === '')) throw new InvalidArgumentError(`${JSON.stringify(value)} names no strategy: give a strategy's name, a comma list of names, or 'all'`);
  return value.trim();
}

/** Resolves --strategy (a name, a comma list, or "all") against the scenario. */
export function parseStrategies(text: string | undefined, scenario: CompiledScenario): string[] {
  const all = [...scenario.strategies.keys()];
  if (text === undefined) return [scenario.defaultStrategy];
  if (text.trim() === 'all') return all;
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UserError(`--strategy ${JSON.stringify(text)} names no strategy`, `give a name, a comma list or 'all'; the scenario has: ${all.join(', ')}`);
  for (const n of names) if (!scenario.strategies.has(n)) throw new UserError(`no strategy '${n}'`, strategyHint(n, all));
  return [...new Set(names)];
}

/**
 * The arms of a batch: every strategy crossed with every variant. The base variant holds the --set
 * values; each --compare-set adds a variant that holds its values on top of them. The first arm (first
 * strategy, base variant) is the one the others are compared with.
 */
export function buildArms(strategies: readonly string[], base: readonly [string, number][], variants: readonly [string, number][][]): BatchArm[] {
  const variantList: { name: string; sets: readonly [string, number][] }[] = [{ name: 'base', sets: base }];
  for (const v of variants) {
    const merged = new Map(base);
    for (const [k, x] of v) merged.set(k, x);
    variantList.push({ name: v.map(([k, x]) => `${k}=${x}`).join(','), sets: [...merged] });
  }
  const arms: BatchArm[] = [];
  for (const strategy of strategies) {
    for (const v of variantList) {
      const label = variantList.length === 1 ? strategy : strategies.length === 1 ? v.name : `${strategy} · ${v.name}`;
      arms.push({ label, strategy, sets: v.sets, variant: v.name });
    }
  }
  return arms;
}

/** `--shard k/n`: the k-th (from 1) of n contiguous slices of the batch. */
export function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('--shard must look like k/n, e.g. 2/8 (the 2nd of 8 slices)');
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new InvalidArgumentError('--shard k/n needs n >= 1');
  if (count > MAX_SHARDS) throw new InvalidArgumentError(`--shard k/n takes n up to ${MAX_SHARDS.toLocaleString('en-US')}`);
  if (index < 1 || index > count) throw new InvalidArgumentError(`--shard ${value}: k runs from 1 to ${count} (shards are numbered from 1)`);
  return { index, count };
}

/** The most slices --shard may cut a batch into (more than any cluster runs jobs). */
export const MAX_SHARDS = 1_000_000;

/**
 * The run indices [start, end) of shard k of n in a batch of `runs`: floor((k - 1) * runs / n) to
 * floor(k * runs / n), computed on integers (k * runs passes 2^53 for a large batch, where doubles
 * would round and leave gaps or overlaps between shards).
 */
export function shardRange(runs: number, shard: { index: number; count: number } | undefined): { start: number; end: number } {
  if (!shard) return { start: 0, end: runs };
  const at = (k: number) => Number((BigInt(k) * BigInt(runs)) / BigInt(shard.count));
  return { start: at(shard.index - 1), end: at(shard.index) };
}

/** A positive width for --until-ci, as a probability (0.02) or a percentage ("2%"). */
export function parseWidth(value: string): number {
  const pctForm = value.trim().endsWith('%');
  const n = Number(pctForm ? value.trim().slice(0, -1) : value);
  const w = pctForm ? n / 100 : n;
  if (!Number.isFinite(w) || w <= 0 || w >= 1) throw new InvalidArgumentError('--until-ci takes an interval width between 0 and 1, e.g. 0.02 or 2%');
  return w;
}

/** "did you mean 'random'? (the scenario has: a, b, c; or --strategy all)" */
export function strategyHint(name: string, all: readonly string[]): string {
  const guess = didYouMean(name, all);
  const list = `the scenario has: ${all.join(', ')}; or --strategy all to compare them`;
  return guess?.startsWith('did you mean') ? `${guess} (${list})` : list;
}
