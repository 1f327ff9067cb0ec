import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';
import { loadScenarioWithDocument } from '../../src/scenario/load-scenario-with-document.js';
import { lintScenario } from '../../src/lint/lint-scenario.js';
import { lintRules } from '../../src/lint/lint-rules.js';
import type { ScenarioProblem } from '../../src/scenario/scenario-error.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const cleanText = readFileSync(`${repoRoot}test/fixtures/lint/clean.json`, 'utf8');
const clean = (): Json => JSON.parse(cleanText) as Json;

/** Lints a scenario object (written out with one key per line, so locations are meaningful). */
function lint(scenario: Json): { problems: ScenarioProblem[]; text: string } {
  const text = JSON.stringify(scenario, null, 2);
  const { scenario: compiled, document, problems } = loadScenarioWithDocument(text, 'fixture.json');
  if (!compiled || !document) throw new Error(`fixture does not load: ${problems.map((p) => `${p.code} ${p.message}`).join('; ')}`);
  return { problems: lintScenario(compiled, document, { exploreRuns: 80, strategyRuns: 20 }), text };
}

/** The text at a problem's line:column, to check that it points at the right place. */
function textAt(text: string, p: ScenarioProblem): string {
  return text.split('\n')[p.location.line - 1]!.slice(p.location.column - 1);
}

function only(problems: ScenarioProblem[], code: string): ScenarioProblem[] {
  return problems.filter((p) => p.code === code);
}

const vendor = (s: Json) => s.tracks.vendor;
const states = (s: Json) => vendor(s).machine.states;

