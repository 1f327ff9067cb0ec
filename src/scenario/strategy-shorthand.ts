import { z } from 'zod';
import type { ExpandedDocument } from './expanded-document.js';
import type { ScenarioProblem } from './scenario-error.js';
import type { ErrorCode } from './error-codes.js';
import { schemaProblems } from './schema-problems.js';
import { didYouMean } from './did-you-mean.js';

type Path = readonly (string | number)[];

/** The most rules a strategy may have once its rule sets and move lists are expanded (the schema's bound). */
export const MAX_STRATEGY_RULES = 200;

/** What the "ruleSets" section must look like before expansion: named, non-empty lists of rules. */
const ruleSetsSection = z.looseObject({
  ruleSets: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be an identifier: a letter, then letters, digits or _'), z.array(z.looseObject({})).min(1).max(MAX_STRATEGY_RULES))
    .optional(),
});

/**
 * Expands the shorthands of strategies in place, once track templates are expanded:
 * - a rule whose "move" is a list (`{"move": ["us.sign", "canadaSwiss.sign"], "when": ...}`) becomes
 *   one rule per move, in the list's order, each with the rule's other keys;
 * - a rule `{"use": "westCore"}` becomes the rules of the scenario's rule set "westCore" (a key of
 *   "ruleSets"), in order, themselves expanded the same way; rule sets do not nest;
 * and drops the "ruleSets" section. Every expanded rule is located where it is written (the rule
 * set's rule, the list's element), so later problems point there. Returns the problems found.
 */
export function expandStrategyShorthand(document: ExpandedDocument): ScenarioProblem[] {
  const root = document.value;
  if (!isObject(root)) return [];
  const problems: ScenarioProblem[] = [];
  const parsed = ruleSetsSection.safeParse(root);
  if (!parsed.success) return schemaProblems(ruleSetsSection, parsed.error.issues, document);
  const ruleSets = (parsed.data.ruleSets ?? {}) as Record<string, Record<string, unknown>[]>;
  for (const [name, rules] of Object.entries(ruleSets)) {
    rules.forEach((rule, k) => {
      if ('use' in rule) {
        problems.push(problem('E_RULE_SET_NESTED', ['ruleSets', name, k, 'use'], document, `rule set '${name}' uses another rule set: rule sets do not nest`, 'write the other set\'s rules out here, or use both sets one after the other in the strategy', true));
      }
    });
  }
  delete root.ruleSets;
  if (!isObject(root.strategies)) return problems;

  const strategies: Record<string, unknown> = {};
  for (const [id, strategy] of Object.entries(root.strategies)) {
    if (!isObject(strategy) || !Array.isArray(strategy.rules) || !strategy.rules.some((r) => isObject(r) && ('use' in r || Array.isArray(r.move)))) {
      strategies[id] = strategy;
      continue;
    }
    const rules: unknown[] = [];
    const origins: [Path, Path][] = [];
    const at: Path = ['strategies', id, 'rules'];
    let over = false;
    const add = (rule: unknown, written: Path, movePath?: Path): void => {
      if (rules.length >= MAX_STRATEGY_RULES) {
        over = true;
        return;
      }
      origins.push([[...at, rules.length], written]);
      if (movePath !== undefined) origins.push([[...at, rules.length, 'move'], movePath]);
      rules.push(rule);
    };
    const expandMoves = (rule: unknown, written: Path): void => {
      if (!isObject(rule) || !Array.isArray(rule.move)) return add(rule, written);
      if (rule.move.length === 0) {
        problems.push(problem('E_SCHEMA', [...written, 'move'], document, 'the list of moves is empty', 'name at least one move ("track.move"), or remove the rule'));
        return;
      }
      rule.move.forEach((move, k) => add({ ...rule, move }, written, [...written, 'move', k]));
    };
    strategy.rules.forEach((rule, j) => {
      const written: Path = [...at, j];
      if (!isObject(rule) || !('use' in rule)) return expandMoves(rule, written);
      const others = Object.keys(rule).filter((k) => k !== 'use');
      if (others.length > 0) {
        problems.push(problem('E_SCHEMA', [...written, others[0]!], document, `a rule that uses a rule set takes no other keys ('${others[0]}' here)`, 'put the condition or offer on the rule set\'s rules, or write the rules out in this strategy', true));
        return;
      }
      if (typeof rule.use !== 'string') {
        problems.push(problem('E_SCHEMA', [...written, 'use'], document, '"use" names a rule set (a key of "ruleSets")', 'write the rule set\'s name as a string'));
        return;
      }
      const set = Object.hasOwn(ruleSets, rule.use) ? ruleSets[rule.use] : undefined;
      if (set === undefined) {
        problems.push(problem('E_UNKNOWN_RULE_SET', [...written, 'use'], document, `strategy '${id}' uses rule set '${rule.use}', which is not declared`, didYouMean(rule.use, Object.keys(ruleSets)) ?? 'declare it under "ruleSets"'));
        return;
      }
      set.forEach((r, k) => expandMoves(r, ['ruleSets', rule.use as string, k]));
    });
    if (over) {
      problems.push(
        problem('E_LIMIT', at, document, `strategy '${id}' has more than ${MAX_STRATEGY_RULES} rules once its rule sets and move lists are expanded`, 'split it into fewer rules (a condition can cover several cases), or into two strategies'),
      );
      strategies[id] = strategy;
      continue;
    }
    // Strategies and rule sets are never made by a template: they are written where they stand.
    for (const [path, written] of origins) document.record(path, { path: written });
    strategies[id] = { ...strategy, rules };
  }
  root.strategies = strategies;
  return problems;
}

/**
 * Expands a parameter's `"range": [low, high]` into `"low"` and `"high"` (the plausible range
 * `parley sensitivity` swings), located at the range's elements. Returns the problems found.
 */
export function expandParameterRange(document: ExpandedDocument): ScenarioProblem[] {
  const root = document.value;
  if (!isObject(root) || !isObject(root.parameters)) return [];
  const problems: ScenarioProblem[] = [];
  const parameters: Record<string, unknown> = {};
  for (const [name, parameter] of Object.entries(root.parameters)) {
    if (!isObject(parameter) || !('range' in parameter)) {
      parameters[name] = parameter;
      continue;
    }
    const at: Path = ['parameters', name];
    const range = parameter.range;
    if ('low' in parameter || 'high' in parameter) {
      problems.push(problem('E_SCHEMA', [...at, 'range'], document, `parameter '${name}' has both "range" and "${'low' in parameter ? 'low' : 'high'}"`, 'give the plausible range once: "range": [low, high], or "low" and "high"', true));
      parameters[name] = parameter;
      continue;
    }
    if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === 'number')) {
      problems.push(problem('E_SCHEMA', [...at, 'range'], document, '"range" must be two numbers, [low, high]', 'e.g. "range": [0.2, 0.45]: the low and high ends `parley sensitivity` swings'));
      parameters[name] = parameter;
      continue;
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parameter)) {
      if (key !== 'range') {
        out[key] = value;
        continue;
      }
      out.low = range[0];
      out.high = range[1];
    }
    document.record([...at, 'low'], { path: [...at, 'range', 0] });
    document.record([...at, 'high'], { path: [...at, 'range', 1] });
    parameters[name] = out;
  }
  root.parameters = parameters;
  return problems;
}

function problem(code: ErrorCode, path: Path, document: ExpandedDocument, message: string, hint?: string, atKey = false): ScenarioProblem {
  return { code, severity: 'error', path, location: atKey ? document.locateKey(path) : document.locate(path), message, hint };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
