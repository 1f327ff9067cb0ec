import { describe, expect, it } from 'vitest';
import { buildGameView } from '../../src/ui/game-view.js';
import { initialPlayScreenState, planIsFull, playScreenState, selectedMove, type PlayAction, type PlayScreenState } from '../../src/ui/play-screen-state.js';
import type { AdvisorProgress } from '../../src/ui/start-advisor.js';
import { trackMaxStages } from '../../src/ui/track-stages.js';
import { fixtureSession, initialState } from './play-screen-driver.js';

const apply = (state: PlayScreenState, ...actions: PlayAction[]) => actions.reduce(playScreenState, state);
const move = (state: PlayScreenState, id: string) => state.scenario.moves.get(id)!;
const ids = (state: PlayScreenState) => state.plan.map((c) => c.move.id);
const progress = (done: boolean): AdvisorProgress => ({ tallies: [], lead: undefined, done, backend: 'in-process', workers: 0 });

describe('playScreenState', () => {
  it('opens on the intro with nothing planned, and start shows the game screen (with help if asked)', () => {
    const s = initialState(fixtureSession('duel'), true);
    expect(s).toMatchObject({ screen: 'intro', panel: { kind: 'moves' }, cursor: 0, plan: [], dirty: false });
    expect(apply(s, { type: 'start' })).toMatchObject({ screen: 'game', panel: { kind: 'moves' } });
    expect(apply(s, { type: 'start', help: true })).toMatchObject({ screen: 'game', panel: { kind: 'help' } });
  });

  it('says where a resumed game starts', () => {
    const session = fixtureSession('duel');
    const view = buildGameView(session, trackMaxStages(session.scenario));
    const s = initialPlayScreenState({ scenario: session.scenario, savePath: 'x.json', view, intro: true, resumedAt: 4 });
    expect(s.message).toEqual({ text: 'Resumed the saved game at round 5.', tone: 'ok' });
    expect(initialState(session).message).toBeUndefined();
  });

  it('moves the cursor with wrap-around, skipping tracks that already have a planned move', () => {
    // pair: a.push, a.offer, b.ask, b.offer
    let s = initialState(fixtureSession('pair'));
    s = apply(s, { type: 'moveCursor', delta: 1 }, { type: 'moveCursor', delta: 1 });
    expect(selectedMove(s)!.id).toBe('b.ask');
    s = apply(s, { type: 'moveCursor', delta: 1 }, { type: 'moveCursor', delta: 1 });
    expect(selectedMove(s)!.id).toBe('a.push');
    s = apply(s, { type: 'moveCursor', delta: -1 });
    expect(selectedMove(s)!.id).toBe('b.offer');
    s = apply(s, { type: 'plan', choice: { move: move(s, 'b.ask') } });
    s = apply(s, { type: 'moveCursor', delta: 1 }, { type: 'moveCursor', delta: 1 });
    expect(selectedMove(s)!.id).toBe('a.push');
  });

  it('puts the cursor on the first move of another track after planning, and says the round needs w once the plan is full', () => {
    let s = initialState(fixtureSession('pair'));
    s = apply(s, { type: 'plan', choice: { move: move(s, 'a.push') } });
    expect(ids(s)).toEqual(['a.push']);
    expect(selectedMove(s)!.id).toBe('b.ask');
    expect(planIsFull(s)).toBe(false);
    expect(s.message).toEqual({ text: 'Planned: A: Push A. Choose a move on another track, or w to end the round.', tone: 'ok' });
    s = apply(s, { type: 'plan', choice: { move: move(s, 'b.ask') } });
    expect(ids(s)).toEqual(['a.push', 'b.ask']);
    expect(planIsFull(s)).toBe(true);
    expect(s.message!.text).toBe('Planned: B: Ask B. w ends the round (x takes the move back).');
  });

  it('takes back the last planned move, and does nothing when nothing is planned', () => {
    let s = initialState(fixtureSession('pair'));
    expect(apply(s, { type: 'unplan' })).toBe(s);
    s = apply(s, { type: 'plan', choice: { move: move(s, 'a.push') } }, { type: 'plan', choice: { move: move(s, 'b.ask') } }, { type: 'unplan' });
    expect(ids(s)).toEqual(['a.push']);
    expect(s.message).toEqual({ text: 'Took back: Ask B.', tone: 'info' });
  });

  it('edits an offer within the issues’ domains, resets it to the default, and remembers it for the move', () => {
    let s = initialState(fixtureSession('duel'));
    const offer = move(s, 'incumbent.offer');
    s = apply(s, { type: 'openOffer', move: offer, values: { price: 560, maintenance: 'tenYear' } });
    s = apply(s, { type: 'stepOffer', steps: 1 });
    expect(s.panel).toMatchObject({ issue: 0, values: { price: 570, maintenance: 'tenYear' } });
    s = apply(s, { type: 'offerIssue', delta: 5 }, { type: 'boundOffer', end: 'min' });
    expect(s.panel).toMatchObject({ issue: 1, values: { price: 570, maintenance: 'inHouse' } });
    s = apply(s, { type: 'stepOffer', steps: -1 });
    expect(s.panel).toMatchObject({ values: { maintenance: 'inHouse' } });
    s = apply(s, { type: 'offerIssue', delta: -9 }, { type: 'boundOffer', end: 'max' }, { type: 'stepOffer', steps: 5 });
    expect(s.panel).toMatchObject({ issue: 0, values: { price: 650, maintenance: 'inHouse' } });
    const edited = s.panel.kind === 'offer' ? s.panel.values : undefined;
    s = apply(s, { type: 'rememberOffer' }, { type: 'close' });
    expect(s.panel).toEqual({ kind: 'moves' });
    expect(s.offers.get('incumbent.offer')).toEqual(edited);
    s = apply(s, { type: 'openOffer', move: offer, values: edited! }, { type: 'resetOffer' });
    expect(s.panel).toMatchObject({ values: { price: 560, maintenance: 'fiveYear' } });
  });

  it('says there is nothing to undo on the first round, and otherwise opens the picker on the latest round', () => {
    const session = fixtureSession('duel');
    let s = apply(initialState(session), { type: 'openUndo' });
    expect(s.panel).toEqual({ kind: 'moves' });
    expect(s.message).toEqual({ text: 'Nothing to undo: this is the first round.', tone: 'info' });
    session.playRound([]);
    session.playRound([]);
    s = apply(s, { type: 'roundPlayed', view: buildGameView(session, trackMaxStages(session.scenario)), round: 1, waited: true }, { type: 'openUndo' });
    expect(s.panel).toEqual({ kind: 'undo', cursor: 1 });
    expect(apply(s, { type: 'panelCursor', delta: 1 }).panel).toEqual({ kind: 'undo', cursor: 1 });
    expect(apply(s, { type: 'panelCursor', delta: -5 }).panel).toEqual({ kind: 'undo', cursor: 0 });
  });

  it('after a round reads the new position and clears the plan, the cursor, the panel and the advisor’s answer, and marks the game unsaved', () => {
    const session = fixtureSession('pair');
    let s = initialState(session);
    s = apply(s, { type: 'moveCursor', delta: 1 }, { type: 'plan', choice: { move: move(s, 'a.push') } }, { type: 'openAdvisor' });
    expect(s.advice).toBeDefined();
    session.playRound(s.plan);
    const view = buildGameView(session, trackMaxStages(session.scenario));
    s = apply(s, { type: 'roundPlayed', view, round: 0, waited: false });
    expect(s).toMatchObject({ view, position: 1, plan: [], cursor: 0, panel: { kind: 'moves' }, dirty: true, advice: undefined });
    expect(s.message).toEqual({ text: 'Round 1 played. See the news; your move.', tone: 'info' });
  });

  it('after a rejected round keeps the panel, drops the plan and says why', () => {
    let s = initialState(fixtureSession('pair'));
    const offer = move(s, 'b.offer');
    s = apply(s, { type: 'plan', choice: { move: move(s, 'a.push') } }, { type: 'openOffer', move: offer, values: {} });
    s = apply(s, { type: 'roundRejected', view: s.view, reason: 'no such thing' });
    expect(s.panel).toMatchObject({ kind: 'offer', move: offer });
    expect(s.plan).toEqual([]);
    expect(s.message).toEqual({ text: 'That combination cannot be played: no such thing. The round is as it was; plan again.', tone: 'error' });
  });

  it('keeps the advisor’s answer for the same question and asks again after the plan or an offer changed', () => {
    let s = initialState(fixtureSession('duel'));
    s = apply(s, { type: 'openAdvisor' });
    const first = s.advice!;
    expect(first.query.options.map((o) => o.label)).toEqual(['Incumbent: Make an offer', 'Newcomer: Shortlist the newcomer', 'wait (no move this round)']);
    s = apply(s, { type: 'advisorProgress', key: first.query.key, progress: progress(true) }, { type: 'close' }, { type: 'openAdvisor' });
    expect(s.advice!.query).toBe(first.query);
    expect(s.advice!.progress?.done).toBe(true);
    expect(s.panel).toEqual({ kind: 'advisor', cursor: 0 });
    s = apply(s, { type: 'openOffer', move: move(s, 'incumbent.offer'), values: { price: 500, maintenance: 'inHouse' } }, { type: 'rememberOffer' }, { type: 'close' }, { type: 'openAdvisor' });
    expect(s.advice!.query.key).not.toBe(first.query.key);
    expect(s.advice!.progress).toBeUndefined();
    expect(s.advice!.query.options.map((o) => o.variant)).toContain('your offer');
  });

  it('ignores progress of an advisor question that was replaced', () => {
    let s = apply(initialState(fixtureSession('duel')), { type: 'openAdvisor' });
    const stale = apply(s, { type: 'advisorProgress', key: 'another question', progress: progress(false) });
    expect(stale).toBe(s);
    s = apply(s, { type: 'advisorProgress', key: s.advice!.query.key, progress: progress(false) });
    expect(s.advice!.progress).toEqual(progress(false));
  });

  it('keeps the advisor cursor on its options', () => {
    let s = apply(initialState(fixtureSession('duel')), { type: 'openAdvisor' });
    s = apply(s, { type: 'panelCursor', delta: 1 }, { type: 'panelCursor', delta: 1 }, { type: 'panelCursor', delta: 1 });
    expect(s.panel).toEqual({ kind: 'advisor', cursor: 2 });
  });

  it('edits the save path, and a save clears the unsaved mark and closes the prompt', () => {
    let s = apply({ ...initialState(fixtureSession('duel')), dirty: true }, { type: 'openSave' });
    expect(s.panel).toEqual({ kind: 'save', path: '/tmp/parley-test.json' });
    s = apply(s, { type: 'eraseSavePath' }, { type: 'eraseSavePath' }, { type: 'typeSavePath', text: 'x' });
    expect(s.panel).toEqual({ kind: 'save', path: '/tmp/parley-test.jsx' });
    const failed = apply(s, { type: 'saveFailed', path: '/tmp/parley-test.jsx', reason: 'disk full' });
    expect(failed.panel).toEqual(s.panel);
    expect(failed).toMatchObject({ dirty: true, message: { text: 'Could not save to /tmp/parley-test.jsx: disk full', tone: 'error' } });
    s = apply(s, { type: 'saved', shownPath: 'x.json' });
    expect(s).toMatchObject({ dirty: false, panel: { kind: 'moves' }, message: { text: 'Saved. Resume with: parley play --load x.json', tone: 'ok' } });
  });

  it('goes back to the game when saving from the quit question fails', () => {
    const s = apply(initialState(fixtureSession('duel')), { type: 'askToQuit' }, { type: 'saveFailed', path: '/x', reason: 'read-only' });
    expect(s.panel).toEqual({ kind: 'moves' });
  });
});
