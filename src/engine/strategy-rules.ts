import type { CompiledMove, CompiledStrategy, KnobAssignment } from '../scenario/compiled-scenario.js';
import type { CompiledExpression } from '../scenario/compile-expression.js';
import { _, compileFunction, expressionCode, HELPERS_PARAM, join, name, SCOPE, type Code } from '../scenario/code-template.js';
import { HELPERS } from '../scenario/compile-source.js';
import { handOvers } from './hand-overs.js';
import type { Scope } from './run-scope.js';
import { SimulationError } from './simulation-error.js';
import type { TrackState } from './transition-memo.js';

/**
 * Strategies: named host policies that choose a round's moves.
 * - mode "first": rules in order; the first available rule on a track not yet used this round is
 *   taken, until the round's move budget is spent; an available "wait" rule ends the round's moves.
 * - mode "weighted": among available rules, one is drawn by weight, repeatedly until the budget is
 *   spent or a "wait" is drawn. Draws come from positional slots, so strategies share random numbers.
 * A rule is available when its track has no move yet this round, its move is offered in the track's
 * state, the move's condition holds (with `self` = its track) and the rule's condition holds
 * (global); a rule condition repeated across rules is evaluated once per round.
 *
 * Two implementations of the rule tests behind one contract: the reference choosers below (each test
 * through the view's evaluation, with file positions on failure) and one generated function per
 * strategy (the same tests in the same order, each expression's generated text in place, so V8
 * compiles a strategy's round into straight-line code). A generated test that throws hands the round
 * to the reference, which throws the error with its position.
 */

/** A host move as chosen by a player or a strategy: the move, and offer values overriding its defaults. */
export interface MoveChoice {
  readonly move: CompiledMove;
  readonly offer?: Readonly<Record<string, number | string>>;
}

/** What a chooser sees of the run (the simulation gives one, made once). */
export interface StrategyView {
  /** What expressions read (generated tests read it as `s`, and set `self`). */
  readonly scope: Scope;
  /** Each track's machine state, whose `admits` cache answers "is this move offered here?". */
  readonly tracks: readonly { readonly state: TrackState }[];
  readonly movesPerRound: number;
  /** Whether a move is offered in its track's state and its condition holds. */
  readonly isAvailable: (move: CompiledMove) => boolean;
  /** Whether a move's track is running and in one of the move's states (its condition aside). */
  readonly isOffered: (move: CompiledMove) => boolean;
  /** Makes track `index` what expressions see as `self`, refreshing `batna` if the next expression reads it. */
  readonly selectTrack: (index: number, readsBatna: boolean) => void;
  /** A global condition (self unset), evaluated with its file position on failure. */
  readonly evaluateCondition: (expr: CompiledExpression) => boolean;
  /** A uniform in [0, 1) reserved for the strategy's k-th choice this round (common random numbers). */
  readonly strategyDraw: (k: number) => number;
}

/**
 * Chooses the host's moves for a round. `checked` marks a chooser that only returns what the
 * simulation's makeMoves accepts (at most movesPerRound moves, on distinct tracks, each available
 * when chosen): strategies.
 */
export interface Chooser {
  (view: StrategyView): readonly MoveChoice[];
  readonly checked?: boolean;
}

/** The generated tests of a "first" strategy: the round's choices. */
export type GeneratedFirst = (
  s: Scope,
  tracks: StrategyView['tracks'],
  movesPerRound: number,
  isOffered: StrategyView['isOffered'],
  selectTrack: StrategyView['selectTrack'],
) => MoveChoice[];

/**
 * The generated tests of a "weighted" strategy for one draw: pushes the indices of the rules that may
 * be drawn (rule order) into `candidates` and returns their total weight. `used[t]` is 1 for a track
 * already moved on this round; `known` keeps each distinct rule condition's result for the round (0
 * not yet, 1 true, 2 false).
 */
export type GeneratedCandidates = (
  s: Scope,
  tracks: StrategyView['tracks'],
  isOffered: StrategyView['isOffered'],
  selectTrack: StrategyView['selectTrack'],
  used: Uint8Array,
  known: Uint8Array,
  candidates: number[],
) => number;

/**
 * Turns a strategy into a chooser for one assignment of its knobs (`knobs`: values by name, the
 * defaults for those left out; validate them first with knobAssignment). Choosers keep no state
 * between calls: the default chooser is made once per strategy and shared; a chooser for another
 * assignment is made afresh (cheap: the generated tests are compiled once per strategy).
 * `generated: false` gives the reference chooser (tests compare the two).
 *
 * @example strategyChooser(strategy, { knobs: { floor: 0.6 } })
 */