/** For each rule: a change to the clean fixture that must trigger it, and where the warning must point. */
const triggers: Record<string, { change: (s: Json) => void; at: string }> = {
  W_UNREACHABLE_STATE: {
    change: (s) => (states(s).limbo = { on: { TICK: 'walked' } }),
    at: '"limbo"',
  },
  W_DEAD_END: {
    change: (s) => {
      states(s).stuck = {};
      states(s).talks.on.STALL = 'stuck';
      vendor(s).moves.offer.responses.splice(2, 0, { label: 'stalls', p: 0.1, event: 'STALL' });
    },
    at: '"stuck"',
  },
  W_DEAL_ISSUE_UNSET: {
    // An issue no terms, offer or response of the vendor track sets: a deal takes its minimum.
    change: (s) => (s.issues.years = { type: 'number', min: 1, max: 5 }),
    at: '"vendor"',
  },
  W_UNCLASSIFIED_FINAL: {
    change: (s) => (states(s).walked.meta = { deal: true }),
    at: '"walked"',
  },
  W_TRANSITION_SHADOWED: {
    // `self.rounds >= 0` always holds, so the patience transition after it is never taken.
    change: (s) => {
      const patience = states(s).talks.on.TICK;
      states(s).talks.on.TICK = [{ guard: { type: 'when', params: { expr: 'self.rounds >= 0' } }, target: 'walked' }, patience];
    },
    at: '{',
  },
  W_EVENT_CONDITION_NEVER_HOLDS: {
    change: (s) => (s.events.budgetCut.when = 'world.pressure > 1.5'),
    at: '"world.pressure > 1.5"',
  },
  W_EVENT_CONDITION_NEVER_HELD: {
    // Possible in principle (pressure may reach 1), but pressure starts at 0.2 and only this event raises it.
    change: (s) => (s.events.budgetCut.when = 'world.pressure > 0.95 && round < 1.0'),
    at: '"world.pressure > 0.95 && round < 1.0"',
  },
  W_STRATEGY_RULE_SHADOWED: {
    change: (s) =>
      (s.strategies.offerEveryMonth.rules = [
        { move: 'vendor.offer', when: 'world.pressure >= 0.1' },
        { move: 'vendor.offer', when: 'world.pressure > 0.5', offer: { price: 12 } },
      ]),
    at: '{',
  },
  W_OUTCOME_SHADOWED: {
    change: (s) => {
      const cheapDeal = { label: 'Cheap deal', when: "tracks.vendor.state == 'signed' && deal.price < 12.0", deal: true };
      s.outcomes = { deal: s.outcomes.deal, cheapDeal, noDeal: s.outcomes.noDeal };
    },
    at: `"tracks.vendor.state == 'signed' && deal.price < 12.0"`,
  },
  W_OUTCOME_NEVER_MATCHED: {
    // Not provable from the text (pressure may be below 0.2), but it starts there and only rises.
    change: (s) => {
      const pressured = { label: 'Under pressure', when: 'world.pressure >= 0.2' };
      s.outcomes = { pressured, deal: s.outcomes.deal, noDeal: s.outcomes.noDeal };
    },
    at: `"tracks.vendor.state == 'signed'"`,
  },
  W_PROBABILITIES_ALWAYS_EXCEED_ONE: {
    change: (s) => {
      s.parameters.share = { dist: { type: 'fixed', value: 0.6 } };
      vendor(s).moves.offer.responses[0].p = 'param.share';
      vendor(s).moves.offer.responses[1].p = 0.5;
    },
    at: '[',
  },
  W_EVENT_NEVER_SENT: {
    change: (s) => (states(s).talks.on.FREEZE = 'walked'),
    at: '"FREEZE"',
  },
  W_SIGNAL_UNHANDLED: {
    change: (s) => (s.events.budgetCut.signals = [{ to: 'vendor', event: 'PING' }]),
    at: '{',
  },
  W_RESPONSE_EVENT_IGNORED: {
    change: (s) => {
      states(s).review = { on: { APPROVE: 'signed', TICK: 'talks' } };
      states(s).talks.on.REVIEW = 'review';
      vendor(s).moves.escalate = {
        label: 'Escalate',
        in: ['talks'],
        responses: [{ label: 'review', p: 0.5, event: 'REVIEW' }, { label: 'approved at once', event: 'APPROVE' }],
      };
    },
    at: '"APPROVE"',
  },
  W_MOVE_STATES_UNREACHED: {
    change: (s) => {
      states(s).limbo = { on: { TICK: 'walked' } };
      vendor(s).moves.wake = { label: 'Wake', in: ['limbo'], responses: [{ label: 'ok' }] };
    },
    at: '[',
  },
  W_MOVE_CONDITION_NEVER_HOLDS: {
    change: (s) => (vendor(s).moves.bluff = { label: 'Bluff', when: 'world.pressure > 5.0', responses: [{ label: 'ok' }] }),
    at: '"world.pressure > 5.0"',
  },
  W_STRATEGY_MOVE_UNAVAILABLE: {
    change: (s) => {
      vendor(s).moves.bluff = { label: 'Bluff', when: 'world.pressure > 5.0', responses: [{ label: 'ok' }] };
      s.strategies.offerEveryMonth.rules.unshift({ move: 'vendor.bluff' });
    },
    at: '"vendor.bluff"',
  },
  W_KNOB_UNUSED: {
    change: (s) => (s.strategies.offerEveryMonth.knobs = { floor: { type: 'number', min: 10, max: 20, step: 5, default: 15 } }),
    at: '"floor"',
  },
  W_KNOB_NO_EFFECT: {
    // Every price from 25 to 35 is clamped to the move's (the issue's) maximum of 20.
    change: (s) => {
      s.strategies.offerEveryMonth.knobs = { ask: { type: 'number', min: 25, max: 35, step: 5, default: 30 } };
      s.strategies.offerEveryMonth.rules = [{ move: 'vendor.offer', offer: { price: 'knob.ask' } }];
    },
    at: '"ask"',
  },
  W_KNOB_DEFAULT_OFF_GRID: {
    change: (s) => {
      s.strategies.offerEveryMonth.knobs = { ask: { type: 'number', min: 10, max: 20, step: 5, default: 12 } };
      s.strategies.offerEveryMonth.rules = [{ move: 'vendor.offer', offer: { price: 'knob.ask' } }];
    },
    at: '12',
  },
  W_PROBABILITY_RANGE: {
    change: (s) => (vendor(s).moves.offer.responses[1].p = '1.5 - world.pressure'),
    at: '"1.5 - world.pressure"',
  },
  W_PROBABILITIES_EXCEED_ONE: {
    change: (s) => (vendor(s).moves.offer.responses[1].p = 0.9),
    at: '[',
  },
  W_DEAL_BELOW_RESERVATION: {
    // The vendor accepts any price, also one worth less to it than its reservation.
    change: (s) => (vendor(s).moves.offer.responses[0].p = 0.4),
    at: '{',
  },
  W_NEGOTIATOR_OUT_OF_REACH: {
    // A negotiating vendor wanting 0.9 of a price range whose best offer is worth 0.5 to it.
    change: (s) => {
      s.issues.price.step = 1;
      s.parties.vendor.reservation = 0.9;
      vendor(s).negotiator = { concession: { type: 'time', e: 1, deadline: 6 } };
      vendor(s).moves.offer.offer.price.max = 15;
      vendor(s).moves.offer.responses = [
        { label: 'accepts', decision: 'accept', event: 'AGREE', terms: 'offer' },
        { label: 'walks', p: 0.05, event: 'WALK' },
        { label: 'counters', decision: 'counter', terms: 'counter' },
      ];
    },
    at: '{',
  },
  W_UNUSED_WORLD_VARIABLE: {
    change: (s) => (s.world.mood = { type: 'number', initial: 0, max: 1 }),
    at: '"mood"',
  },
  W_UNUSED_PARAMETER: {
    change: (s) => (s.parameters.unused = { dist: { type: 'fixed', value: 1 } }),
    at: '"unused"',
  },
  W_UNUSED_TEMPLATE: {
    change: (s) => (s.templates = { spare: { track: { label: 'Spare' } } }),
    at: '"spare"',
  },
  W_UNUSED_RULE_SET: {
    change: (s) => (s.ruleSets = { spareRules: [{ move: 'wait' }] }),
    at: '"spareRules"',
  },
  W_BARE_JUDGEMENT: {
    change: (s) => (s.lint = { namedAssumptions: true }),
    at: '0.2',
  },
  W_ASSUMPTION_NO_RANGE: {
    change: (s) => {
      s.lint = { namedAssumptions: true };
      s.parameters.pWalk = { assumption: true, dist: { type: 'fixed', value: 0.05 } };
      vendor(s).moves.offer.responses[1].p = 'param.pWalk';
    },
    at: '"pWalk"',
  },
  W_SOURCE_AFTER_AS_OF: {
    change: (s) => {
      s.asOf = '2025-12-15';
      s.sources = { report: { title: 'A later report', publisher: 'Test', date: '2026-02-01' } };
      s.parameters.patience.sources = ['report'];
    },
    at: '"report"',
  },
  W_SCHEDULED_AFTER_AS_OF: {
    change: (s) => {
      s.asOf = '2026-01-15';
      s.events.deadline = { label: 'Deadline', at: '2026-03', effects: { pressure: 1 } };
    },
    at: '"2026-03"',
  },
};

