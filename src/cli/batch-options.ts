import { InvalidArgumentError } from 'commander';
import type { CompiledKnob, CompiledScenario, CompiledStrategy, KnobAssignment } from '../scenario/compiled-scenario.js';
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
export function buildArms(
  strategies: readonly string[],
  base: readonly [string, number][],
  variants: readonly [string, number][][],
  knobs: ReadonlyMap<string, KnobAssignment> = new Map(),
): BatchArm[] {
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
      const set = knobs.get(strategy);
      arms.push(set === undefined ? { label, strategy, sets: v.sets, variant: v.name } : { label, strategy, sets: v.sets, variant: v.name, knobs: set });
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

/** A knob's domain in words, for error messages: "a number from 0 to 24 in steps of 3 (0, 3, ..., 24)" or "one of us, china". */
export function knobDomain(k: CompiledKnob): string {
  if (k.kind === 'enum') return `one of ${k.levels.join(', ')}`;
  const shown = k.levels.length <= 6 ? k.levels.join(', ') : `${k.levels.slice(0, 3).join(', ')}, ..., ${k.levels[k.levels.length - 1]}`;
  return `a number from ${k.min} to ${k.max} in steps of ${Number(k.step.toPrecision(12))} (${shown})`;
}

/**
 * `--knob name=value` texts (repeatable, or comma lists) checked against the strategies a command plays:
 * each name must be a knob of at least one of them, and its value one of the knob's grid values (on the
 * step, within the range) or enum choices. Returns the assignment per strategy that declares the knobs
 * (strategies without them play as they are). Errors are E_KNOB_VALUE and name the knob's domain.
 */
export function parseKnobs(texts: readonly string[], strategies: readonly CompiledStrategy[], option = '--knob'): Map<string, KnobAssignment> {
  const out = new Map<string, Record<string, number | string>>();
  if (texts.length === 0) return out;
  const declared = new Map<string, CompiledKnob>();
  for (const s of strategies) for (const k of s.knobs) if (!declared.has(k.name)) declared.set(k.name, k);
  const names = [...declared.keys()];
  for (const text of texts) {
    for (const part of text.split(',')) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new UserError(`${option} '${part}': expected name=value`, names.length > 0 ? `for example ${option} ${names[0]}=${declared.get(names[0]!)!.default}` : 'the strategy has no knobs', 'E_KNOB_VALUE');
      const name = part.slice(0, eq).trim();
      const raw = part.slice(eq + 1).trim();
      const played = strategies.map((s) => s.id).join(', ');
      if (!declared.has(name)) {
        const guess = didYouMean(name, names);
        const listed = names.map((n) => `${n}: ${knobDomain(declared.get(n)!)}`).join('; ');
        throw new UserError(
          `${option} ${name}=${raw}: no knob '${name}' in ${strategies.length === 1 ? 'strategy' : 'strategies'} ${played}`,
          names.length === 0 ? `${played} ${strategies.length === 1 ? 'declares' : 'declare'} no knobs (a strategy declares them under "knobs"; see docs/optimize.md)` : `${guess?.startsWith('did you mean') ? `${guess} ` : ''}the knobs are ${listed}`,
          'E_KNOB_VALUE',
        );
      }
      for (const s of strategies) {
        const k = s.knobs.find((x) => x.name === name);
        if (k === undefined) continue;
        const value = knobValue(k, raw, option, s.id);
        out.set(s.id, { ...(out.get(s.id) ?? {}), [name]: value });
      }
    }
  }
  return out;
}

function knobValue(k: CompiledKnob, raw: string, option: string, strategy: string): number | string {
  const domain = `knob '${k.name}' of strategy '${strategy}' takes ${knobDomain(k)}`;
  if (k.kind === 'enum') {
    if (k.levels.includes(raw)) return raw;
    const guess = didYouMean(raw, k.levels as string[]);
    throw new UserError(`${option} ${k.name}=${raw}: '${raw}' is not a choice of the knob`, `${domain}${guess?.startsWith('did you mean') ? `; ${guess}` : ''}`, 'E_KNOB_VALUE');
  }
  const v = raw === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new UserError(`${option} ${k.name}=${raw}: the value must be a number`, domain, 'E_KNOB_VALUE');
  if (v < k.min - 1e-9 * Math.max(1, Math.abs(k.min)) || v > k.max + 1e-9 * Math.max(1, Math.abs(k.max))) {
    throw new UserError(`${option} ${k.name}=${raw}: ${raw} is outside the knob's range [${k.min}, ${k.max}]`, domain, 'E_KNOB_VALUE');
  }
  const level = k.levels.find((l) => Math.abs((l as number) - v) <= 1e-9 * Math.max(1, Math.abs(v)));
  if (level === undefined) {
    const below = [...k.levels].reverse().find((l) => (l as number) < v);
    const above = k.levels.find((l) => (l as number) > v);
    throw new UserError(`${option} ${k.name}=${raw}: ${raw} is not on the knob's grid (nearest: ${[below, above].filter((x) => x !== undefined).join(' or ')})`, domain, 'E_KNOB_VALUE');
  }
  return level;
}
