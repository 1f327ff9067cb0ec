import { describe, expect, it } from 'vitest';
import { playKeys } from '../../src/ui/play-keys.js';
import { playScreenState, selectedMove, type PlayScreenState } from '../../src/ui/play-screen-state.js';
import { DOWN, drivePlayScreen, ENTER, ESC, fixtureSession, initialState, LEFT } from './play-screen-driver.js';

const press = (input: string) => ({ input, key: {} });
const ids = (state: PlayScreenState) => state.plan.map((c) => c.move.id);

describe('playKeys', () => {
  it('leaves as interrupted on Ctrl-C from any screen and panel', () => {
    const game = initialState(fixtureSession('duel'));
    for (const s of [initialState(fixtureSession('duel'), true), game, { ...game, panel: { kind: 'save', path: 'x' } } as const]) {
      expect(playKeys(s, { input: 'c', key: { ctrl: true } })).toEqual([{ type: 'exit', interrupted: true }]);
    }
  });

  it('on the intro starts on Enter, starts with help on ?, leaves on q and ignores the rest', () => {
    const intro = initialState(fixtureSession('duel'), true);
    expect(playKeys(intro, { input: '', key: ENTER })).toEqual([{ type: 'start' }]);
    expect(playKeys(intro, press('?'))).toEqual([{ type: 'start', help: true }]);
    expect(playKeys(intro, press('q'))).toEqual([{ type: 'exit' }]);
    expect(playKeys(intro, press('w'))).toEqual([]);
  });

  it('scrolls the intro, Help and News with ↑↓/j k, pages and ends, and n opens the news on its latest page', () => {
    const intro = initialState(fixtureSession('duel'), true);
    expect(playKeys(intro, { input: '', key: DOWN })).toEqual([{ type: 'scroll', delta: 1 }]);
    const scrolled = playScreenState(intro, { type: 'scroll', delta: 3 });
    expect(scrolled.introScroll).toBe(3);
    expect(playScreenState(scrolled, { type: 'scroll', delta: -9 }).introScroll).toBe(0);
    const game = initialState(fixtureSession('duel'));
    expect(playKeys(game, press('n'))).toEqual([{ type: 'openNews' }]);
    const news = playScreenState(game, { type: 'openNews' });
    expect(news.panel).toEqual({ kind: 'news', scroll: Number.MAX_SAFE_INTEGER });
    expect(playKeys(news, press('k'))).toEqual([{ type: 'scroll', delta: -1 }]);
    expect(playKeys(news, { input: '', key: { pageUp: true } })).toEqual([{ type: 'scroll', delta: -10 }]);
    expect(playKeys(news, press('n'))).toEqual([{ type: 'close' }]);
    const help = playScreenState(game, { type: 'openHelp' });
    expect(playKeys(help, press('j'))).toEqual([{ type: 'scroll', delta: 1 }]);
    expect(playKeys(help, press('G'))).toEqual([{ type: 'scrollTo', offset: Number.MAX_SAFE_INTEGER }]);
    expect(playScreenState(help, { type: 'scroll', delta: 2 }).panel).toEqual({ kind: 'help', scroll: 2 });
    // Not on the moves: j moves the cursor there.
    expect(playScreenState(game, { type: 'scroll', delta: 2 })).toBe(game);
  });

  it('maps j/k and the arrows to the move cursor, w and e to ending the round with the plan, a to the advisor', () => {
    const s = initialState(fixtureSession('pair'));
    expect(playKeys(s, press('j'))).toEqual([{ type: 'moveCursor', delta: 1 }]);
    expect(playKeys(s, { input: '', key: DOWN })).toEqual([{ type: 'moveCursor', delta: 1 }]);
    expect(playKeys(s, press('k'))).toEqual([{ type: 'moveCursor', delta: -1 }]);
    const planned = playScreenState(s, { type: 'plan', choice: { move: s.scenario.moves.get('a.push')! } });
    expect(playKeys(planned, press('w'))).toEqual([{ type: 'playRound', choices: planned.plan }]);
    expect(playKeys(planned, press('e'))).toEqual([{ type: 'playRound', choices: planned.plan }]);
    expect(playKeys(planned, press('a'))).toEqual([{ type: 'openAdvisor' }]);
    expect(playKeys(planned, press('x'))).toEqual([{ type: 'unplan' }]);
  });

  it('plays the round at once on Enter when a round has one move', () => {
    const s = playScreenState(initialState(fixtureSession('duel')), { type: 'moveCursor', delta: 1 });
    expect(playKeys(s, { input: '', key: ENTER })).toEqual([{ type: 'playRound', choices: [{ move: s.scenario.moves.get('newcomer.shortlist') }] }]);
  });

  it('opens the offer editor on the offer last set for the move, else on its default', () => {
    let s = initialState(fixtureSession('duel'));
    const offer = s.scenario.moves.get('incumbent.offer')!;
    expect(playKeys(s, { input: '', key: ENTER })).toEqual([{ type: 'openOffer', move: offer, values: { price: 560, maintenance: 'fiveYear' } }]);
    s = { ...s, offers: new Map([['incumbent.offer', { price: 500, maintenance: 'inHouse' }]]) };
    expect(playKeys(s, { input: '', key: ENTER })).toEqual([{ type: 'openOffer', move: offer, values: { price: 500, maintenance: 'inHouse' } }]);
  });

  it('refuses a second move on a planned track, and any move once the plan is full', () => {
    let s = initialState(fixtureSession('pair'));
    s = playScreenState(s, { type: 'plan', choice: { move: s.scenario.moves.get('a.push')! } });
    expect(playKeys({ ...s, cursor: 0 }, { input: '', key: ENTER })).toEqual([{ type: 'refuse', text: 'You already planned a move on A this round.' }]);
    s = playScreenState(s, { type: 'plan', choice: { move: s.scenario.moves.get('b.ask')! } });
    expect(playKeys({ ...s, cursor: 3 }, { input: '', key: ENTER })).toEqual([{ type: 'refuse', text: 'You already planned a move on B this round.' }]);
  });

  it('asks before quitting only when rounds were played since the last save', () => {
    const s = initialState(fixtureSession('duel'));
    expect(playKeys(s, press('q'))).toEqual([{ type: 'exit' }]);
    const d = drivePlayScreen('duel');
    d.type('w');
    expect(playKeys(d.state, press('q'))).toEqual([{ type: 'askToQuit' }]);
    expect(playKeys({ ...d.state, dirty: false }, press('q'))).toEqual([{ type: 'exit' }]);
  });

  it('on the end screen only undo, save, help and quit do anything', () => {
    const d = drivePlayScreen('duel');
    d.type(DOWN, ENTER, DOWN, ENTER, ENTER);
    expect(d.state.view.done).toBe(true);
    for (const k of ['j', 'k', 'w', 'a', 'x']) expect(playKeys(d.state, press(k))).toEqual([]);
    expect(playKeys(d.state, { input: '', key: ENTER })).toEqual([]);
    expect(playKeys(d.state, press('u'))).toEqual([{ type: 'openUndo' }]);
    expect(playKeys(d.state, press('s'))).toEqual([{ type: 'openSave' }]);
    expect(playKeys(d.state, press('?'))).toEqual([{ type: 'openHelp' }]);
  });

  it('in the save prompt types into the path and saves the trimmed path on Enter; in the quit question s saves and leaves', () => {
    const s = initialState(fixtureSession('duel'));
    const save = { ...s, panel: { kind: 'save', path: ' /tmp/a.json ' } } as const;
    expect(playKeys(save, press('j'))).toEqual([{ type: 'typeSavePath', text: 'j' }]);
    expect(playKeys(save, { input: '', key: { backspace: true } })).toEqual([{ type: 'eraseSavePath' }]);
    expect(playKeys(save, { input: '', key: ENTER })).toEqual([{ type: 'save', path: '/tmp/a.json', then: 'stay' }]);
    expect(playKeys(save, { input: '', key: ESC })).toEqual([{ type: 'close' }]);
    const quit = { ...s, panel: { kind: 'quit' } } as const;
    expect(playKeys(quit, press('s'))).toEqual([{ type: 'save', path: '/tmp/parley-test.json', then: 'exit' }]);
    expect(playKeys(quit, press('y'))).toEqual([{ type: 'exit' }]);
    expect(playKeys(quit, press('n'))).toEqual([{ type: 'close' }]);
  });
});

