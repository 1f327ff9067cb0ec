import { createHash } from 'node:crypto';
import { setup, type AnyStateMachine } from 'xstate';
import { parseSourceDocument, type SourceDocument } from './source-document.js';
import { expandScenario, withInstances } from './expand-scenario.js';
import type { Environment } from '@marcbachmann/cel-js';
import { OFFER_RECEIVED, scenarioSchema, type GuardRef, type Knob, type ReceivedOffer, type ScenarioFile, type StateConfig, type Strategy } from './scenario-schema.js';
import { schemaProblems } from './schema-problems.js';
import { coveredBy, unsupportedMachineFeatures } from './unsupported-machine-features.js';
import { WARNING_CODES, type ErrorCode } from './error-codes.js';
import type { ScenarioProblem } from './scenario-error.js';
import { buildExpressionEnvironment, strategyEnvironment } from './expression-environment.js';
import { compileUtility } from './compile-utility.js';
import { stateKeys, type StringDomains } from './string-literals.js';
import { compileExpression, expressionWith, type CompiledExpression, type ExpectedType } from './compile-expression.js';
import type { ExpressionScope } from './expression-environment.js';
import { didYouMean } from './did-you-mean.js';
import { limits } from './limits.js';
import { findEventlessLoops } from './eventless-loops.js';
import { withoutPrototypes } from './without-prototypes.js';
import { roundOfDate } from './calendar.js';
import { calendarProblem, certainlyAfter, dateSpan } from './date-span.js';
import { distributionRange } from './distribution-range.js';
import { eventlessStep, guardCheck } from './track-guard-context.js';
import { COMBINED_GUARDS, withCombinedGuardParams } from './combined-guards.js';
import type {
  CompiledAction,
  CompiledEffect,
  CompiledEvent,
  CompiledKnob,
  CompiledMove,
  CompiledOfferExpression,
  CompiledNegotiator,
  CompiledOfferIssue,
  CompiledParty,
  CompiledPreference,
  CompiledReceivedOffer,
  CompiledResponse,
  CompiledScenario,
  CompiledSignal,
  CompiledStrategy,
  CompiledStrategyRule,
  CompiledTermSetting,
  CompiledTrack,
  CompiledWorldVariable,
  ValueSource,
} from './compiled-scenario.js';

type Path = (string | number)[];

export interface LoadResult {
  readonly scenario?: CompiledScenario;
  readonly problems: readonly ScenarioProblem[];
}

/** Track names that signals already give a meaning to. */
const RESERVED_TRACK_NAMES: readonly string[] = ['others'];

/** Built-in actions and features a simulated machine may not use, with what to do instead. */
const FORBIDDEN_STATE_KEYS: Record<string, string> = {
  invoke: 'simulated tracks cannot invoke actors; model the work as states and moves',
  after: 'delays are rounds here: use a TICK transition guarded by "self.rounds >= N"',
  history: 'history states are not supported in simulated tracks',
};

/**
 * Loads a scenario from its text: parse with positions, validate against the schema, resolve every
 * reference, compile every expression. Reports every problem found, each located in the file.
 */
export function loadScenario(text: string, file: string): LoadResult {
  return loadScenarioAndDocument(text, file).result;
}

/**
 * loadScenario, also giving the expanded, positioned document it checked (undefined when the text
 * does not parse or its templates do not expand): for tools that locate their own findings.
 */
export function loadScenarioAndDocument(text: string, file: string): { result: LoadResult; document?: SourceDocument } {
  const { document: written, problems } = parseSourceDocument(text, file);
  if (problems.length > 0) return { result: { problems } };
  const { document, problems: expansion } = expandScenario(written);
  if (expansion.length > 0) return { result: { problems: expansion } };
  return { result: checkScenario(document, text), document };
}

function checkScenario(document: SourceDocument, text: string): LoadResult {
  const parsed = scenarioSchema.safeParse(document.value);
  if (!parsed.success) {
    // XState features the format refuses are explained as such; the schema's own complaints about
    // the same objects would only repeat them less clearly.
    const unsupported = unsupportedMachineFeatures(document.value, document);
    const schema = schemaProblems(scenarioSchema, parsed.error.issues, document).filter((p) => !unsupported.covers.some((c) => coveredBy(p.path, c)));
    return { problems: withInstances([...unsupported.problems, ...schema], document) };
  }
  const checker = new ScenarioChecker(withoutPrototypes(parsed.data), document, text);
  const scenario = checker.compile();
  const all = withInstances(checker.problems, document);
  return { scenario: all.some((p) => p.severity === 'error') ? undefined : scenario, problems: all };
}

/** What an offer expression of an enum issue must give (undefined for a number issue). */
function enumResult(spec: CompiledOfferIssue): StringDomains['result'] {
  return spec.kind === 'enum' ? { what: `a value of issue '${spec.issue}'`, values: spec.values } : undefined;
}

/**
 * A guard that is one unknown name ("isLate") is most likely XState's named guard: in a scenario a
 * string guard is the shorthand of a "when" guard, so say that rather than list the variables.
 */
function namedGuardHint(source: string, path: Path, code: ErrorCode): string | undefined {
  if (code !== 'E_EXPR_UNKNOWN_NAME' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(source.trim())) return undefined;
  if (!(path.length >= 3 && path[path.length - 1] === 'expr' && path[path.length - 2] === 'params' && path.includes('guard'))) return undefined;
  return `a guard is a CEL condition here ("guard": "self.rounds >= 6" is short for {"type": "when", ...}); XState's named guard implementations do not exist in scenario files: write the condition '${source.trim()}' stands for`;
}

class ScenarioChecker {
  readonly problems: ScenarioProblem[] = [];
  private readonly env;
  private readonly classes;
  private readonly names: Record<string, string[]>;
  private readonly trackIds: string[];
  /** What declared string values can hold, for checking the string literals compared with them. */
  private readonly domains: StringDomains;

  constructor(
    private readonly data: ScenarioFile,
    private readonly doc: SourceDocument,
    private readonly text: string,
  ) {
    const built = buildExpressionEnvironment(data);
    this.env = built.env;
    this.classes = built.classes;
    this.trackIds = Object.keys(data.tracks);
    const trackFields = ['id', 'state', 'rounds', 'entered', 'done', 'deal', 'stage', 'moves', 'terms', 'utility', 'received'];
    this.names = {
      world: Object.keys(data.world),
      param: Object.keys(data.parameters),
      tracks: this.trackIds,
      terms: Object.keys(data.issues),
      offer: Object.keys(data.issues),
      deal: Object.keys(data.issues),
      self: trackFields,
      batna: ['host', 'counterpart'],
      value: ['host', 'counterpart'],
      utility: ['host', 'counterpart'],
    };
    for (const id of this.trackIds) this.names[id] = trackFields;
    const enums = (decls: Record<string, { type: string; values?: unknown }>): Record<string, readonly string[]> =>
      Object.fromEntries(Object.entries(decls).flatMap(([name, d]) => (d.type === 'enum' && Array.isArray(d.values) ? [[name, d.values as string[]]] : [])));
    const states: Record<string, readonly string[] | undefined> = {};
    for (const id of this.trackIds) states[id] = stateKeys(data.tracks[id]!.machine);
    this.domains = { world: enums(data.world), issues: enums(data.issues), states };
  }

  /** The string domains where an expression stands: `self` is the track under whose key it is written. */
  private domainsAt(path: Path, scope: ExpressionScope, knobs?: Readonly<Record<string, readonly string[]>>, self?: string): StringDomains {
    const track = self ?? (path[0] === 'tracks' && typeof path[1] === 'string' && this.trackIds.includes(path[1]) ? path[1] : undefined);
    let selfStates: readonly string[] | undefined;
    if (track !== undefined) selfStates = this.domains.states[track];
    else if (scope === 'reservation') {
      // A party's reservation is read on every track, and outside any track on an empty one (state "").
      const all = this.trackIds.map((id) => this.domains.states[id]);
      selfStates = all.every((keys) => keys !== undefined) ? ['', ...new Set(all.flat() as string[])] : undefined;
    }
    return { ...this.domains, knobs, selfStates, selfTrack: track };
  }

  private error(code: ErrorCode, path: Path, message: string, hint?: string, atKey = false): void {
    this.problems.push({
      code,
      severity: 'error',
      path,
      location: atKey ? this.doc.locateKey(path) : this.doc.locate(path),
      message,
      hint,
    });
  }