describe('parley lint rules', () => {
  it('finds nothing in the clean fixture (no rule fires without cause)', () => {
    expect(lint(clean()).problems).toEqual([]);
  });

  it('finds nothing wrong with knobs that are read, on their grid and make a difference', () => {
    const s = clean();
    s.strategies.offerEveryMonth.knobs = {
      ask: { type: 'number', min: 10, max: 25, step: 5, default: 15 },
      start: { type: 'number', min: 0, max: 4, step: 1, default: 0 },
      mode: { type: 'enum', values: ['fixed', 'rising'], default: 'fixed' },
    };
    s.strategies.offerEveryMonth.rules = [
      { move: 'vendor.offer', when: 'round >= knob.start', offer: { price: "knob.mode == 'fixed' ? knob.ask : knob.ask + round" } },
      { move: 'wait' },
    ];
    expect(lint(s).problems.filter((p) => p.code.startsWith('W_KNOB'))).toEqual([]);
  });

  it('reports W_KNOB_NO_EFFECT for a knob with a single level, and not for one whose offer is clamped at some levels only', () => {
    const s = clean();
    s.strategies.offerEveryMonth.knobs = { ask: { type: 'number', min: 15, max: 15, default: 15 }, high: { type: 'number', min: 15, max: 30, step: 5, default: 15 } };
    s.strategies.offerEveryMonth.rules = [{ move: 'vendor.offer', when: 'knob.ask > 10.0', offer: { price: 'knob.high' } }];
    const found = only(lint(s).problems, 'W_KNOB_NO_EFFECT');
    expect(found.map((p) => p.message)).toEqual(["knob 'ask' of strategy 'offerEveryMonth' has a single level (15): there is nothing to search"]);
  });

  it('has a trigger below for every rule', () => {
    expect(Object.keys(triggers).sort()).toEqual(lintRules.map((r) => r.code).sort());
  });

  for (const [code, { change, at }] of Object.entries(triggers)) {
    it(`reports ${code} at the offending place when the scenario has that mistake`, () => {
      const scenario = clean();
      change(scenario);
      const { problems, text } = lint(scenario);
      const found = only(problems, code);
      expect(found.length, `${code} not reported; got ${problems.map((p) => p.code).join(', ') || 'nothing'}`).toBeGreaterThan(0);
      expect(textAt(text, found[0]!).startsWith(at), `${code} points at: ${textAt(text, found[0]!)}`).toBe(true);
      expect(found[0]!.severity).toBe('warning');
      expect(found[0]!.hint).toBeTruthy();
    });
  }

  it('does not report an issue left out of a track that the track sets in its terms, a response sets, or the issue defaults, and names the minimum a deal would take', () => {
    const unset = clean();
    unset.issues.years = { type: 'number', min: 1, max: 5 };
    unset.issues.venue = { type: 'enum', values: ['home', 'away'] };
    const [warning] = only(lint(unset).problems, 'W_DEAL_ISSUE_UNSET');
    expect(warning!.message).toContain(`a deal on track 'vendor' is signed with issues 'years', 'venue' at their minimum (years = 1, venue = "home")`);
    expect(warning!.hint).toContain('"terms": { "years": 5 }');
    const inTerms = clean();
    inTerms.issues.years = { type: 'number', min: 1, max: 5 };
    vendor(inTerms).terms = { years: 3 };
    expect(only(lint(inTerms).problems, 'W_DEAL_ISSUE_UNSET')).toEqual([]);
    const byDefault = clean();
    byDefault.issues.years = { type: 'number', min: 1, max: 5, default: 3 };
    expect(only(lint(byDefault).problems, 'W_DEAL_ISSUE_UNSET')).toEqual([]);
    const byResponse = clean();
    byResponse.issues.years = { type: 'number', min: 1, max: 5 };
    vendor(byResponse).moves.offer.responses.find((r: Json) => r.terms === 'offer').terms = { price: 'offer.price', years: 4 };
    expect(only(lint(byResponse).problems, 'W_DEAL_ISSUE_UNSET')).toEqual([]);
  });

  it('does not call a final state unclassified when an outcome names it', () => {
    const s = clean();
    states(s).walked.meta = { deal: true };
    s.outcomes = { walkedDeal: { label: 'Odd deal', when: "tracks.vendor.state == 'walked'", deal: true }, ...s.outcomes };
    expect(only(lint(s).problems, 'W_UNCLASSIFIED_FINAL')).toEqual([]);
  });

  it('reports every unnamed final state when there is no catch-all outcome', () => {
    const s = clean();
    delete s.outcomes.noDeal;
    const found = only(lint(s).problems, 'W_UNCLASSIFIED_FINAL');
    expect(found.map((p) => p.message)).toEqual([expect.stringContaining("final state 'walked'")]);
  });

  it("reports a final state whose name is a near miss of one outcomes name, with did-you-mean, and says runs fall to the catch-all", () => {
    const s = clean();
    states(s).walkd = { type: 'final' };
    states(s).talks.on.WALK = 'walkd';
    s.outcomes = { deal: s.outcomes.deal, walked: { label: 'Walked', when: "tracks.vendor.state == 'walked'" }, noDeal: s.outcomes.noDeal };
    const { problems, text } = lint(s);
    const found = only(problems, 'W_UNCLASSIFIED_FINAL');
    expect(found).toHaveLength(1);
    expect(textAt(text, found[0]!).startsWith('"walkd"')).toBe(true);
    expect(found[0]!.message).toContain("catch-all 'noDeal'");
    expect(found[0]!.hint).toContain("did you mean 'walked'?");
  });

  it("reports a near miss of another track's state name that outcomes use, and not a deliberately similar name in the same track", () => {
    const s = clean();
    const second = structuredClone(vendor(s));
    second.machine.id = 'rival';
    second.machine.states.walkedAwya = second.machine.states.walked;
    delete second.machine.states.walked;
    second.machine.states.talks.on.TICK.target = 'walkedAwya';
    second.machine.states.talks.on.WALK = 'walkedAwya';
    states(s).walkedAway = states(s).walked;
    delete states(s).walked;
    states(s).talks.on.TICK.target = 'walkedAway';
    states(s).talks.on.WALK = 'walkedAway';
    states(s).walkedOut = { type: 'final' };
    states(s).talks.on.LEAVE = 'walkedOut';
    vendor(s).moves.offer.responses.splice(2, 0, { label: 'leaves', p: 0.01, event: 'LEAVE' });
    s.tracks.rival = second;
    const rivalDeal = { label: 'Rival deal', when: "tracks.rival.state == 'signed'", deal: true };
    s.outcomes = { deal: s.outcomes.deal, rivalDeal, walked: { label: 'Walked', when: "tracks.vendor.state == 'walkedAway'" }, noDeal: s.outcomes.noDeal };
    const found = only(lint(s).problems, 'W_UNCLASSIFIED_FINAL');
    expect(found.map((p) => p.message)).toEqual([expect.stringContaining("final state 'walkedAwya' of track 'rival'")]);
    expect(found[0]!.hint).toContain("did you mean 'walkedAway'?");
  });

  it('reports probabilities that always exceed 1 once, as the static warning, also with --static', () => {
    const s = clean();
    triggers.W_PROBABILITIES_ALWAYS_EXCEED_ONE!.change(s);
    expect(only(lint(s).problems, 'W_PROBABILITIES_EXCEED_ONE')).toEqual([]);
    const { scenario: compiled, document } = loadScenarioWithDocument(JSON.stringify(s, null, 2), 'fixture.json');
    const found = only(lintScenario(compiled!, document!, { staticOnly: true }), 'W_PROBABILITIES_ALWAYS_EXCEED_ONE');
    expect(found.map((p) => p.message)).toEqual([expect.stringMatching(/^these probabilities add up to 1\.1 in every position/)]);
  });

  it('names the shadowing item in each shadowing warning', () => {
    const messages = (code: string) => {
      const s = clean();
      triggers[code]!.change(s);
      return only(lint(s).problems, code).map((p) => p.message);
    };
    expect(messages('W_TRANSITION_SHADOWED')).toEqual([expect.stringContaining('"self.rounds >= 0", always holds, so transition 2 is never taken')]);
    expect(messages('W_OUTCOME_SHADOWED')).toEqual([expect.stringContaining("outcome 'cheapDeal' can never match: 'deal' comes first")]);
    expect(messages('W_OUTCOME_NEVER_MATCHED')).toEqual([expect.stringContaining("outcome 'pressured' matched every one of them")]);
    expect(messages('W_STRATEGY_RULE_SHADOWED')).toEqual([expect.stringContaining("rule 2 of strategy 'offerEveryMonth' ('vendor.offer') is never taken: rule 1")]);
    expect(messages('W_EVENT_CONDITION_NEVER_HOLDS')).toEqual([expect.stringContaining('proven')]);
    expect(messages('W_EVENT_CONDITION_NEVER_HELD')).toEqual([expect.stringContaining('sampled, not proven')]);
  });

  it('does not call a rule, outcome or transition shadowed when the later one covers cases the earlier misses', () => {
    const s = clean();
    s.strategies.offerEveryMonth.rules = [
      { move: 'vendor.offer', when: 'world.pressure > 0.5' },
      { move: 'vendor.offer', when: 'world.pressure >= 0.1', offer: { price: 12 } },
      { move: 'wait', when: 'round > 3.0' },
      { move: 'vendor.offer' },
    ];
    const cheapDeal = { label: 'Cheap deal', when: "tracks.vendor.state == 'signed' && deal.price < 12.0", deal: true };
    s.outcomes = { cheapDeal, deal: s.outcomes.deal, noDeal: s.outcomes.noDeal };
    const patience = states(s).talks.on.TICK;
    states(s).talks.on.TICK = [{ guard: { type: 'when', params: { expr: 'self.rounds >= 2.0 && world.pressure > 0.9' } }, target: 'walked' }, patience];
    const codes = lint(s).problems.map((p) => p.code);
    for (const code of ['W_STRATEGY_RULE_SHADOWED', 'W_OUTCOME_SHADOWED', 'W_OUTCOME_NEVER_MATCHED', 'W_TRANSITION_SHADOWED']) expect(codes).not.toContain(code);
  });

  it('finds each item that can never happen in test/fixtures/lint/never-happens.json, the proven ones also with --static', () => {
    const text = readFileSync(`${repoRoot}test/fixtures/lint/never-happens.json`, 'utf8');
    const { scenario: compiled, document } = loadScenarioWithDocument(text, 'never-happens.json');
    const sampled = lintScenario(compiled!, document!, { exploreRuns: 80, strategyRuns: 20 }).map((p) => p.code);
    const proven = ['W_TRANSITION_SHADOWED', 'W_UNCLASSIFIED_FINAL', 'W_PROBABILITIES_ALWAYS_EXCEED_ONE', 'W_EVENT_CONDITION_NEVER_HOLDS', 'W_STRATEGY_RULE_SHADOWED', 'W_OUTCOME_SHADOWED', 'W_OUTCOME_SHADOWED'];
    expect(sampled.sort()).toEqual([...proven, 'W_EVENT_CONDITION_NEVER_HELD', 'W_OUTCOME_NEVER_MATCHED'].sort());
    expect(lintScenario(compiled!, document!, { staticOnly: true }).map((p) => p.code).sort()).toEqual([...proven].sort());
  });

  it('treats a read of a world variable inside its own update as no read at all', () => {
    const s = clean();
    s.world.mood = { type: 'number', initial: 0 };
    s.events.budgetCut.effects.mood = 'world.mood + 1.0';
    expect(only(lint(s).problems, 'W_UNUSED_WORLD_VARIABLE')).toHaveLength(1);
  });

  it('reports a sampled run that fails as an error that says how to reproduce it', () => {
    const s = clean();
    s.world.label = { type: 'enum', values: ['a', 'b'], initial: 'a', key: true };
    s.world.other = { type: 'enum', values: ['a', 'c'], initial: 'c' };
    s.events.budgetCut.effects.label = "world.pressure > 0.3 ? world.other : 'a'";
    const found = only(lint(s).problems, 'E_SAMPLE_RUN_FAILED');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.severity).toBe('error');
    expect(found[0]!.hint).toMatch(/parley run|exploring host/);
  });

  it('is deterministic: the same scenario and seed give the same warnings', () => {
    const s = clean();
    triggers.W_PROBABILITY_RANGE!.change(s);
    expect(lint(s).problems).toEqual(lint(s).problems);
  });
});

