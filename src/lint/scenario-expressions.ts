import type { CompiledEffect, CompiledReceivedOffer, CompiledResponse, CompiledScenario, ValueSource } from '../scenario/compiled-scenario.js';
import type { CompiledExpression } from '../scenario/compile-expression.js';

/** An expression of the scenario and, for an effect, the world variable it writes. */
export interface ScenarioExpression {
  readonly expr: CompiledExpression;
  readonly writes?: string;
}

/** Every compiled expression in a scenario: conditions, probabilities, effects, terms, offers, guards, metrics. */
export function scenarioExpressions(s: CompiledScenario): ScenarioExpression[] {
  const out: ScenarioExpression[] = [];
  const add = (e: CompiledExpression | undefined, writes?: string) => {
    if (e) out.push({ expr: e, writes });
  };
  const source = (v: ValueSource<unknown> | undefined, writes?: string) => {
    if (v && 'expr' in v) add(v.expr, writes);
  };
  const effects = (list: readonly CompiledEffect[]) => list.forEach((e) => source(e.value, e.variable));
  const offer = (o: CompiledReceivedOffer | undefined) => o?.terms.forEach((t) => source(t.value));
  const responses = (list: readonly CompiledResponse[]) =>
    list.forEach((r) => {
      source(r.p);
      effects(r.effects);
      if (Array.isArray(r.terms)) for (const t of r.terms as { value: ValueSource<unknown> }[]) source(t.value);
      offer(r.offer);
    });
  for (const w of s.world) source(w.initial, w.name);
  for (const p of s.parties) source(p.reservation);
  for (const t of s.tracks) {
    for (const g of t.guards.values()) add(g);
    for (const a of t.actions.values()) if (a.type === 'set') effects(a.effects);
    for (const st of t.stance) add(st.when);
    const concession = t.negotiator?.concession;
    if (concession?.type === 'time') {
      source(concession.e);
      source(concession.deadline);
    }
    for (const m of t.moves) {
      add(m.when);
      for (const o of m.offer) source(o.default);
      effects(m.effects);
      responses(m.responses);
    }
  }
  for (const e of s.events) {
    add(e.when);
    source(e.p);
    effects(e.effects);
    offer(e.offer);
    responses(e.branches);
  }
  for (const st of s.strategies.values()) {
    for (const r of st.rules) {
      add(r.when);
      for (const o of r.offerExpressions) add(o.expr);
    }
  }
  for (const o of s.outcomes) add(o.when);
  for (const m of s.metrics) add(m.expr);
  add(s.end);
  return out;
}

/** Member names read under a root variable (`world.x` gives x), ignoring text inside string literals. */
export function namesRead(source: string, root: string): Set<string> {
  const code = source.replace(/'''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"/g, "''");
  const found = new Set<string>();
  const re = new RegExp(`(?<![A-Za-z0-9_.])${root}\\s*\\.\\s*([A-Za-z][A-Za-z0-9_]*)`, 'g');
  for (const m of code.matchAll(re)) found.add(m[1]!);
  return found;
}