  private expression(
    source: string,
    path: Path,
    scope: ExpressionScope,
    expected: ExpectedType,
    within?: { env: Environment; names: Record<string, readonly string[]>; knobs?: Readonly<Record<string, readonly string[]>> },
    /** The track that is `self`, where the path does not say (an event's offer). */
    self?: string,
    /** The values the expression must give, where it gives an enum's value. */
    result?: StringDomains['result'],
  ): CompiledExpression | undefined {
    const literals = { domains: { ...this.domainsAt(path, scope, within?.knobs, self), result }, trackIds: this.trackIds };
    const { compiled, problems } = compileExpression(within?.env ?? this.env, source, path, scope, expected, within?.names ?? this.names, literals);
    for (const p of problems) {
      this.problems.push({
        code: p.code,
        severity: 'error',
        path,
        location: this.doc.locateInString(path, p.index),
        message: p.message,
        hint: namedGuardHint(source, path, p.code) ?? p.hint,
      });
    }
    return compiled && expressionWith(compiled, this.doc.locate(path));
  }

  private numberSource(value: number | string, path: Path, scope: ExpressionScope): ValueSource<number> | undefined {
    if (typeof value === 'number') return { literal: value };
    const expr = this.expression(value, path, scope, 'double');
    return expr ? { expr } : undefined;
  }

  private effects(effects: Record<string, number | boolean | string> | undefined, path: Path, scope: ExpressionScope): CompiledEffect[] {
    const out: CompiledEffect[] = [];
    for (const [variable, value] of Object.entries(effects ?? {})) {
      const decl = this.data.world[variable];
      const p = [...path, variable];
      if (!decl) {
        this.error('E_UNKNOWN_VARIABLE', p, `'${variable}' is not a world variable`, didYouMean(variable, Object.keys(this.data.world)) ?? 'declare it under "world"', true);
        continue;
      }
      const kind = decl.type;
      const min = decl.type === 'number' ? (decl.min ?? -Infinity) : -Infinity;
      const max = decl.type === 'number' ? (decl.max ?? Infinity) : Infinity;
      const values = decl.type === 'enum' ? decl.values : undefined;
      let source: ValueSource<number | boolean | string> | undefined;
      if (typeof value === 'string') {
        const expected: ExpectedType = kind === 'number' ? 'double' : kind === 'boolean' ? 'bool' : 'string';
        if (kind === 'enum' && values?.includes(value)) {
          this.error('E_ENUM_LITERAL', p, `'${value}' would be read as an expression, not as the value '${value}'`, `write "'${value}'" (a CEL string)`);
          continue;
        }
        const expr = this.expression(value, p, scope, expected, undefined, undefined, values && { what: `a value of world.${variable}`, values });
        if (expr) source = { expr };
      } else if (typeof value === 'number') {
        if (kind !== 'number') this.error('E_EFFECT_TYPE', p, `'${variable}' is ${kind === 'boolean' ? 'a boolean' : 'an enum'}, not a number`);
        else source = { literal: value };
      } else {
        if (kind !== 'boolean') this.error('E_EFFECT_TYPE', p, `'${variable}' is ${kind === 'number' ? 'a number' : 'an enum'}, not a boolean`);
        else source = { literal: value };
      }
      if (source) out.push({ variable, kind, value: source, min, max, values });
    }
    return out;
  }

  private signals(signals: { to: string; event: string }[] | undefined, path: Path): CompiledSignal[] {
    const out: CompiledSignal[] = [];
    (signals ?? []).forEach((s, i) => {
      if (s.to === '*') out.push({ to: -1, event: s.event });
      else if (s.to === 'others') out.push({ to: -2, event: s.event });
      else {
        const index = this.trackIds.indexOf(s.to);
        if (index < 0) this.error('E_UNKNOWN_TRACK', [...path, i, 'to'], `no track '${s.to}'`, didYouMean(s.to, [...this.trackIds, '*', 'others']));
        else out.push({ to: index, event: s.event });
      }
    });
    return out;
  }

  private responses(
    list: ScenarioFile['tracks'][string]['moves'][string]['responses'] | NonNullable<ScenarioFile['events'][string]['branches']>,
    path: Path,
    scope: ExpressionScope,
    hasOffer: boolean,
  ): CompiledResponse[] {
    return list.map((r, index) => {
      const p: Path = [...path, index];
      const rr = r as ScenarioFile['tracks'][string]['moves'][string]['responses'][number];
      if (r.p === undefined && rr.decision === undefined && (index !== list.length - 1 || list.some((o) => (o as typeof rr).decision !== undefined))) {
        this.error('E_REMAINDER_NOT_LAST', [...p], 'only the last response may omit "p" (it takes the remaining probability)', 'give this response a probability "p"');
      }
      if (typeof r.p === 'number' && (r.p < 0 || r.p > 1)) this.error('E_PROBABILITY', [...p, 'p'], `probability ${r.p} is outside [0, 1]`);
      let terms: CompiledResponse['terms'];
      if (rr.decision !== undefined && r.p !== undefined) {
        this.error('E_DECISION_WITH_P', [...p, 'p'], 'a response with "decision" happens when the negotiator decides so: it has no "p" of its own', 'remove "p"; the decision responses share the probability the responses with "p" leave');
      }
      if (rr.terms === 'counter') {
        if (rr.decision !== 'counter') this.error('E_COUNTER_TERMS', [...p, 'terms'], '"terms": "counter" needs "decision": "counter" (only then is there a counter-offer)', 'add "decision": "counter" to this response');
        terms = 'counter';
      } else if (rr.terms === 'offer') {
        if (!hasOffer) this.error('E_NO_OFFER', [...p, 'terms'], '"terms": "offer" needs the move to have an "offer"', 'add "offer" to the move, or set the terms explicitly');
        terms = 'offer';
      } else if (rr.terms) {
        const settings: CompiledTermSetting[] = [];
        for (const [issue, value] of Object.entries(rr.terms)) {
          const ip = [...p, 'terms', issue];
          const decl = this.data.issues[issue];
          if (!decl) {
            this.error('E_UNKNOWN_ISSUE', ip, `no issue '${issue}'`, didYouMean(issue, Object.keys(this.data.issues)), true);
            continue;
          }
          if (typeof value === 'number') settings.push({ issue, value: { literal: value } });
          else if (typeof value === 'string' && decl.type === 'enum' && /^[A-Za-z][A-Za-z0-9_]*$/.test(value)) {
            // A bare name is meant as one of the issue's values, as in offers: a typo gets the closest.
            if (decl.values.includes(value)) settings.push({ issue, value: { literal: value } });
            else this.error('E_ENUM_VALUE', ip, `'${value}' is not a value of '${issue}' (${decl.values.join(', ')})`, didYouMean(value, decl.values) ?? `write one of ${decl.values.join(', ')}, or an expression giving one`);
          } else if (typeof value === 'string') {
            const expr = this.expression(value, ip, scope, decl.type === 'number' ? 'double' : 'string', undefined, undefined, decl.type === 'enum' ? { what: `a value of issue '${issue}'`, values: decl.values } : undefined);
            if (expr) settings.push({ issue, value: { expr } });
          } else this.error('E_TYPE', ip, 'terms are numbers or expressions');
        }
        terms = settings;
      }
      return {
        index,
        label: r.label ?? `response ${index + 1}`,
        p: r.p === undefined ? undefined : this.numberSource(r.p, [...p, 'p'], scope),
        event: rr.event,
        effects: this.effects(r.effects, [...p, 'effects'], scope),
        signals: this.signals(r.signals, [...p, 'signals']),
        terms,
        decision: rr.decision,
        news: r.news,
        offer: this.receivedOffer((r as { offer?: ReceivedOffer }).offer, [...p, 'offer']),
      };
    });
  }