export function strategyChooser(strategy: CompiledStrategy, options: { generated?: boolean; knobs?: KnobAssignment } = {}): Chooser {
  const generated = options.generated ?? true;
  const knobs = options.knobs === undefined || isDefaultAssignment(strategy, options.knobs) ? undefined : options.knobs;
  const cache = generated ? generatedChoosers : referenceChoosers;
  let chooser = knobs === undefined ? cache.get(strategy) : undefined;
  if (chooser === undefined) {
    const setup = chooserSetup(strategy, knobs ?? {});
    const reference = referenceChooser(strategy, setup);
    chooser = Object.assign((generated && generatedChooser(strategy, setup, reference)) || reference, { checked: true });
    if (knobs === undefined) cache.set(strategy, chooser);
  }
  return chooser;
}

const generatedChoosers = new WeakMap<CompiledStrategy, Chooser>();
const referenceChoosers = new WeakMap<CompiledStrategy, Chooser>();

type RoundChooser = (view: StrategyView) => readonly MoveChoice[];

/** Builds a rule's choice when it is chosen (its offer has expressions that read the run). */
type ChoiceBuilder = (s: Scope) => MoveChoice;

/** What one chooser holds: its knob object (undefined without knobs), each rule's shared choice or builder. */
interface ChooserSetup {
  readonly knob: Record<string, number | string> | undefined;
  /** Per rule: the choice, made once (undefined for "wait" and for rules with a builder). */
  readonly picks: readonly (MoveChoice | undefined)[];
  /** Per rule: the builder of its choice, or undefined where the choice is shared. */
  readonly builders: readonly (ChoiceBuilder | undefined)[];
}

/** Whether an assignment gives every knob its default (knobs it leaves out keep theirs). */
function isDefaultAssignment(strategy: CompiledStrategy, knobs: KnobAssignment): boolean {
  return strategy.knobs.every((k) => !(k.name in knobs) || knobs[k.name] === k.default);
}

/**
 * The full assignment (defaults for knobs left out), checked: every name a knob of the strategy, each
 * number within its knob's range, each enum value one of its values.
 *
 * @example knobAssignment(strategy, { floor: 0.6 }) // { assignment: { floor: 0.6, lead: 'us' } }
 */
export function knobAssignment(strategy: CompiledStrategy, given: KnobAssignment): { assignment: KnobAssignment } | { error: SimulationError } {
  const assignment: Record<string, number | string> = {};
  for (const name of Object.keys(given)) {
    if (!strategy.knobs.some((k) => k.name === name)) {
      const known = strategy.knobs.map((k) => k.name);
      return { error: new SimulationError('E_KNOB_VALUE', `strategy '${strategy.id}' has no knob '${name}'${known.length > 0 ? `; its knobs are ${known.join(', ')}` : ' (it has no knobs)'}`) };
    }
  }
  for (const k of strategy.knobs) {
    const v = Object.hasOwn(given, k.name) ? given[k.name]! : k.default;
    if (k.kind === 'number' && (typeof v !== 'number' || !(v >= k.min && v <= k.max))) {
      return { error: new SimulationError('E_KNOB_VALUE', `knob '${k.name}' of strategy '${strategy.id}' takes a number in [${k.min}, ${k.max}], not ${JSON.stringify(v)}`) };
    }
    if (k.kind === 'enum' && !k.levels.includes(v)) {
      return { error: new SimulationError('E_KNOB_VALUE', `knob '${k.name}' of strategy '${strategy.id}' is one of ${k.levels.join(', ')}, not ${JSON.stringify(v)}`) };
    }
    assignment[k.name] = v;
  }
  return { assignment };
}

