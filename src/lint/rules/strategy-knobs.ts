import type { CompiledKnob, CompiledStrategy } from '../../scenario/compiled-scenario.js';
import type { CompiledExpression } from '../../scenario/compile-expression.js';
import type { LintRule } from '../lint-rule.js';
import { namesRead } from '../scenario-expressions.js';

/** Each expression of a strategy's rules (conditions and offer values), with the move's bounds for an offer value. */
function ruleExpressions(s: CompiledStrategy): { expr: CompiledExpression; bounds?: { min: number; max: number } | { values: readonly string[] } }[] {
  const out: { expr: CompiledExpression; bounds?: { min: number; max: number } | { values: readonly string[] } }[] = [];
  for (const r of s.rules) {
    if (r.when) out.push({ expr: r.when });
    for (const o of r.offerExpressions) {
      const spec = r.move?.offer.find((x) => x.issue === o.issue);
      out.push({ expr: o.expr, bounds: spec === undefined ? undefined : spec.kind === 'number' ? { min: spec.min, max: spec.max } : { values: spec.values } });
    }
  }
  return out;
}

function knobPath(s: CompiledStrategy, k: CompiledKnob): string[] {
  return ['strategies', s.id, 'knobs', k.name];
}

/** W_KNOB_UNUSED: a knob no rule of its strategy reads; `parley optimize` would search it for nothing. */
export const knobUnused: LintRule = {
  code: 'W_KNOB_UNUSED',
  summary: "a strategy's knob that none of its rules reads (knob.<name> in a condition or an offer)",
  sampled: false,
  check(ctx) {
    const out = [];
    for (const s of ctx.scenario.strategies.values()) {
      if (s.knobs.length === 0) continue;
      const read = new Set<string>();
      for (const { expr } of ruleExpressions(s)) for (const name of namesRead(expr.source, 'knob')) read.add(name);
      for (const k of s.knobs) {
        if (read.has(k.name)) continue;
        out.push(
          ctx.warning(
            'W_KNOB_UNUSED',
            knobPath(s, k),
            `knob '${k.name}' of strategy '${s.id}' is never read: no rule condition or offer uses knob.${k.name}, so every value plays alike and parley optimize searches it for nothing`,
            `read knob.${k.name} in a rule's "when" or offer, or remove the knob`,
            true,
          ),
        );
      }
    }
    return out;
  },
};

/** W_KNOB_DEFAULT_OFF_GRID: a number knob's default lies between its grid levels. */
export const knobDefaultOffGrid: LintRule = {
  code: 'W_KNOB_DEFAULT_OFF_GRID',
  summary: "a number knob's default is not one of its grid levels (min + k * step): the search starts from the nearest level and --knob cannot set it",
  sampled: false,
  check(ctx) {
    const out = [];
    for (const s of ctx.scenario.strategies.values()) {
      for (const k of s.knobs) {
        if (k.kind !== 'number') continue;
        const d = k.default as number;
        if (k.levels.some((l) => Math.abs((l as number) - d) <= 1e-9 * Math.max(1, Math.abs(d)))) continue;
        const below = [...k.levels].reverse().find((l) => (l as number) < d);
        const above = k.levels.find((l) => (l as number) > d);
        out.push(
          ctx.warning(
            'W_KNOB_DEFAULT_OFF_GRID',
            [...knobPath(s, k), 'default'],
            `the default ${d} of knob '${k.name}' (strategy '${s.id}') is not on its grid (${k.min} to ${k.max} in steps of ${Number(k.step.toPrecision(12))}): parley optimize starts from the nearest level and compares policies on the grid only`,
            `use a default on the grid (${[below, above].filter((x) => x !== undefined).join(' or ')}), or change the step`,
          ),
        );
      }
    }
    return out;
  },
};

/**
 * W_KNOB_NO_EFFECT, where it is decidable without playing: a knob with a single level, or one read
 * only by expressions that read nothing but that knob (and constants) and give the same result (an
 * offer value after clamping to the move's bounds) at every level of it.
 */
export const knobNoEffect: LintRule = {
  code: 'W_KNOB_NO_EFFECT',
  summary: "a knob that cannot change what its strategy does: a single level, or read only where every level gives the same result (e.g. an offer clamped to the move's bounds)",
  sampled: false,
  check(ctx) {
    const out = [];
    for (const s of ctx.scenario.strategies.values()) {
      if (s.knobs.length === 0 || s.knobClass === undefined) continue;
      const expressions = ruleExpressions(s);
      for (const k of s.knobs) {
        const readers = expressions.filter(({ expr }) => namesRead(expr.source, 'knob').has(k.name));
        if (readers.length === 0) continue; // W_KNOB_UNUSED
        if (k.levels.length === 1) {
          out.push(
            ctx.warning(
              'W_KNOB_NO_EFFECT',
              knobPath(s, k),
              `knob '${k.name}' of strategy '${s.id}' has a single level (${k.levels[0]}): there is nothing to search`,
              k.kind === 'number' ? 'widen its range or make its step smaller' : 'give it another value',
              true,
            ),
          );
          continue;
        }
        const decidable = readers.every(({ expr }) => [...expr.reads].every((r) => r === 'knob') && [...namesRead(expr.source, 'knob')].every((n) => n === k.name));
        if (!decidable) continue;
        const results = k.levels.map((level) => {
          const knob = new s.knobClass!();
          for (const other of s.knobs) knob[other.name] = other.name === k.name ? level : other.default;
          return readers
            .map(({ expr, bounds }) => {
              let v: unknown;
              try {
                v = expr.evaluate({ knob } as never);
              } catch {
                return '\u0000failed';
              }
              if (bounds !== undefined && 'min' in bounds && typeof v === 'number') v = Math.min(bounds.max, Math.max(bounds.min, v));
              return JSON.stringify(v);
            })
            .join('\u0001');
        });
        if (results.some((r) => r.includes('\u0000'))) continue;
        if (new Set(results).size > 1) continue;
        out.push(
          ctx.warning(
            'W_KNOB_NO_EFFECT',
            knobPath(s, k),
            `knob '${k.name}' of strategy '${s.id}' changes nothing: every level from ${k.levels[0]} to ${k.levels[k.levels.length - 1]} gives the same rule conditions and offers${readers.some((r) => r.bounds !== undefined) ? " (offers clamped to the move's bounds)" : ''}`,
            "give the knob a range where it makes a difference (within the move's offer bounds), or remove it",
            true,
          ),
        );
      }
    }
    return out;
  },
};