  compile(): CompiledScenario | undefined {
    const d = this.data;
    this.checkCounts();
    this.checkSources();
    for (const code of Object.keys(d.lint?.accept ?? {})) {
      if (!Object.prototype.hasOwnProperty.call(WARNING_CODES, code)) {
        this.error('E_VALUE', ['lint', 'accept', code], `no warning '${code}'`, didYouMean(code, Object.keys(WARNING_CODES)), true);
      }
    }
    this.checkResolution();

    const parameters = Object.entries(d.parameters).map(([name, p]) => {
      const range = distributionRange(p.dist);
      if (range.error) this.error('E_DISTRIBUTION', ['parameters', name, 'dist'], range.error.message, range.error.hint);
      const low = p.low ?? range.low;
      const high = p.high ?? range.high;
      this.checkPlausibleRange(name, p, low, high);
      return { name, label: p.label ?? name, dist: p.dist, low, high };
    });

    const world: CompiledWorldVariable[] = Object.entries(d.world).map(([name, v]) => {
      const path = ['world', name];
      let initial: ValueSource<number | boolean | string> = { literal: 0 };
      if (v.type === 'enum') {
        if (!v.values.includes(v.initial)) this.error('E_ENUM_VALUE', [...path, 'initial'], `'${v.initial}' is not one of the values`, didYouMean(v.initial, v.values));
        initial = { literal: v.initial };
      } else if (typeof v.initial === 'string') {
        const expr = this.expression(v.initial, [...path, 'initial'], 'init', v.type === 'number' ? 'double' : 'bool');
        if (expr) initial = { expr };
      } else {
        if (v.type === 'number' && typeof v.initial !== 'number') this.error('E_TYPE', [...path, 'initial'], 'expected a number');
        if (v.type === 'boolean' && typeof v.initial !== 'boolean') this.error('E_TYPE', [...path, 'initial'], 'expected true or false');
        initial = { literal: v.initial };
      }
      if (v.type === 'number' && v.min !== undefined && v.max !== undefined && v.min > v.max) this.error('E_RANGE', path, `min ${v.min} is above max ${v.max}`);
      return {
        name,
        label: v.label ?? name,
        kind: v.type,
        initial,
        min: v.type === 'number' ? (v.min ?? -Infinity) : -Infinity,
        max: v.type === 'number' ? (v.max ?? Infinity) : Infinity,
        values: v.type === 'enum' ? v.values : undefined,
        key: v.key,
        unit: v.type === 'number' ? v.unit : undefined,
      };
    });

    for (const [name, issue] of Object.entries(d.issues)) {
      if (issue.type === 'number' && issue.min > issue.max) this.error('E_RANGE', ['issues', name], `min ${issue.min} is above max ${issue.max}`);
      else if (issue.type === 'number' && issue.default !== undefined && (issue.default < issue.min || issue.default > issue.max)) {
        this.error('E_RANGE', ['issues', name, 'default'], `the default ${issue.default} is outside [${issue.min}, ${issue.max}]`, `pick a default between ${issue.min} and ${issue.max}`);
      } else if (issue.type === 'enum' && issue.default !== undefined && !issue.values.includes(issue.default)) {
        this.error('E_ENUM_VALUE', ['issues', name, 'default'], `${JSON.stringify(issue.default)} is not one of ${issue.values.join(', ')}`, didYouMean(issue.default, issue.values));
      }
    }

    const parties: CompiledParty[] = Object.entries(d.parties).map(([id, party]) => {
      const preferences = Object.entries(party.preferences).flatMap(([issue, pref]): CompiledPreference[] => {
        const path = ['parties', id, 'preferences', issue];
        const decl = d.issues[issue];
        if (!decl) {
          this.error('E_UNKNOWN_ISSUE', path, `no issue '${issue}'`, didYouMean(issue, Object.keys(d.issues)) ?? 'declare it under "issues"', true);
          return [];
        }
        if ('values' in pref) {
          if (decl.type !== 'enum') {
            this.error('E_PREFERENCE_KIND', path, `'${issue}' is a number issue: give "best" and "worst", not "values"`);
            return [];
          }
          for (const v of Object.keys(pref.values)) {
            if (!decl.values.includes(v)) this.error('E_ENUM_VALUE', [...path, 'values', v], `'${v}' is not a value of '${issue}'`, didYouMean(v, decl.values), true);
          }
          return [{ issue, weight: pref.weight, values: new Map(Object.entries(pref.values)) }];
        }
        if (decl.type !== 'number') {
          this.error('E_PREFERENCE_KIND', path, `'${issue}' is an enum issue: give "values", not "best"/"worst"`);
          return [];
        }
        if (pref.best === pref.worst) this.error('E_RANGE', path, '"best" and "worst" must differ');
        return [{ issue, weight: pref.weight, best: pref.best, worst: pref.worst }];
      });
      const reservation =
        this.numberSource(party.reservation, ['parties', id, 'reservation'], 'reservation') ?? ({ literal: 0 } as ValueSource<number>);
      return {
        id,
        label: party.label,
        role: party.role,
        preferences,
        totalWeight: preferences.reduce((s, p) => s + p.weight, 0),
        utility: compileUtility(preferences, preferences.reduce((s, p) => s + p.weight, 0)),
        reservation,
      };
    });
    const hosts = parties.filter((p) => p.role === 'host');
    if (hosts.length !== 1) {
      this.error('E_HOST', ['parties'], `a scenario needs exactly one party with "role": "host"; found ${hosts.length}`, 'mark the party the player represents as the host');
    }

    const tracks = this.trackIds.map((id, index) => this.compileTrack(id, index));
    const moves = new Map<string, CompiledMove>();
    for (const t of tracks) for (const m of t.moves) moves.set(m.id, m);

    const startIsReal = this.realDate(d.clock.start, ['clock', 'start'], true);
    const events: CompiledEvent[] = Object.entries(d.events).map(([id, e], index) => {
      const path = ['events', id];
      let round: number | undefined;
      if (typeof e.at === 'number') round = e.at;
      else if (typeof e.at === 'string' && this.realDate(e.at, [...path, 'at'], true) && startIsReal) {
        round = roundOfDate(d.clock.start, d.clock.unit, e.at);
        if (round < 0) this.error('E_DATE', [...path, 'at'], `${e.at} is before the clock's start ${d.clock.start}`);
      }
      if (round !== undefined && round >= d.clock.horizon) {
        this.problems.push({
          code: 'W_EVENT_AFTER_HORIZON',
          severity: 'warning',
          path: [...path, 'at'],
          location: this.doc.locate([...path, 'at']),
          message: `this event falls in round ${round}, after the horizon (${d.clock.horizon} rounds): it never fires`,
        });
      }
      return {
        id,
        index,
        label: e.label,
        description: e.description,
        round,
        when: e.when === undefined ? undefined : this.expression(e.when, [...path, 'when'], 'global', 'bool'),
        p: e.p === undefined ? undefined : this.numberSource(e.p, [...path, 'p'], 'global'),
        once: e.once ?? true,
        effects: this.effects(e.effects, [...path, 'effects'], 'global'),
        signals: this.signals(e.signals, [...path, 'signals']),
        news: e.news,
        offer: this.receivedOffer(e.offer, [...path, 'offer']),
        branches: this.responses(e.branches ?? [], [...path, 'branches'], 'global', false),
      };
    });

    const strategies = new Map<string, CompiledStrategy>();
    for (const [id, s] of Object.entries(d.strategies)) strategies.set(id, this.compileStrategy(id, s, moves));
    const defaultStrategy = d.defaultStrategy ?? Object.keys(d.strategies)[0] ?? '';
    if (d.defaultStrategy !== undefined && !strategies.has(d.defaultStrategy)) {
      this.error('E_UNKNOWN_STRATEGY', ['defaultStrategy'], `no strategy '${d.defaultStrategy}'`, didYouMean(d.defaultStrategy, strategies.keys()));
    }
    if (strategies.size === 0) this.error('E_NO_STRATEGY', ['strategies'], 'a scenario needs at least one strategy', 'add one, e.g. { "label": "Wait", "rules": [{ "move": "wait" }] }');

    const outcomeEntries = Object.entries(d.outcomes);
    if (outcomeEntries.length === 0) this.error('E_NO_OUTCOME', ['outcomes'], 'a scenario needs at least one outcome', 'add a catch-all outcome without "when"');
    const outcomes = outcomeEntries.map(([id, o], i) => {
      if (o.when === undefined && i !== outcomeEntries.length - 1) {
        this.error('E_OUTCOME_ORDER', ['outcomes', id], 'an outcome without "when" catches every run; the outcomes after it can never be chosen', 'move it to the end');
      }
      return { id, label: o.label, deal: o.deal, when: o.when === undefined ? undefined : this.expression(o.when, ['outcomes', id, 'when'], 'end', 'bool') };
    });
    if (outcomeEntries.length > 0 && outcomeEntries[outcomeEntries.length - 1]![1].when !== undefined) {
      this.problems.push({
        code: 'W_NO_CATCH_ALL',
        severity: 'warning',
        path: ['outcomes'],
        location: this.doc.locate(['outcomes']),
        message: 'the last outcome has a condition: runs that match none are classified "unclassified"',
        hint: 'add a final outcome without "when"',
      });
    }
    const metrics = Object.entries(d.metrics).flatMap(([id, m]) => {
      const expr = this.expression(m.expr, ['metrics', id, 'expr'], 'end', 'any');
      if (expr && expr.type !== 'double' && expr.type !== 'bool' && expr.type !== 'dyn') {
        this.error('E_EXPR_RESULT_TYPE', ['metrics', id, 'expr'], `a metric must be a number or a condition; this gives ${expr.type}`);
        return [];
      }
      return expr ? [{ id, label: m.label, unit: m.unit, expr }] : [];
    });
    const end = d.end === undefined ? undefined : this.expression(d.end, ['end'], 'global', 'bool');

    d.expectations.forEach((x, i) => {
      const path = ['expectations', i];
      if ((x.outcome === undefined) === (x.metric === undefined)) this.error('E_EXPECTATION', path, 'an expectation names exactly one of "outcome" or "metric"');
      if (x.outcome !== undefined && !(x.outcome in d.outcomes)) this.error('E_UNKNOWN_OUTCOME', [...path, 'outcome'], `no outcome '${x.outcome}'`, didYouMean(x.outcome, Object.keys(d.outcomes)));
      if (x.metric !== undefined && !(x.metric in d.metrics)) this.error('E_UNKNOWN_METRIC', [...path, 'metric'], `no metric '${x.metric}'`, didYouMean(x.metric, Object.keys(d.metrics)));
      if (x.strategy !== undefined && !(x.strategy in d.strategies)) this.error('E_UNKNOWN_STRATEGY', [...path, 'strategy'], `no strategy '${x.strategy}'`, didYouMean(x.strategy, Object.keys(d.strategies)));
      if (x.compare !== undefined) {
        if (x.strategy !== undefined) {
          this.error('E_EXPECTATION', [...path, 'strategy'], 'an expectation has either "strategy" or "compare", not both', `drop "strategy": "compare": [A, B] measures A − B`, true);
        }
        x.compare.forEach((s, k) => {
          if (!(s in d.strategies)) this.error('E_UNKNOWN_STRATEGY', [...path, 'compare', k], `no strategy '${s}'`, didYouMean(s, Object.keys(d.strategies)) ?? `the scenario has: ${Object.keys(d.strategies).join(', ')}`);
        });
        if (x.compare[0] === x.compare[1]) this.error('E_EXPECTATION', [...path, 'compare'], `"compare" names '${x.compare[0]}' twice: the difference of a strategy with itself is always 0`, 'name two different strategies, [A, B], to check A − B');
      }
      if (x.min === undefined && x.max === undefined) this.error('E_EXPECTATION', path, 'an expectation needs "min", "max" or both');
      if (x.min !== undefined && x.max !== undefined && x.min > x.max) this.error('E_RANGE', path, `min ${x.min} is above max ${x.max}`);
    });

    if (this.problems.some((p) => p.severity === 'error')) return undefined;
    return {
      file: d,
      path: this.doc.file,
      hash: createHash('sha256').update(this.text).digest('hex'),
      env: this.env,
      classes: this.classes,
      parameters,
      world,
      parties,
      host: hosts[0]!,
      tracks: tracks as CompiledTrack[],
      moves,
      events,
      strategies,
      defaultStrategy,
      outcomes,
      metrics,
      end,
      locate: (path) => this.doc.locate(path),
    };
  }

