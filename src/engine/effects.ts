import type { CompiledEffect } from '../scenario/compiled-scenario.js';
import { _, compileFunction, expressionCode, HELPERS_PARAM, join, name, SCOPE, type Code } from '../scenario/code-template.js';
import { HELPERS } from '../scenario/compile-source.js';
import { handOvers } from './hand-overs.js';
import { clamp, type RunExpressions, type Scope } from './run-scope.js';
import type { TraceEntry } from './trace-entry.js';

/**
 * Effects: writes to world variables, in order (a move's, a response's, an event's, a state's `set`
 * action). Numbers are clamped to the variable's range; enum values must be among the variable's;
 * a boolean variable takes only true or false (a `dyn(...)` expression can give anything).
 *
 * Two implementations behind one contract: `applyEffects` (the reference, and the path that reports
 * errors and records each change in a trace) and `compileEffects` (one generated function per list,
 * used when no trace is kept). The generated function stops at the first effect that fails and
 * returns its index; `applyEffects` goes on from there, evaluates it again and reports it.
 */

/**
 * A generated effect list: applies the effects to the world `w` and returns -1, or the index of the
 * first effect that failed (threw, or gave a value of the wrong kind), which it did not apply.
 * `refreshBatna` is called before an expression that reads `batna` (an earlier effect may have
 * changed the world the reservations depend on).
 */
export type GeneratedEffects = (s: Scope, w: Record<string, unknown>, refreshBatna: () => void) => number;

const W = name('w');
const REFRESH = name('refreshBatna');

/**
 * The list as one generated function, each expression's generated text in place and each variable
 * written by name (the reference's `world[e.variable] = v` is a megamorphic keyed store). Undefined
 * for an empty list, an expression without generated text, or code generation off.
 */
export function compileEffects(list: readonly CompiledEffect[]): GeneratedEffects | undefined {
  if (list.length === 0) return undefined;
  const lines: Code[] = [];
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!;
    lines.push(_`at = ${i};`);
    if ('literal' in e.value) lines.push(_`v = L[${i}];`);
    else {
      const code = expressionCode(e.value.expr);
      if (code === undefined) return undefined;
      if (e.value.expr.readsBatna) lines.push(_`${REFRESH}();`);
      lines.push(_`v = ${code};`);
    }
    if (e.kind === 'number') {
      lines.push(_`if (typeof v !== 'number' || !Number.isFinite(v)) return ${i};`);
      lines.push(_`${W}[${e.variable}] = v < ${e.min} ? ${e.min} : v > ${e.max} ? ${e.max} : v;`);
    } else if (e.kind === 'enum') {
      lines.push(_`if (!V[${i}].includes(v)) return ${i};`);
      lines.push(_`${W}[${e.variable}] = v;`);
    } else {
      lines.push(_`if (typeof v !== 'boolean') return ${i};`);
      lines.push(_`${W}[${e.variable}] = v;`);
    }
  }
  const body = _`return function effects(${SCOPE}, ${W}, ${REFRESH}) {
  let v, at = 0;
  try {
    ${join(lines, _`\n    `)}
  } catch (error) {
    return at;
  }
  return -1;
};`;
  const literals = list.map((e) => ('literal' in e.value ? e.value.literal : undefined));
  return compileFunction<GeneratedEffects>([name('L'), name('V'), HELPERS_PARAM], body, [literals, list.map((e) => e.values ?? []), HELPERS]);
}

/**
 * Applies effects in order: through `generated` where there is one and no trace is kept, then (from
 * the effect it stopped at, if any) one by one, recording each change in `trace`.
 */
export function applyEffects(x: RunExpressions, effects: readonly CompiledEffect[], generated: GeneratedEffects | undefined, trace: TraceEntry[] | undefined): void {
  if (effects.length === 0) return;
  const world = x.scope.world;
  let from = 0;
  if (generated !== undefined && trace === undefined) {
    from = generated(x.scope, world, x.refreshBatna);
    if (from < 0) return;
    handOvers.effects++;
  }
  for (let i = from; i < effects.length; i++) {
    const e = effects[i]!;
    const raw = 'literal' in e.value ? e.value.literal : x.evaluate(e.value.expr);
    let v = raw;
    if (e.kind === 'number') {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw x.notFinite(e.value, raw);
      v = clamp(raw, e.min, e.max);
    } else if (e.kind === 'enum' && !e.values!.includes(raw as string)) {
      throw x.notInEnum(`effect on '${e.variable}' gave`, raw, e.values!, e.value);
    } else if (e.kind === 'boolean' && typeof raw !== 'boolean') {
      throw x.notBoolean(e.variable, raw, e.value);
    }
    if (trace !== undefined) {
      const before = world[e.variable];
      if (before !== v) trace.push({ round: x.round, kind: 'effect', variable: e.variable, from: before, to: v });
    }
    world[e.variable] = v;
  }
}
