import { Environment } from '@marcbachmann/cel-js';
import type { ScenarioFile } from './scenario-schema.js';
import { limits } from './limits.js';
import { celSignature, EXPRESSION_FUNCTIONS } from './expression-functions.js';

/** Constructors of the typed objects expressions read; the engine instantiates them per run. */
export interface ScopeClasses {
  readonly World: new () => Record<string, unknown>;
  readonly Param: new () => Record<string, number>;
  readonly Terms: new () => Record<string, number | string>;
  readonly Track: new () => Record<string, unknown>;
  readonly Tracks: new () => Record<string, unknown>;
  readonly Sides: new () => { host: number; counterpart: number };
}

/** Which variables an expression may read, by where it stands in the file. */
export type ExpressionScope = 'init' | 'global' | 'strategy' | 'reservation' | 'track' | 'answer' | 'response' | 'end';

export const SCOPE_VARIABLES: Readonly<Record<ExpressionScope, readonly string[]>> = {
  init: ['param'],
  global: ['world', 'param', 'tracks', 'round', 'horizon'],
  // A strategy rule's condition and offer values: the global variables and the strategy's knobs.
  strategy: ['world', 'param', 'tracks', 'round', 'horizon', 'knob'],
  // A reservation is read on a track (self: that track; outside any track, an empty one) and cannot read batna, which it defines.
  reservation: ['world', 'param', 'tracks', 'round', 'horizon', 'self'],
  track: ['world', 'param', 'tracks', 'round', 'horizon', 'self', 'batna'],
  // The responses of a move without an offer: `value` is the terms on the table's worth to each side.
  answer: ['world', 'param', 'tracks', 'round', 'horizon', 'self', 'batna', 'value'],
  response: ['world', 'param', 'tracks', 'round', 'horizon', 'self', 'batna', 'offer', 'value'],
  end: ['world', 'param', 'tracks', 'round', 'horizon', 'deal', 'dealTrack', 'deals', 'utility'],
};

/** Every variable, with what it means, for messages and docs. */
export const VARIABLE_DOCS: Readonly<Record<string, string>> = {
  world: 'the world variables',
  param: 'the sampled parameters',
  tracks: 'every track, by id',
  round: 'the current round, from 0',
  horizon: 'the number of rounds',
  self: 'the track this expression belongs to',
  batna: 'reservation values {host, counterpart} on this track',
  offer: 'the offer being answered',
  value: "the offer's utility {host, counterpart} (for a move without an offer, the table's)",
  deal: 'the terms of the signed deal',
  dealTrack: 'the id of the track with the first signed deal, or ""',
  deals: 'the ids of every track in a deal state at the end, in track order (a portfolio of deals)',
  utility: "the deal's utility {host, counterpart} (reservation values when no deal)",
  knob: "the strategy's knob settings, by name (strategy rules only)",
};

const ARITHMETIC = {
  '+': (a: number, b: number) => a + b,
  '-': (a: number, b: number) => a - b,
  '*': (a: number, b: number) => a * b,
  '/': (a: number, b: number) => a / b,
} as const;

function namedClass(name: string): new () => Record<string, unknown> {
  // A distinct class per scenario and type: cel-js recognises custom types by constructor.
  const holder = { [name]: class {} };
  return holder[name] as new () => Record<string, unknown>;
}

/**
 * Builds the CEL environment for one scenario: typed objects for the world, parameters, terms and
 * tracks, and the numeric functions of expression-functions.ts. Built once per scenario, never in the hot loop.
 */