/** The knob object (fields in knob order: one hidden class per strategy), and each rule's choice or builder. */
function chooserSetup(strategy: CompiledStrategy, knobs: KnobAssignment): ChooserSetup {
  let knob: Record<string, number | string> | undefined;
  if (strategy.knobClass !== undefined) {
    knob = new strategy.knobClass();
    for (const k of strategy.knobs) knob[k.name] = Object.hasOwn(knobs, k.name) ? knobs[k.name]! : k.default;
  }
  const picks: (MoveChoice | undefined)[] = [];
  const builders: (ChoiceBuilder | undefined)[] = [];
  for (const rule of strategy.rules) {
    const move = rule.move;
    if (move === undefined) {
      picks.push(undefined);
      builders.push(undefined);
    } else if (rule.offerExpressions.length === 0) {
      picks.push({ move, offer: rule.offer });
      builders.push(undefined);
    } else if (rule.offerExpressions.every((o) => [...o.expr.reads].every((r) => r === 'knob'))) {
      // Reads knobs alone: the same offer every time this chooser picks the rule.
      const offer: Record<string, number | string> = { ...rule.offer };
      const only = { knob };
      for (const o of rule.offerExpressions) offer[o.issue] = offerValue(o.expr, only as unknown as Scope);
      picks.push({ move, offer });
      builders.push(undefined);
    } else {
      const literal = rule.offer;
      const expressions = rule.offerExpressions;
      picks.push(undefined);
      builders.push((s) => {
        const offer: Record<string, number | string> = { ...literal };
        for (const o of expressions) offer[o.issue] = offerValue(o.expr, s);
        return { move, offer };
      });
    }
  }
  return { knob, picks, builders };
}

/** An offer value from its expression; a failure is reported at the expression's place in the file. */
function offerValue(expr: NonNullable<CompiledStrategy['rules'][number]['offerExpressions'][number]>['expr'], s: Scope): number | string {
  let v: unknown;
  try {
    s.self = undefined;
    v = expr.evaluate(s);
  } catch (error) {
    throw new SimulationError('E_EVALUATION', `offer "${expr.source}" failed in round ${s.round ?? 0}: ${String((error as Error).message).split('\n')[0]}`, { round: s.round, path: expr.path, location: expr.location });
  }
  if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v;
  throw new SimulationError('E_NOT_FINITE', `offer "${expr.source}" gave ${String(v)}; a number was needed`, { round: s.round, path: expr.path, location: expr.location });
}

/** Slot per distinct rule-condition source (each evaluated once per round). */
export function conditionSlots(strategy: CompiledStrategy): { slots: number[]; count: number } {
  const slotOf = new Map<string, number>();
  const slots = strategy.rules.map((r) => {
    if (r.when === undefined) return -1;
    let slot = slotOf.get(r.when.source);
    if (slot === undefined) slotOf.set(r.when.source, (slot = slotOf.size));
    return slot;
  });
  return { slots, count: slotOf.size };
}

// ------------------------------------------------------------------ the reference

function referenceChooser(strategy: CompiledStrategy, setup: ChooserSetup): RoundChooser {
  const rules = strategy.rules;
  const { picks, builders, knob } = setup;
  const { slots: whenSlot, count } = conditionSlots(strategy);
  const holds = (view: StrategyView, known: Uint8Array, i: number): boolean => {
    const slot = whenSlot[i]!;
    if (slot < 0) return true;
    let k = known[slot]!;
    if (k === 0) known[slot] = k = view.evaluateCondition(rules[i]!.when!) ? 1 : 2;
    return k === 1;
  };
  if (strategy.mode === 'weighted') {
    return weightedChooser(strategy, setup, (view, used, known, candidates) => {
      let total = 0;
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        if (rule.move !== undefined && (used[rule.move.track] === 1 || !view.isAvailable(rule.move))) continue;
        if (!holds(view, known, i)) continue;
        candidates.push(i);
        total += rule.weight;
      }
      return total;
    });
  }
  const known = new Uint8Array(count);
  return (view) => {
    const max = view.movesPerRound;
    const choices: MoveChoice[] = [];
    if (max === 0) return choices;
    if (knob !== undefined) view.scope.knob = knob;
    forget(known);
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      const move = rule.move;
      if (move !== undefined && ((choices.length > 0 && taken(choices, move.track)) || !view.isAvailable(move))) continue;
      if (!holds(view, known, i)) continue;
      if (move === undefined) break;
      choices.push(picks[i] ?? builders[i]!(view.scope));
      if (choices.length >= max) break;
    }
    return choices;
  };
}

type CandidateTest = (view: StrategyView, used: Uint8Array, known: Uint8Array, candidates: number[]) => number;

/** A "weighted" chooser around a candidate test: draws a rule by weight until the budget is spent or a "wait" is drawn. */
function weightedChooser(strategy: CompiledStrategy, setup: ChooserSetup, candidatesOf: CandidateTest): RoundChooser {
  const rules = strategy.rules;
  const { picks, builders, knob } = setup;
  const known = new Uint8Array(conditionSlots(strategy).count);
  const used = new Uint8Array(Math.max(0, ...rules.map((r) => (r.move?.track ?? -1) + 1)));
  // The indices of the rules available at each draw, in rule order (reused across rounds and runs).
  const candidates: number[] = [];
  return (view) => {
    const max = view.movesPerRound;
    const choices: MoveChoice[] = [];
    if (knob !== undefined) view.scope.knob = knob;
    forget(known);
    forget(used);
    for (let k = 0; choices.length < max; k++) {
      candidates.length = 0;
      const total = candidatesOf(view, used, known, candidates);
      if (total <= 0) break;
      const i = weightedPick(rules, candidates, total, view.strategyDraw(k));
      const choice = picks[i] ?? builders[i]?.(view.scope);
      if (choice === undefined) break;
      choices.push(choice);
      used[choice.move.track] = 1;
    }
    return choices;
  };
}