  private checkCounts(): void {
    const d = this.data;
    const counts: [string, number, number][] = [
      ['tracks', Object.keys(d.tracks).length, limits.tracks],
      ['events', Object.keys(d.events).length, limits.events],
      ['parameters', Object.keys(d.parameters).length, limits.parameters],
      ['world', Object.keys(d.world).length, limits.worldVariables],
    ];
    for (const [key, n, max] of counts) {
      if (n > max) this.error('E_LIMIT', [key], `${n} ${key} exceed the limit of ${max}`, 'split the scenario');
    }
    if (Object.keys(d.tracks).length === 0) this.error('E_NO_TRACK', ['tracks'], 'a scenario needs at least one track');
    // A signal's "to" names a track, or "others" / "*" (every other track / every track): a track
    // with such a name would be both, and receive a signal to "others" twice. ("*" is no identifier.)
    for (const id of Object.keys(d.tracks)) {
      if (RESERVED_TRACK_NAMES.includes(id)) {
        this.error('E_RESERVED_NAME', ['tracks', id], `'${id}' is reserved: a signal to "${id}" means every other track`, 'rename the track', true);
      }
    }
  }

  private checkSources(): void {
    const d = this.data;
    const known = Object.keys(d.sources);
    const check = (ids: string[] | undefined, path: Path) =>
      (ids ?? []).forEach((s, i) => {
        if (!known.includes(s)) this.error('E_UNKNOWN_SOURCE', [...path, i], `no source '${s}'`, didYouMean(s, known) ?? 'add it under "sources"');
      });
    for (const [id, source] of Object.entries(d.sources)) this.realDate(source.date, ['sources', id, 'date'], false, true);
    for (const [id, p] of Object.entries(d.parameters)) check(p.sources, ['parameters', id, 'sources']);
    for (const [id, e] of Object.entries(d.events)) check(e.sources, ['events', id, 'sources']);
    if (d.resolution) check(d.resolution.sources, ['resolution', 'sources']);
  }

  /**
   * Whether a date of the file names a real day (2025-13 and 2025-02-30 do not: E_DATE, with the
   * reason and the form to write). A date the clock counts from (its start, an event's "at") must
   * also give the day when the clock counts days or weeks.
   */
  private realDate(date: string, path: Path, onClock: boolean, yearAlone = false): boolean {
    const unit = this.data.clock.unit;
    const days = unit === 'day' || unit === 'week';
    const form = onClock && days ? 'YYYY-MM-DD, e.g. 2025-03-14' : `${yearAlone ? 'YYYY, ' : ''}YYYY-MM, e.g. 2025-03, or YYYY-MM-DD, e.g. 2025-03-14`;
    const problem = calendarProblem(date);
    if (problem !== undefined) {
      this.error('E_DATE', path, `${date} is not a calendar date: ${problem}`, `write ${form}`);
      return false;
    }
    if (onClock && days && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      this.error('E_DATE', path, `${date} gives no day, but the clock counts ${unit}s`, `write ${form}`);
      return false;
    }
    return dateSpan(date) !== undefined;
  }