export function buildExpressionEnvironment(file: ScenarioFile): { env: Environment; classes: ScopeClasses } {
  const classes = {
    World: namedClass('World'),
    Param: namedClass('Param'),
    Terms: namedClass('Terms'),
    Track: namedClass('Track'),
    Tracks: namedClass('Tracks'),
    Sides: namedClass('Sides'),
  } as unknown as ScopeClasses;

  const worldFields: Record<string, string> = {};
  for (const [name, v] of Object.entries(file.world)) {
    worldFields[name] = v.type === 'number' ? 'double' : v.type === 'boolean' ? 'bool' : 'string';
  }
  const paramFields: Record<string, string> = {};
  for (const name of Object.keys(file.parameters)) paramFields[name] = 'double';
  const termFields: Record<string, string> = {};
  for (const [name, issue] of Object.entries(file.issues)) termFields[name] = issue.type === 'number' ? 'double' : 'string';
  const trackFields: Record<string, string> = {};
  for (const name of Object.keys(file.tracks)) trackFields[name] = 'Track';

  const env = new Environment({
    limits: { maxAstNodes: limits.expressionNodes, maxDepth: limits.expressionDepth, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 8 },
  })
    .registerType('World', { ctor: classes.World, fields: worldFields })
    .registerType('Param', { ctor: classes.Param, fields: paramFields })
    .registerType('Terms', { ctor: classes.Terms, fields: termFields })
    .registerType('Track', {
      ctor: classes.Track,
      fields: {
        id: 'string',
        state: 'string',
        rounds: 'double',
        entered: 'double',
        done: 'bool',
        deal: 'bool',
        stage: 'double',
        moves: 'double',
        terms: 'Terms',
        utility: 'double',
        received: 'bool',
      },
    })
    .registerType('Tracks', { ctor: classes.Tracks, fields: trackFields })
    .registerType('Sides', { ctor: classes.Sides, fields: { host: 'double', counterpart: 'double' } })
    .registerVariable('world', 'World')
    .registerVariable('param', 'Param')
    .registerVariable('tracks', 'Tracks')
    .registerVariable('round', 'double')
    .registerVariable('horizon', 'double')
    .registerVariable('self', 'Track')
    .registerVariable('batna', 'Sides')
    .registerVariable('offer', 'Terms')
    .registerVariable('value', 'Sides')
    .registerVariable('deal', 'Terms')
    .registerVariable('dealTrack', 'string')
    .registerVariable('deals', 'list<string>')
    .registerVariable('utility', 'Sides');
  for (const f of EXPRESSION_FUNCTIONS) env.registerFunction(celSignature(f), f.implementation);
  // Literals are normalised to doubles, but CEL's own functions (size, indexOf) return ints: let
  // them mix with numbers, so authors never meet "no such overload: int == double".
  // Registering `double == int` declares every comparison both ways.
  env.registerOperator('double == int', (a: number, b: bigint) => a === Number(b));
  for (const op of ['+', '-', '*', '/'] as const) {
    const f = ARITHMETIC[op];
    env.registerOperator(`double ${op} int: double`, (a: number, b: bigint) => f(a, Number(b)));
    env.registerOperator(`int ${op} double: double`, (a: bigint, b: number) => f(Number(a), b));
  }
  return { env, classes };
}

/** A strategy's knob object: one class per strategy (one hidden class), whose fields are its knobs. */
export type KnobClass = new () => Record<string, number | string>;

/**
 * The environment a strategy's rules are checked in: the scenario's, with a `knob` variable whose
 * type has one field per knob (number or string). Built once per strategy at load.
 *
 * @example strategyEnvironment(env, { floor: 'number', lead: 'enum' }) // rules may read knob.floor, knob.lead
 */
export function strategyEnvironment(env: Environment, knobs: Readonly<Record<string, 'number' | 'enum'>>): { env: Environment; Knob: KnobClass } {
  const Knob = namedClass('Knob') as unknown as KnobClass;
  const fields: Record<string, string> = {};
  for (const [name, kind] of Object.entries(knobs)) fields[name] = kind === 'number' ? 'double' : 'string';
  const knobEnv = env.clone().registerType('Knob', { ctor: Knob as never, fields }).registerVariable('knob', 'Knob');
  return { env: knobEnv, Knob };
}
