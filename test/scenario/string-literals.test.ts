import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createMachine } from 'xstate';
import { load, repoRoot } from '../load-fixture.js';
import { stateKeys } from '../../src/scenario/string-literals.js';
import { stateKey } from '../../src/engine/transition-memo.js';
import type { StateConfig } from '../../src/scenario/scenario-schema.js';

const base = JSON.parse(readFileSync(`${repoRoot}scenarios/supplier-duel.json`, 'utf8'));

function variant(change: (s: any) => void): string {
  const s = structuredClone(base);
  change(s);
  return JSON.stringify(s, null, 2);
}

/** The problems of a variant whose outcome `newcomerDeal` has the given condition. */
function outcomeProblems(when: string, change: (s: any) => void = () => {}) {
  const text = variant((s) => {
    change(s);
    s.outcomes.newcomerDeal.when = when;
  });
  return load(text).problems.map((p) => ({ code: p.code, message: p.message, hint: p.hint, line: p.location.line, column: p.location.column, text }));
}

/** A machine with every shape of state value: nested compound states, parallel regions (compound and atomic), a parallel state inside a compound one. */
const shapes: StateConfig = {
  initial: 'talks',
  states: {
    talks: {},
    active: {
      initial: 'mou',
      states: {
        mou: {},
        study: { initial: 'desk', states: { desk: {}, field: {} } },
        review: {
          type: 'parallel',
          states: {
            legal: { initial: 'open', states: { open: {}, cleared: { type: 'final' } } },
            board: { initial: 'waiting', states: { waiting: {}, approved: {} } },
          },
        },
      },
    },
    both: { type: 'parallel', states: { left: {}, right: {} } },
    signed: { type: 'final' },
  },
};