  /** `asOf` and `resolution`: real dates, in an order that makes a forecast, naming what exists. */
  private checkResolution(): void {
    const d = this.data;
    const realDate = (date: string | undefined, path: Path) => date !== undefined && this.realDate(date, path, false);
    const asOf = realDate(d.asOf, ['asOf']) ? d.asOf : undefined;
    const r = d.resolution;
    if (!r) return;
    if (d.asOf === undefined) {
      this.error('E_RESOLUTION_AS_OF', ['resolution'], 'a resolution needs "asOf": the date the forecast was made', 'add "asOf": the date of the decision the scenario models, before the outcome', true);
    }
    if (realDate(r.date, ['resolution', 'date']) && asOf !== undefined && !certainlyAfter(r.date, asOf)) {
      this.error('E_RESOLUTION_DATE', ['resolution', 'date'], `the outcome (${r.date}) is not after asOf (${asOf}): there is nothing left to forecast`, 'set asOf to a date before the outcome was known');
    }
    const outcome = d.outcomes[r.outcome];
    if (!outcome) this.error('E_UNKNOWN_OUTCOME', ['resolution', 'outcome'], `no outcome '${r.outcome}'`, didYouMean(r.outcome, Object.keys(d.outcomes)));
    if (r.dealDate === undefined && outcome?.deal) {
      this.error('E_RESOLUTION_DEAL_DATE', ['resolution'], `outcome '${r.outcome}' is a deal: give "dealDate", when the deal was signed`, 'time to deal is scored from it', true);
    }
    if (realDate(r.dealDate, ['resolution', 'dealDate']) && r.dealDate !== undefined) {
      if (asOf !== undefined && !certainlyAfter(r.dealDate, asOf)) this.error('E_RESOLUTION_DATE', ['resolution', 'dealDate'], `the deal (${r.dealDate}) is not after asOf (${asOf})`, 'set asOf to a date before the deal was signed');
      if (roundOfDate(d.clock.start, d.clock.unit, r.dealDate) < 0) this.error('E_RESOLUTION_DATE', ['resolution', 'dealDate'], `the deal (${r.dealDate}) is before the clock's start ${d.clock.start}`);
      if (certainlyAfter(r.dealDate, r.date)) this.error('E_RESOLUTION_DATE', ['resolution', 'dealDate'], `the deal (${r.dealDate}) is after the resolution date (${r.date})`, 'the resolution date is when the outcome was settled, on or after the deal');
    }
    if (r.strategy !== undefined && !(r.strategy in d.strategies)) {
      this.error('E_UNKNOWN_STRATEGY', ['resolution', 'strategy'], `no strategy '${r.strategy}'`, didYouMean(r.strategy, Object.keys(d.strategies)));
    }
    if (r.baseRate) {
      const given = r.baseRate.outcomes;
      for (const id of Object.keys(given)) {
        if (!(id in d.outcomes)) this.error('E_UNKNOWN_OUTCOME', ['resolution', 'baseRate', 'outcomes', id], `no outcome '${id}'`, didYouMean(id, Object.keys(d.outcomes)), true);
        else if (given[id]! <= 0) this.error('E_BASE_RATE', ['resolution', 'baseRate', 'outcomes', id], `a base rate of ${given[id]} rules '${id}' out`, 'a base rate gives every outcome some probability');
      }
      const missing = Object.keys(d.outcomes).filter((id) => !(id in given));
      if (missing.length > 0) this.error('E_BASE_RATE', ['resolution', 'baseRate', 'outcomes'], `the base rate leaves out ${missing.map((m) => `'${m}'`).join(', ')}`, 'give every outcome a probability');
      const sum = Object.values(given).reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 1e-6) this.error('E_BASE_RATE', ['resolution', 'baseRate', 'outcomes'], `the base rate's probabilities sum to ${sum}, not 1`);
    }
  }

  /** A parameter's swing range: low <= high, and a fixed value (a named assumption) inside it. */
  private checkPlausibleRange(name: string, p: ScenarioFile['parameters'][string], low: number, high: number): void {
    const path = ['parameters', name];
    if (p.low !== undefined && p.high !== undefined && p.low > p.high) {
      this.error('E_PARAMETER_RANGE', [...path, 'low'], `low ${p.low} is above high ${p.high}`, 'swap them: low is the least plausible value, high the greatest');
    } else if (p.dist.type === 'fixed' && (low > p.dist.value || high < p.dist.value)) {
      const at = low > p.dist.value ? 'low' : 'high';
      this.error('E_PARAMETER_RANGE', [...path, at], `the plausible range [${low}, ${high}] does not contain the value ${p.dist.value}`, `a named assumption's range brackets its value: set "${at}" ${at === 'low' ? 'at or below' : 'at or above'} ${p.dist.value}, or change the value`);
    }
  }

  /**
   * A strategy: its knobs (checked, with their search levels), then its rules, whose conditions and
   * offer expressions are checked in an environment where `knob` has the strategy's knob fields.
   */
  private compileStrategy(id: string, s: Strategy, moves: ReadonlyMap<string, CompiledMove>): CompiledStrategy {
    const knobs = Object.entries(s.knobs ?? {}).flatMap(([name, k]) => {
      const knob = this.knob(name, k, ['strategies', id, 'knobs', name]);
      return knob ? [knob] : [];
    });
    if (Object.keys(s.knobs ?? {}).length > limits.knobs) {
      this.error('E_KNOB', ['strategies', id, 'knobs'], `a strategy may have at most ${limits.knobs} knobs`, 'fold related settings into one enum knob');
    }
    const kinds = Object.fromEntries(Object.entries(s.knobs ?? {}).map(([name, k]) => [name, k.type]));
    const built = strategyEnvironment(this.env, kinds);
    const enumKnobs = Object.fromEntries(Object.entries(s.knobs ?? {}).flatMap(([name, k]) => (k.type === 'enum' ? [[name, k.values]] : [])));
    const within = { env: built.env, names: { ...this.names, knob: Object.keys(kinds) }, knobs: enumKnobs };
    const rules = s.rules.flatMap((rule, i): CompiledStrategyRule[] => {
      const path = ['strategies', id, 'rules', i];
      const when = rule.when === undefined ? undefined : this.expression(rule.when, [...path, 'when'], 'strategy', 'bool', within);
      if (rule.move === 'wait') return [{ when, offer: {}, offerExpressions: [], weight: rule.weight ?? 1 }];
      const move = moves.get(rule.move);
      if (!move) {
        if (!/^[A-Za-z]\w*\.[A-Za-z]\w*$/.test(rule.move)) this.error('E_MOVE_REF', [...path, 'move'], `'${rule.move}' is not "track.move" or "wait"`, didYouMean(rule.move, [...moves.keys(), 'wait']));
        else this.error('E_UNKNOWN_MOVE', [...path, 'move'], `no move '${rule.move}'`, didYouMean(rule.move, [...moves.keys(), 'wait']));
        return [];
      }
      const offer: Record<string, number | string> = {};
      const offerExpressions: CompiledOfferExpression[] = [];
      for (const [issue, value] of Object.entries(rule.offer ?? {})) {
        const op = [...path, 'offer', issue];
        const spec = move.offer.find((o) => o.issue === issue);
        if (!spec) {
          this.error('E_OFFER_ISSUE', op, `move '${move.id}' does not offer '${issue}'`, didYouMean(issue, move.offer.map((o) => o.issue)), true);
        } else if (typeof value === 'string' && isOfferExpression(spec, value)) {
          const expr = this.expression(value, op, 'strategy', spec.kind === 'number' ? 'double' : 'string', within, undefined, enumResult(spec));
          if (expr) {
            this.checkEnumKnobOffer(spec, expr, knobs, op);
            offerExpressions.push({ issue, expr });
          }
        } else {
          this.checkOfferValue(spec, value, op);
          offer[issue] = value;
        }
      }
      return [{ move, when, offer, offerExpressions, weight: rule.weight ?? 1 }];
    });
    return { id, label: s.label, description: s.description, mode: s.mode, rules, knobs, knobClass: knobs.length > 0 ? built.Knob : undefined };
  }

  /** A knob declaration, checked; its levels are the grid a search tries. */
  private knob(name: string, k: Knob, path: Path): CompiledKnob | undefined {
    const text = { label: k.label ?? name, description: k.description };
    if (k.type === 'enum') {
      const values = [...new Set(k.values)];
      if (values.length !== k.values.length) this.error('E_KNOB', [...path, 'values'], `knob '${name}' lists a value twice`, 'list each choice once');
      if (!values.includes(k.default)) {
        this.error('E_KNOB', [...path, 'default'], `the default '${k.default}' is not one of the knob's values (${values.join(', ')})`, didYouMean(k.default, values));
        return undefined;
      }
      return { name, kind: 'enum', ...text, default: k.default, min: 0, max: values.length - 1, step: 1, levels: values };
    }
    if (!(k.min <= k.max)) {
      this.error('E_KNOB', path, `knob '${name}' has min ${k.min} above max ${k.max}`, 'swap them');
      return undefined;
    }
    if (k.default < k.min || k.default > k.max) {
      this.error('E_KNOB', [...path, 'default'], `the default ${k.default} is outside the knob's range [${k.min}, ${k.max}]`, `pick a default between ${k.min} and ${k.max}`);
      return undefined;
    }
    const step = k.step ?? (k.max > k.min ? (k.max - k.min) / 20 : 1);
    const count = Math.floor((k.max - k.min) / step + 1e-9) + 1;
    if (count > limits.knobLevels) {
      this.error('E_KNOB', [...path, 'step'], `knob '${name}' has ${count} levels between its min and max; the limit is ${limits.knobLevels}`, `use a step of at least ${(k.max - k.min) / (limits.knobLevels - 1)}`);
      return undefined;
    }
    // Levels rounded to 12 significant digits, so 0.1 * 3 shows (and is written) as 0.3.
    const levels = Array.from({ length: count }, (_v, i) => Number((k.min + i * step).toPrecision(12)));
    return { name, kind: 'number', ...text, default: k.default, min: k.min, max: k.max, step, levels };
  }

  /** An offer of an enum issue that is exactly `knob.<name>` of an enum knob: every choice of the knob must be offerable. */
  private checkEnumKnobOffer(spec: CompiledOfferIssue, expr: CompiledExpression, knobs: readonly CompiledKnob[], path: Path): void {
    if (spec.kind !== 'enum') return;
    const name = /^\s*knob\s*\.\s*([A-Za-z]\w*)\s*$/.exec(expr.source)?.[1];
    const knob = knobs.find((k) => k.name === name);
    if (knob?.kind !== 'enum') return;
    const outside = knob.levels.filter((v) => !spec.values.includes(v as string));
    if (outside.length > 0) {
      this.error('E_KNOB', path, `knob '${knob.name}' may be ${outside.map((v) => `'${v}'`).join(', ')}, which issue '${spec.issue}' does not allow here (${spec.values.join(', ')})`, `give the knob only values of '${spec.issue}'`);
    }
  }

  /**
   * An offer value as written (a move's default, an event's offer): a number; one of an enum issue's
   * values (a bare name that is not one is E_ENUM_VALUE, so a typo is caught); any other string is an
   * expression giving the issue's type, type-checked here and evaluated when the offer is made.
   */
  private offerValueSource(spec: CompiledOfferIssue, value: number | string, path: Path, scope: ExpressionScope, self?: string): ValueSource<number | string> | undefined {
    const before = this.problems.length;
    if (typeof value === 'string' && isOfferExpression(spec, value)) {
      const expr = this.expression(value, path, scope, spec.kind === 'number' ? 'double' : 'string', undefined, self, enumResult(spec));
      // A value of the wrong kind: say what an offer of this issue is, in the file's terms.
      const example = spec.kind === 'number' ? `a number such as ${spec.min}, or an expression giving one, e.g. "world.<variable> * 1.1"` : `one of ${spec.values.join(', ')}, or an expression giving one, e.g. "round > 3.0 ? '${spec.values[0]}' : '${spec.values[spec.values.length - 1]}'"`;
      for (let i = before; i < this.problems.length; i++) {
        const p = this.problems[i]!;
        if (p.code === 'E_EXPR_RESULT_TYPE' && p.hint === undefined) this.problems[i] = { ...p, hint: `'${spec.issue}' is ${spec.kind === 'number' ? 'a number' : 'an enum'} issue: write ${example}` };
      }
      return expr && { expr };
    }
    this.checkOfferValue(spec, value, path);
    return this.problems.length === before ? { literal: value } : undefined;
  }

  /**
   * A counterpart's offer (an event's or a branch's `offer`): its track, and each issue's value as an
   * offer value (literals checked against the issue's range or values, expressions with `self` = the
   * offer's track).
   */
  private receivedOffer(o: ReceivedOffer | undefined, path: Path): CompiledReceivedOffer | undefined {
    if (o === undefined) return undefined;
    const track = this.trackIds.indexOf(o.track);
    if (track < 0) {
      this.error('E_UNKNOWN_TRACK', [...path, 'track'], `no track '${o.track}'`, didYouMean(o.track, this.trackIds) ?? `the tracks are ${this.trackIds.join(', ')}`);
      return undefined;
    }
    const entries = Object.entries(o.terms);
    if (entries.length === 0) {
      const first = Object.keys(this.data.issues)[0];
      this.error('E_OFFER', [...path, 'terms'], 'this offer puts no terms on the table', first === undefined ? 'declare the issues under "issues", then name them here' : `name at least one issue, e.g. { "${first}": ... }`);
    }
    const terms: CompiledTermSetting[] = [];
    for (const [issue, value] of entries) {
      const ip = [...path, 'terms', issue];
      const decl = this.data.issues[issue];
      if (!decl) {
        this.error('E_UNKNOWN_ISSUE', ip, `no issue '${issue}'`, didYouMean(issue, Object.keys(this.data.issues)) ?? 'declare it under "issues"', true);
        continue;
      }
      const spec: CompiledOfferIssue =
        decl.type === 'number'
          ? { issue, kind: 'number', default: { literal: decl.min }, min: decl.min, max: decl.max, step: decl.step, values: [] }
          : { issue, kind: 'enum', default: { literal: decl.values[0]! }, min: 0, max: 0, values: decl.values };
      const source = this.offerValueSource(spec, value, ip, 'track', o.track);
      if (source) terms.push({ issue, value: source });
    }
    return { track, terms, event: o.event ?? OFFER_RECEIVED };
  }

  private checkOfferValue(spec: CompiledOfferIssue, value: number | string, path: Path): void {
    if (spec.kind === 'number') {
      if (typeof value !== 'number') this.error('E_TYPE', path, `'${spec.issue}' is a number issue`);
      else if (value < spec.min || value > spec.max) this.error('E_RANGE', path, `${value} is outside [${spec.min}, ${spec.max}]`);
    } else if (typeof value !== 'string' || !spec.values.includes(value)) {
      this.error('E_ENUM_VALUE', path, `${JSON.stringify(value)} is not one of ${spec.values.join(', ')}`, didYouMean(String(value), spec.values));
    }
  }

  private compileTrack(id: string, index: number): CompiledTrack {
    const d = this.data;
    const t = d.tracks[id]!;
    const path = ['tracks', id];
    const errorsBefore = this.problems.filter((p) => p.severity === 'error').length;
    if (!(t.counterpart in d.parties)) {
      this.error('E_UNKNOWN_PARTY', [...path, 'counterpart'], `no party '${t.counterpart}'`, didYouMean(t.counterpart, Object.keys(d.parties)));
    } else if (d.parties[t.counterpart]!.role !== 'counterpart') {
      this.error('E_COUNTERPART_ROLE', [...path, 'counterpart'], `'${t.counterpart}' is the host; a track's counterpart must have "role": "counterpart"`);
    }

    // Terms on the table: every issue gets a value (the track's own, else the issue's default, else
    // its low end: `min` or the first of its values; lint warns when a deal can be signed so).
    const initialTerms: Record<string, number | string> = {};
    for (const [issue, decl] of Object.entries(d.issues)) initialTerms[issue] = decl.default ?? (decl.type === 'number' ? decl.min : decl.values[0]!);
    for (const [issue, value] of Object.entries(t.terms ?? {})) {
      const decl = d.issues[issue];
      if (!decl) this.error('E_UNKNOWN_ISSUE', [...path, 'terms', issue], `no issue '${issue}'`, didYouMean(issue, Object.keys(d.issues)), true);
      else if (decl.type === 'number' && typeof value !== 'number') {
        this.error('E_TYPE', [...path, 'terms', issue], `'${issue}' is a number issue: the terms a track starts with are numbers, not expressions`, `write a number between ${decl.min} and ${decl.max}; to put terms that depend on the world on the table, give an event an "offer" ({ "track": "${id}", "terms": { "${issue}": "<expression>" } }) or a response "terms"`);
      }
      else if (decl.type === 'enum' && (typeof value !== 'string' || !decl.values.includes(value))) {
        this.error('E_ENUM_VALUE', [...path, 'terms', issue], `${JSON.stringify(value)} is not a value of '${issue}'`, didYouMean(String(value), decl.values));
      } else initialTerms[issue] = value;
    }

    // Walk the machine: state names, targets, guards, actions.
    const guards = new Map<string, CompiledExpression>();
    const actions = new Map<string, CompiledAction>();
    const statePaths = new Set<string>();
    let stateCount = 0;
    const machinePath = [...path, 'machine'];
    const machine = t.machine;

    const resolveTarget = (target: string, parentPath: string[]): string | undefined => {
      // XState's default target resolution: "name" is a sibling, ".name" a child, "#id.path" by id.
      if (target.startsWith('#')) {
        const [machineId, ...rest] = target.slice(1).split('.');
        if (machineId === (machine.id ?? id)) return rest.join('.');
        return undefined;
      }
      if (target.startsWith('.')) return [...parentPath, ...target.slice(1).split('.')].join('.');
      return [...parentPath.slice(0, -1), ...target.split('.')].join('.');
    };
    const pendingTargets: { target: string; statePath: string[]; path: Path }[] = [];
    const multiTargets: { targets: string[]; statePath: string[]; path: Path }[] = [];
    const parallelStates = new Set<string>();

    const visitActions = (value: unknown, p: Path): void => {
      const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
      list.forEach((a, i) => {
        const ap = Array.isArray(value) ? [...p, i] : p;
        const ref = a as { type: string; params: Record<string, unknown> };
        const key = JSON.stringify([ref.type, ref.params]);
        if (actions.has(key)) return;
        if (ref.type === 'set') {
          actions.set(key, { type: 'set', effects: this.effects(ref.params as Record<string, number | boolean | string>, [...ap, 'params'], 'track') });
        } else if (ref.type === 'signal') {
          const params = ref.params as { to: string; event: string };
          const index = params.to === '*' ? -1 : params.to === 'others' ? -2 : this.trackIds.indexOf(params.to);
          if (index === -1 && params.to !== '*') {
            this.error('E_UNKNOWN_TRACK', [...ap, 'params', 'to'], `no track '${params.to}'`, didYouMean(params.to, [...this.trackIds, '*', 'others']));
          } else actions.set(key, { type: 'signal', signal: { to: index, event: params.event } });
        } else if (ref.type === 'news') actions.set(key, { type: 'news', text: String(ref.params.text) });
      });
    };
    // Every `when` guard, also inside `and`/`or`/`not`, is type-checked here at its own position; the
    // engine finds a guard's compiled expression (and so its location) by its text.
    const visitGuard = (guard: GuardRef | undefined, p: Path): void => {
      if (guard === undefined) return;
      if (guard.type === 'when') {
        if (!guards.has(guard.params.expr)) {
          const expr = this.expression(guard.params.expr, [...p, 'params', 'expr'], 'track', 'bool');
          if (expr) guards.set(guard.params.expr, expr);
        }
      } else guard.guards.forEach((g, i) => visitGuard(g, [...p, 'guards', i]));
    };
    const visitTransitions = (value: unknown, statePath: string[], p: Path): void => {
      const list = Array.isArray(value) ? value : [value];
      list.forEach((tr, i) => {
        const tp = Array.isArray(value) ? [...p, i] : p;
        if (typeof tr === 'string') {
          pendingTargets.push({ target: tr, statePath, path: tp });
          return;
        }
        const obj = tr as { target?: string | string[]; guard?: GuardRef; actions?: unknown };
        if (Array.isArray(obj.target) && obj.target.length > 1) multiTargets.push({ targets: obj.target, statePath, path: [...tp, 'target'] });
        for (const [j, target] of (Array.isArray(obj.target) ? obj.target : obj.target === undefined ? [] : [obj.target]).entries()) {
          pendingTargets.push({ target, statePath, path: Array.isArray(obj.target) ? [...tp, 'target', j] : [...tp, 'target'] });
        }
        visitGuard(obj.guard, [...tp, 'guard']);
        visitActions(obj.actions, [...tp, 'actions']);
      });
    };
    const visitState = (name: string, state: StateConfig, statePath: string[], p: Path): void => {
      stateCount++;
      statePaths.add(statePath.join('.'));
      if (state.type === 'parallel') parallelStates.add(statePath.join('.'));
      for (const key of Object.keys(FORBIDDEN_STATE_KEYS)) {
        if (key in (state as Record<string, unknown>)) this.error('E_UNSUPPORTED', [...p, key], `'${key}' is not supported`, FORBIDDEN_STATE_KEYS[key], true);
      }
      visitActions(state.entry, [...p, 'entry']);
      visitActions(state.exit, [...p, 'exit']);
      for (const [event, tr] of Object.entries(state.on ?? {})) visitTransitions(tr, statePath, [...p, 'on', event]);
      if (state.always !== undefined) visitTransitions(state.always, statePath, [...p, 'always']);
      const children = Object.entries(state.states ?? {});
      if (children.length > 0 && state.type !== 'parallel') {
        if (state.initial === undefined) this.error('E_NO_INITIAL', p, `state '${name}' has child states but no "initial"`, `add "initial": "${children[0]![0]}"`);
        else if (!(state.initial in (state.states ?? {}))) {
          this.error('E_UNKNOWN_STATE', [...p, 'initial'], `'${state.initial}' is not a child state of '${name}'`, didYouMean(state.initial, children.map(([n]) => n)));
        }
      }
      if (state.type === 'final' && (children.length > 0 || state.on || state.always)) {
        this.error('E_FINAL_STATE', p, `final state '${name}' cannot have transitions or child states`);
      }
      for (const [child, cs] of children) visitState(child, cs, [...statePath, child], [...p, 'states', child]);
    };
    for (const [name, s] of Object.entries(machine.states)) visitState(name, s, [name], [...machinePath, 'states', name]);
    if (!(machine.initial in machine.states)) {
      this.error('E_UNKNOWN_STATE', [...machinePath, 'initial'], `'${machine.initial}' is not a state of this machine`, didYouMean(machine.initial, Object.keys(machine.states)));
    }
    if (stateCount > limits.statesPerTrack) this.error('E_LIMIT', [...machinePath, 'states'], `${stateCount} states exceed the limit of ${limits.statesPerTrack}`);
    for (const pt of pendingTargets) {
      const resolved = resolveTarget(pt.target, pt.statePath);
      if (resolved === undefined || !statePaths.has(resolved)) {
        const siblings = [...statePaths].filter((s) => s.split('.').length === pt.statePath.length).map((s) => s.split('.').pop()!);
        this.error('E_UNKNOWN_TARGET', pt.path, `transition target '${pt.target}' does not exist`, didYouMean(pt.target, siblings));
      }
    }

    // Several targets on one transition: XState enters them all, which is a sound configuration only
    // when each lies in its own region of a parallel state. Elsewhere XState keeps both states active
    // (a track both signed and lapsed), so such transitions are refused.
    for (const mt of multiTargets) {
      const resolved = mt.targets.map((target) => resolveTarget(target, mt.statePath));
      if (resolved.some((r) => r === undefined || !statePaths.has(r))) continue; // reported above
      const clash = regionClash(resolved as string[], parallelStates);
      if (clash) {
        this.error(
          'E_MULTIPLE_TARGETS',
          mt.path,
          `this transition has ${mt.targets.length} targets, but '${clash[0]}' and '${clash[1]}' are not in different regions of one parallel state: a track would be in both at once`,
          'give the transition one target (a track is in one state at a time), or send separate events',
        );
      }
    }

    // Moves.
    const moves: CompiledMove[] = [];
    const moveEntries = Object.entries(t.moves);
    if (moveEntries.length > limits.movesPerTrack) this.error('E_LIMIT', [...path, 'moves'], `${moveEntries.length} moves exceed the limit of ${limits.movesPerTrack}`);
    for (const [name, m] of moveEntries) {
      const mp = [...path, 'moves', name];
      (m.in ?? []).forEach((s, i) => {
        if (!statePaths.has(s)) this.error('E_UNKNOWN_STATE', [...mp, 'in', i], `track '${id}' has no state '${s}'`, didYouMean(s, statePaths));
      });
      const offer: CompiledOfferIssue[] = [];
      for (const [issue, o] of Object.entries(m.offer ?? {})) {
        const op = [...mp, 'offer', issue];
        const decl = d.issues[issue];
        if (!decl) {
          this.error('E_UNKNOWN_ISSUE', op, `no issue '${issue}'`, didYouMean(issue, Object.keys(d.issues)), true);
          continue;
        }
        // One object literal per kind, fields in one order: the negotiator reads these in its grid search.
        const spec: { -readonly [K in keyof CompiledOfferIssue]: CompiledOfferIssue[K] } =
          decl.type === 'number'
            ? { issue, kind: 'number', default: { literal: o.default }, min: Math.max(decl.min, o.min ?? decl.min), max: Math.min(decl.max, o.max ?? decl.max), step: decl.step, values: [] }
            : { issue, kind: 'enum', default: { literal: o.default }, min: 0, max: 0, step: undefined, values: o.values ?? decl.values };
        if (decl.type === 'enum') {
          for (const v of o.values ?? []) if (!decl.values.includes(v)) this.error('E_ENUM_VALUE', [...op, 'values'], `'${v}' is not a value of '${issue}'`, didYouMean(v, decl.values));
        }
        spec.default = this.offerValueSource(spec, o.default, [...op, 'default'], 'track') ?? { literal: spec.kind === 'number' ? spec.min : spec.values[0]! };
        offer.push(spec);
      }
      moves.push({
        id: `${id}.${name}`,
        name,
        track: index,
        slot: moves.length,
        label: m.label,
        description: m.description,
        in: m.in,
        when: m.when === undefined ? undefined : this.expression(m.when, [...mp, 'when'], 'track', 'bool'),
        offer,
        effects: this.effects(m.effects, [...mp, 'effects'], 'track'),
        responses: this.responses(m.responses, [...mp, 'responses'], offer.length > 0 ? 'response' : 'answer', offer.length > 0),
      });
      m.responses.forEach((r, i) => {
        if (r.decision === undefined) return;
        const rp = [...mp, 'responses', i, 'decision'];
        if (t.negotiator === undefined) this.error('E_NO_NEGOTIATOR', rp, `track '${id}' has no "negotiator" to decide`, 'add "negotiator" to the track, or give this response a probability "p" instead');
        else if (offer.length === 0) this.error('E_NO_OFFER', rp, 'a negotiator answers offers: this move has no "offer"', 'add "offer" to the move');
        if (m.responses.some((o, j) => j !== i && o.decision === r.decision)) this.error('E_DUPLICATE_DECISION', rp, `two responses for "decision": "${r.decision}"`, 'keep one response per decision');
      });
      if (t.negotiator !== undefined && m.responses.some((r) => r.decision !== undefined)) {
        for (const spec of offer) {
          if (spec.kind === 'number' && spec.step === undefined) {
            this.error('E_NEGOTIATION_GRID', [...mp, 'offer', spec.issue], `the negotiator proposes on a grid of each offered issue: '${spec.issue}' has no "step"`, `give issue '${spec.issue}' a "step" (e.g. ${niceStep(spec.max - spec.min)})`);
          }
        }
        const size = offer.reduce((n, spec) => n * (spec.kind === 'number' ? Math.floor((spec.max - spec.min) / (spec.step ?? 1) + 1e-9) + 1 : spec.values.length), 1);
        if (size > limits.negotiationGrid) this.error('E_NEGOTIATION_GRID', [...mp, 'offer'], `the offered issues span ${size} possible offers, more than the negotiator searches (${limits.negotiationGrid})`, 'use coarser steps or fewer offered issues');
      }
    }
    const stance = (t.stance ?? []).map((s, i) => ({
      label: s.label,
      when: s.when === undefined ? undefined : this.expression(s.when, [...path, 'stance', i, 'when'], 'track', 'bool'),
    }));

    // The machine is built only when its own config is sound; moves are returned either way, so
    // strategies that name them do not report follow-on errors.
    let built: AnyStateMachine | undefined;
    if (this.problems.filter((p) => p.severity === 'error').length === errorsBefore) {
      try {
        built = buildTrackMachine(machine as unknown as Record<string, unknown>, id);
      } catch (error) {
        this.error('E_MACHINE', machinePath, `XState rejects this machine: ${(error as Error).message}`);
      }
    }
    for (const loop of built ? findEventlessLoops(built) : []) {
      const statePath = loop.source.flatMap((name) => ['states', name]);
      const always = loop.source.reduce<StateConfig | undefined>((s, name) => s?.states?.[name], machine as StateConfig)?.always;
      const cycle = [...loop.states, loop.states[0]].map((s) => `'${s}'`).join(' -> ');
      this.error('E_EVENTLESS_LOOP', [...machinePath, ...statePath, 'always', ...(Array.isArray(always) ? [loop.index] : [])], `states ${cycle} pass control to each other through unguarded "always" transitions: the track would never settle`, 'guard one of these transitions (it must become false once taken), or make it wait for an event such as TICK');
    }
    const negotiator = t.negotiator === undefined ? undefined : this.negotiator(t.negotiator, [...path, 'negotiator']);
    return { id, index, label: t.label, description: t.description, counterpart: t.counterpart, machine: built!, initialTerms, stance, moves, guards, actions, negotiator };
  }

  private negotiator(n: NonNullable<ScenarioFile['tracks'][string]['negotiator']>, path: Path): CompiledNegotiator | undefined {
    const c = n.concession;
    if (c.type === 'titForTat') return { concession: { type: 'titForTat', initial: c.initial, delta: c.delta }, acceptance: n.acceptance };
    const cp = [...path, 'concession'];
    if (typeof c.e === 'number' && !(c.e > 0)) this.error('E_NEGOTIATOR', [...cp, 'e'], `the concession exponent must be above 0 (got ${c.e})`, 'e < 1 holds firm (Boulware), e = 1 concedes linearly, e > 1 concedes early (Conceder)');
    if (typeof c.deadline === 'number' && !(c.deadline > 0)) this.error('E_NEGOTIATOR', [...cp, 'deadline'], `the deadline must be a positive number of rounds (got ${c.deadline})`);
    const e = this.numberSource(c.e, [...cp, 'e'], 'global');
    const deadline = this.numberSource(c.deadline, [...cp, 'deadline'], 'global');
    if (e === undefined || deadline === undefined) return undefined;
    return { concession: { type: 'time', e, deadline, initial: c.initial }, acceptance: n.acceptance };
  }
}