describe('keys on a real session (the path PlayApp takes)', () => {
  it('with two moves a round, Enter on the second move plans it and one w plays one round (regression: the round played at once and that w skipped the next)', () => {
    const d = drivePlayScreen('pair');
    d.type(ENTER); // a.push
    d.type(ENTER); // b.ask: the cursor went to the first move on B
    expect(ids(d.state)).toEqual(['a.push', 'b.ask']);
    expect(d.session.log).toHaveLength(0);
    expect(d.state.view.round).toBe(0);
    d.type('w');
    expect(d.session.log).toEqual([[{ move: 'a.push' }, { move: 'b.ask' }]]);
    expect(d.state.view.round).toBe(1);
    expect(d.state.plan).toEqual([]);
  });

  it('handles keys sent together in one chunk one by one, each seeing what the previous left (regression: `jjj` was dropped)', () => {
    const d = drivePlayScreen('pair');
    d.type('jj');
    expect(selectedMove(d.state)!.id).toBe('b.ask');
    d.type('kk\r');
    expect(ids(d.state)).toEqual(['a.push']);
    d.type('\rw');
    expect(d.session.log).toEqual([[{ move: 'a.push' }, { move: 'b.ask' }]]);
  });

  it('edits an offer and makes it: with one move a round the offer is the round', () => {
    const d = drivePlayScreen('duel');
    d.type(ENTER, DOWN, LEFT, LEFT);
    expect(d.state.panel).toMatchObject({ kind: 'offer', issue: 1, values: { price: 560, maintenance: 'inHouse' } });
    d.type(ENTER);
    expect(d.session.log).toEqual([[{ move: 'incumbent.offer', offer: { price: 560, maintenance: 'inHouse' } }]]);
    expect(d.state.offers.get('incumbent.offer')).toEqual({ price: 560, maintenance: 'inHouse' });
    expect(d.state.panel).toEqual({ kind: 'moves' });
  });

  it('Esc in the offer editor keeps the offer for the next time, without planning it', () => {
    const d = drivePlayScreen('pair');
    d.type(DOWN, ENTER, 'l', ESC);
    expect(d.state.panel).toEqual({ kind: 'moves' });
    expect(d.state.plan).toEqual([]);
    const kept = d.state.offers.get('a.offer');
    expect(kept).toBeDefined();
    d.type(ENTER);
    expect(d.state.panel).toMatchObject({ kind: 'offer', values: kept });
  });

  it('undoes to the chosen round and marks the game unsaved', () => {
    const d = drivePlayScreen('duel');
    d.type('w', 'w', 'u');
    expect(d.state.panel).toEqual({ kind: 'undo', cursor: 1 });
    d.type('k', ENTER);
    expect(d.session.log).toEqual([]);
    expect(d.state).toMatchObject({ panel: { kind: 'moves' }, dirty: true, message: { text: 'Back at the start of round 1.', tone: 'ok' } });
  });

  it('chooses the advisor’s option: its move with its offer, or ending the round with the plan', () => {
    const d = drivePlayScreen('pair');
    d.type(ENTER, 'a');
    const options = d.state.advice!.query.options;
    expect(options.map((o) => o.label)).toEqual(['B: Ask B', 'B: Offer to B', 'end the round with the planned moves']);
    d.type(DOWN, ENTER);
    expect(d.state.panel).toMatchObject({ kind: 'offer', move: { id: 'b.offer' } });
    d.type(ESC, 'a', DOWN, DOWN, ENTER);
    expect(d.session.log).toEqual([[{ move: 'a.push' }]]);
  });

  it('saves to the typed path, reports a failed save, and leaves after s in the quit question', () => {
    const d = drivePlayScreen('duel');
    d.type('w', 's', '\x7f\x7f\x7f\x7fx', ENTER);
    expect(d.saves.map((s) => s.path)).toEqual(['/tmp/parley-test.x']);
    expect(d.state).toMatchObject({ dirty: false, panel: { kind: 'moves' } });
    d.type('w', 'q', 's');
    expect(d.saves.map((s) => s.path)).toEqual(['/tmp/parley-test.x', '/tmp/parley-test.json']);
    expect(d.exits).toEqual([false]);
    // Save-and-quit says, in the shell, where the game went and how to resume it.
    expect(d.farewells).toEqual(['Saved the game to /tmp/parley-test.json\nResume with: parley play --load /tmp/parley-test.json']);
    const failing = drivePlayScreen('duel', { failSave: true });
    failing.type('s', ENTER);
    expect(failing.state).toMatchObject({ panel: { kind: 'save' }, message: { text: 'Could not save to /tmp/parley-test.json: disk full', tone: 'error' } });
  });
});