describe('warnings a scenario accepts', () => {
  it('are not reported when "lint": {"accept": {code: reason}} names them, and other warnings still are', () => {
    const s = clean();
    vendor(s).moves.offer.responses[0].p = 0.4; // the vendor accepts below its reservation
    s.parameters.unused = { dist: { type: 'fixed', value: 1 } };
    expect(only(lint(s).problems, 'W_DEAL_BELOW_RESERVATION').length).toBeGreaterThan(0);
    s.lint = { accept: { W_DEAL_BELOW_RESERVATION: 'the vendor is modelled as signing whatever it is offered, on purpose' } };
    const { problems } = lint(s);
    expect(only(problems, 'W_DEAL_BELOW_RESERVATION')).toEqual([]);
    expect(only(problems, 'W_UNUSED_PARAMETER')).toHaveLength(1);
  });

  it('must name a warning that exists', () => {
    const s = clean();
    s.lint = { accept: { W_DEAL_BELOW_RESERVATON: 'a typo in the code should not silence anything' } };
    const { problems } = loadScenarioWithDocument(JSON.stringify(s, null, 2), 'fixture.json');
    expect(problems.map((p) => `${p.code} ${p.hint ?? ''}`)).toEqual([expect.stringMatching(/^E_VALUE .*W_DEAL_BELOW_RESERVATION/)]);
  });
});