/** The candidate a uniform draw in [0, 1) picks by weight (the last one if rounding leaves none). */
function weightedPick(rules: CompiledStrategy['rules'], candidates: readonly number[], total: number, draw: number): number {
  let r = draw * total;
  for (const c of candidates) {
    r -= rules[c]!.weight;
    if (r < 0) return c;
  }
  return candidates[candidates.length - 1]!;
}

/** Clears a small array by a loop (TypedArray.prototype.fill is a call into C++, slower for a few slots). */
function forget(known: Uint8Array): void {
  for (let i = 0; i < known.length; i++) known[i] = 0;
}

/** Whether a track already has a move this round (a handful at most: a scan beats a Set). */
function taken(choices: readonly MoveChoice[], track: number): boolean {
  for (const c of choices) if (c.move.track === track) return true;
  return false;
}

// ------------------------------------------------------------------ the generated tests

const TRACKS = name('T');
const MAX = name('max');
const IS_OFFERED = name('isOffered');
const SELECT = name('selectTrack');
const USED = name('used');
const KNOWN = name('known');
const CANDIDATES = name('candidates');

/** The chooser running the strategy's generated rule tests; undefined where they cannot be generated. */
function generatedChooser(strategy: CompiledStrategy, setup: ChooserSetup, reference: RoundChooser): RoundChooser | undefined {
  const firstOf = firstFactory(strategy);
  if (firstOf !== undefined) {
    const first = firstOf(setup.picks, setup.builders);
    const knob = setup.knob;
    if (knob !== undefined) {
      return (view) => {
        view.scope.knob = knob;
        try {
          return first(view.scope, view.tracks, view.movesPerRound, view.isOffered, view.selectTrack);
        } catch {
          handOvers.strategyRules++;
          return reference(view);
        }
      };
    }
    return (view) => {
      try {
        return first(view.scope, view.tracks, view.movesPerRound, view.isOffered, view.selectTrack);
      } catch {
        handOvers.strategyRules++;
        return reference(view);
      }
    };
  }
  const candidates = compileCandidates(strategy);
  if (candidates === undefined) return undefined;
  const choose = weightedChooser(strategy, setup, (view, used, known, out) => candidates(view.scope, view.tracks, view.isOffered, view.selectTrack, used, known, out));
  return (view) => {
    try {
      return choose(view);
    } catch {
      handOvers.strategyRules++;
      return reference(view);
    }
  };
}

/**
 * The test of rule i as a JavaScript condition: track not yet moved on (`used(t)`), move offered in
 * its track's state, the move's condition with `self` = its track, then the rule's condition
 * (global: `self` unset), each result kept per distinct source in `known(slot)`. Undefined where an
 * expression has no generated text.
 */
function ruleTest(strategy: CompiledStrategy, i: number, slot: number, used: (t: number) => Code, known: (slot: number) => Code): Code | undefined {
  const rule = strategy.rules[i]!;
  const parts: Code[] = [];
  const move = rule.move;
  if (move !== undefined) {
    // isOffered, written out: the state's cached answer for this move, asked of isOffered only the
    // first time (admits 0).
    const offered =
      move.in === undefined
        ? _`${TRACKS}[${move.track}].state.done === false`
        : _`(st = ${TRACKS}[${move.track}].state, st.done === false && (a = st.admits[${move.slot}], a === 1 || (a === 0 && ${IS_OFFERED}(M[${i}]))))`;
    parts.push(_`${used(move.track)} === 0`, offered);
    if (move.when !== undefined) {
      const when = expressionCode(move.when);
      if (when === undefined) return undefined;
      parts.push(_`(${SELECT}(${move.track}, ${move.when.readsBatna}), ${when} === true)`);
    }
  }
  if (rule.when !== undefined) {
    const when = expressionCode(rule.when);
    if (when === undefined) return undefined;
    const k = known(slot);
    parts.push(_`(${k} !== 0 ? ${k} : (${SCOPE}.self = undefined, ${k} = ${when} === true ? 1 : 2)) === 1`);
  }
  return parts.length === 0 ? _`true` : join(parts, _` && `);
}