describe('the values tracks.<id>.state can hold', () => {
  it('lists every configuration in the form the engine gives it', () => {
    expect(stateKeys(shapes)).toEqual([
      'talks',
      'active.mou',
      'active.study.desk',
      'active.study.field',
      'active.(review.(legal.open,board.waiting))',
      'active.(review.(legal.open,board.approved))',
      'active.(review.(legal.cleared,board.waiting))',
      'active.(review.(legal.cleared,board.approved))',
      'both.(left.,right.)',
      'signed',
    ]);
  });

  it("gives for each configuration exactly the key the engine computes from XState's state value", () => {
    const machine = createMachine(shapes as never);
    const keys = stateKeys(shapes)!;
    // Resolve each configuration through XState from its atomic states and key XState's value as the engine does.
    const leaves: Record<string, unknown> = {
      talks: 'talks',
      'active.mou': { active: 'mou' },
      'active.study.desk': { active: { study: 'desk' } },
      'active.study.field': { active: { study: 'field' } },
      'active.(review.(legal.open,board.waiting))': { active: { review: { legal: 'open', board: 'waiting' } } },
      'active.(review.(legal.open,board.approved))': { active: { review: { legal: 'open', board: 'approved' } } },
      'active.(review.(legal.cleared,board.waiting))': { active: { review: { legal: 'cleared', board: 'waiting' } } },
      'active.(review.(legal.cleared,board.approved))': { active: { review: { legal: 'cleared', board: 'approved' } } },
      'both.(left.,right.)': 'both',
      signed: 'signed',
    };
    for (const key of keys) {
      const snapshot = machine.resolveState({ value: leaves[key] as never });
      expect(stateKey(snapshot.value as never), key).toBe(key);
    }
  });

  it('gives up (no check) when parallel regions multiply past the limit', () => {
    const region = { initial: 's0', states: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${i}`, {}])) };
    const wide: StateConfig = { initial: 'p', states: { p: { type: 'parallel', states: { a: region, b: region, c: region, d: region } } } };
    expect(stateKeys(wide)).toBeUndefined();
  });
});

describe('string literals compared with declared values (E_EXPR_UNKNOWN_VALUE)', () => {
  it("reports a typo in a track's state at the literal, with the state it meant", () => {
    const problems = outcomeProblems("tracks.newcomer.state == 'contrct'");
    expect(problems).toHaveLength(1);
    const p = problems[0]!;
    expect(p.code).toBe('E_EXPR_UNKNOWN_VALUE');
    expect(p.message).toContain("'contrct' is not a state of track 'newcomer'");
    expect(p.hint).toBe("did you mean 'contract'?");
    const line = p.text.split('\n')[p.line - 1]!;
    expect(line.slice(p.column - 1).startsWith("'contrct'")).toBe(true);
  });

  it('checks != and the literal on the left, and each literal of an in-list', () => {
    expect(outcomeProblems("'contrct' != tracks.newcomer.state").map((p) => p.code)).toEqual(['E_EXPR_UNKNOWN_VALUE']);
    const listed = outcomeProblems("tracks.newcomer.state in ['contract', 'shortlistd', 'lost']");
    expect(listed.map((p) => p.message)).toEqual(["'shortlistd' is not a state of track 'newcomer': tracks.newcomer.state can never equal it"]);
  });

  it("accepts every state the engine gives, nested and parallel, and checks self.state against the expression's own track", () => {
    const withShapes = (s: any) => {
      // The file's own test of the (now compound) state 'shortlisted' becomes a prefix test.
      Object.assign(s, JSON.parse(JSON.stringify(s).replaceAll("tracks.newcomer.state == 'shortlisted'", "tracks.newcomer.state.startsWith('shortlisted.')")));
      s.tracks.newcomer.machine.states.shortlisted = { ...s.tracks.newcomer.machine.states.shortlisted, ...structuredClone(shapes.states!.active), meta: { stage: 2 } };
    };
    // The outcome of a nested state reads its full path; the parent's name alone never matches.
    expect(outcomeProblems("tracks.newcomer.state == 'shortlisted.study.desk' || tracks.newcomer.state == 'shortlisted.(review.(legal.open,board.approved))'", withShapes)).toEqual([]);
    const parent = outcomeProblems("tracks.newcomer.state == 'shortlisted'", withShapes);
    expect(parent.map((p) => p.code)).toEqual(['E_EXPR_UNKNOWN_VALUE']);
    expect(parent[0]!.hint).toContain("tracks.newcomer.state.startsWith('shortlisted.')");
    const leaf = outcomeProblems("tracks.newcomer.state == 'mou'", withShapes);
    expect(leaf[0]!.hint).toBe("a nested state reads as its full path: did you mean 'shortlisted.mou'?");

    const guard = (expr: string) =>
      load(
        variant((s) => {
          s.tracks.incumbent.machine.states.talks.on.TICK.guard.params.expr = expr;
        }),
      ).problems;
    expect(guard("self.state == 'talks' && self.rounds >= param.incumbentPatience")).toEqual([]);
    // 'bid' is a state of the other track, not of this one.
    expect(guard("self.state == 'bid'").map((p) => [p.code, p.message])).toEqual([['E_EXPR_UNKNOWN_VALUE', "'bid' is not a state of track 'incumbent': self.state can never equal it"]]);
  });

  it('checks enum world variables, enum issues, enum knobs, dealTrack and deals', () => {
    const enumWorld = (s: any) => {
      s.world.mood = { type: 'enum', label: 'Mood', values: ['calm', 'hostile'], initial: 'calm' };
    };
    expect(outcomeProblems("world.mood == 'hostle'", enumWorld).map((p) => [p.code, p.hint])).toEqual([['E_EXPR_UNKNOWN_VALUE', "did you mean 'hostile'?"]]);
    expect(outcomeProblems("world['mood'] != 'hostile' && world.mood in ['calm']", enumWorld)).toEqual([]);
    expect(outcomeProblems("deal.maintenance == 'tenYears'").map((p) => p.hint)).toEqual(["did you mean 'tenYear'?"]);
    expect(outcomeProblems("tracks.newcomer.terms.maintenance == 'inhouse'").map((p) => p.hint)).toEqual(["did you mean 'inHouse'?"]);
    expect(outcomeProblems("dealTrack == 'newcomr'").map((p) => p.hint)).toEqual(["did you mean 'newcomer'?"]);
    expect(outcomeProblems("dealTrack == '' || 'incumbent' in deals")).toEqual([]);
    expect(outcomeProblems("'incumbnt' in deals").map((p) => p.message)).toEqual(["'incumbnt' is not a track id: deals can never contain it"]);
    // Strings that are not compared with a declared value stay free.
    expect(outcomeProblems("'anything' == 'other' || tracks.newcomer.state.startsWith('contr')")).toEqual([]);

    const knob = load(
      variant((s) => {
        s.strategies.tunedDuel.rules[0].when = "knob.lead == 'newcommer'";
      }),
    ).problems;
    expect(knob.map((p) => [p.code, p.hint])).toEqual([['E_EXPR_UNKNOWN_VALUE', "did you mean 'newcomer'?"]]);
  });

  it('leaves every shipped scenario clean', () => {
    for (const name of ['codelco-sqm-lithium.json', 'mp-materials-dod.json', 'supplier-duel.json', 'turkey-rare-earths.yaml', 'us-ukraine-minerals.json']) {
      const { problems } = load(readFileSync(`${repoRoot}scenarios/${name}`, 'utf8'), name);
      expect(problems.filter((p) => p.severity === 'error'), name).toEqual([]);
    }
  });
});

describe('the enum values an expression gives', () => {
  it('are checked where an effect writes an enum world variable and where a strategy offers an enum issue', () => {
    const text = variant((s) => {
      s.world.mood = { type: 'enum', values: ['calm', 'tense'], initial: 'calm' };
      s.events[Object.keys(s.events)[0]!].effects.mood = "world.budgetPressure > 0.5 ? 'tnese' : 'calm'";
      const rule = Object.values(s.strategies as Record<string, any>).flatMap((st) => st.rules).find((r) => r.offer !== undefined);
      rule.offer.maintenance = "round > 3.0 ? 'fiveYear' : 'tenYaer'";
    });
    const problems = load(text).problems.filter((p) => p.severity === 'error');
    expect(problems.map((p) => [p.code, p.message, p.hint])).toEqual([
      ['E_EXPR_UNKNOWN_VALUE', "'tnese' is not a value of world.mood ('calm', 'tense'): the expression can give it", "did you mean 'tense'?"],
      ['E_EXPR_UNKNOWN_VALUE', "'tenYaer' is not a value of issue 'maintenance' ('inHouse', 'fiveYear', 'tenYear'): the expression can give it", "did you mean 'tenYear'?"],
    ]);
    const line = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
    expect(problems.map((p) => p.location.line)).toEqual([line("'tnese'"), line("'tenYaer'")]);
  });
});