/**
 * Whether a rule's offer value is an expression: any string for a number issue; for an enum issue, a
 * string that is not a bare name (a bare name is meant as one of its values, and checked as one).
 */
export function isOfferExpression(spec: CompiledOfferIssue, value: string): boolean {
  if (spec.kind === 'number') return true;
  return !spec.values.includes(value) && !/^[A-Za-z][A-Za-z0-9_]*$/.test(value);
}

/** Guard and action implementations are supplied per run through the event; these are the names. */
export const TRACK_IMPLEMENTATIONS = {
  guards: ['when', 'and', 'or', 'not'],
  actions: ['set', 'signal', 'news'],
} as const;

/**
 * Builds an XState machine from a track's JSON config, unchanged. The guard `when` reads its
 * compiled expression and scope from the event (the runner puts them there), so it is a pure
 * function of (event, params) as the transition memo requires; actions are only named here: the
 * engine runs them from the transition's returned action list.
 */
export function buildTrackMachine(config: Record<string, unknown>, id: string): AnyStateMachine {
  const machine = setup({
    guards: {
      when: ({ event }, params: { expr: string }) => guardCheck(event, params.expr),
      eventlessStep: () => eventlessStep(),
      ...COMBINED_GUARDS,
    },
    actions: {
      set: () => {},
      signal: () => {},
      news: () => {},
    },
  }).createMachine({ id, ...withCombinedGuardParams(config) } as never) as unknown as AnyStateMachine;
  // Resolve every transition now, so a bad target fails at load time rather than mid-run.
  const visit = (node: { transitions: unknown; always?: unknown; states: Record<string, unknown> }): void => {
    void node.transitions;
    void node.always;
    for (const child of Object.values(node.states)) visit(child as typeof node);
  };
  visit(machine.root as never);
  return machine;
}

/**
 * Two targets of one transition that XState cannot both hold: the same state, one inside the other,
 * or two states whose closest common ancestor is not a parallel state. Undefined when every pair lies
 * in different regions of a parallel state (the one case where several targets are meant).
 */
function regionClash(targets: readonly string[], parallelStates: ReadonlySet<string>): [string, string] | undefined {
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      const a = targets[i]!.split('.');
      const b = targets[j]!.split('.');
      let k = 0;
      while (k < a.length && k < b.length && a[k] === b[k]) k++;
      const apart = k < a.length && k < b.length;
      if (!apart || !parallelStates.has(a.slice(0, k).join('.'))) return [targets[i]!, targets[j]!];
    }
  }
  return undefined;
}

/** A round step for a range, for hints: about a hundredth of it, 1, 2 or 5 times a power of ten. */
function niceStep(span: number): number {
  if (!(span > 0)) return 1;
  const raw = span / 100;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}