/** Every rule's test, or undefined where one cannot be generated. */
function ruleTests(strategy: CompiledStrategy, used: (t: number) => Code, known: (slot: number) => Code): Code[] | undefined {
  const { slots } = conditionSlots(strategy);
  const tests: Code[] = [];
  for (let i = 0; i < strategy.rules.length; i++) {
    const test = ruleTest(strategy, i, slots[i]!, used, known);
    if (test === undefined) return undefined;
    tests.push(test);
  }
  return tests;
}

/** Makes a "first" strategy's generated tests for one chooser's shared choices and builders. */
type FirstFactory = (picks: readonly (MoveChoice | undefined)[], builders: readonly (ChoiceBuilder | undefined)[]) => GeneratedFirst;

// The generated text of a strategy is compiled once; each chooser (knob assignment) gets its own closure of it.
const firstFactories = new WeakMap<CompiledStrategy, FirstFactory | null>();

function firstFactory(strategy: CompiledStrategy): FirstFactory | undefined {
  let factory = firstFactories.get(strategy);
  if (factory === undefined) {
    factory = compileFirstFactory(strategy) ?? null;
    firstFactories.set(strategy, factory);
  }
  return factory ?? undefined;
}

/** The generated tests of a "first" strategy at its knobs' defaults, or undefined where they cannot be generated. */
export function compileFirst(strategy: CompiledStrategy): GeneratedFirst | undefined {
  const setup = chooserSetup(strategy, {});
  return firstFactory(strategy)?.(setup.picks, setup.builders);
}

function compileFirstFactory(strategy: CompiledStrategy): FirstFactory | undefined {
  if (strategy.mode !== 'first') return undefined;
  const { count } = conditionSlots(strategy);
  const tests = ruleTests(strategy, (t) => name(`u${t}`), (k) => name(`k${k}`));
  if (tests === undefined) return undefined;
  const tracks = [...new Set(strategy.rules.flatMap((r) => (r.move === undefined ? [] : [r.move.track])))].sort((a, b) => a - b);
  const locals = [...Array.from({ length: count }, (_v, k) => _`${name(`k${k}`)} = 0`), ...tracks.map((t) => _`${name(`u${t}`)} = 0`)];
  const body = tests.map((test, i) => {
    const rule = strategy.rules[i]!;
    const move = rule.move;
    // A rule whose offer reads the run builds its choice when chosen (B); the others share theirs (P).
    const choice = rule.offerExpressions.length > 0 ? _`(P[${i}] ?? B[${i}](${SCOPE}))` : _`P[${i}]`;
    return move === undefined
      ? _`if (${test}) return choices;`
      : _`if (${test}) { choices.push(${choice}); if (choices.length >= ${MAX}) return choices; ${name(`u${move.track}`)} = 1; }`;
  });
  const code = _`return function firstChooserOf(P, B) {
return function firstChooser(${SCOPE}, ${TRACKS}, ${MAX}, ${IS_OFFERED}, ${SELECT}) {
  const choices = [];
  if (${MAX} === 0) return choices;
  let st, a${locals.length > 0 ? _`, ${join(locals)}` : _``};
  ${join(body, _`\n  `)}
  return choices;
};
};`;
  const moves = strategy.rules.map((r) => r.move);
  return compileFunction<FirstFactory>([name('M'), HELPERS_PARAM], code, [moves, HELPERS]);
}

/** The generated candidate test of a "weighted" strategy, or undefined where it cannot be generated. */
export function compileCandidates(strategy: CompiledStrategy): GeneratedCandidates | undefined {
  if (strategy.mode !== 'weighted') return undefined;
  const tests = ruleTests(strategy, (t) => _`${USED}[${t}]`, (k) => _`${KNOWN}[${k}]`);
  if (tests === undefined) return undefined;
  const body = tests.map((test, i) => _`if (${test}) { ${CANDIDATES}.push(${i}); total += ${strategy.rules[i]!.weight}; }`);
  const code = _`return function weightedCandidates(${SCOPE}, ${TRACKS}, ${IS_OFFERED}, ${SELECT}, ${USED}, ${KNOWN}, ${CANDIDATES}) {
  let st, a, total = 0;
  ${join(body, _`\n  `)}
  return total;
};`;
  const moves = strategy.rules.map((r) => r.move);
  return compileFunction<GeneratedCandidates>([name('M'), HELPERS_PARAM], code, [moves, HELPERS]);
}
