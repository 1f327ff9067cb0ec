import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../load-fixture.js';
import { buildGameView } from '../../src/ui/game-view.js';
import { PlaySession } from '../../src/ui/play-session.js';
import { playKeys } from '../../src/ui/play-keys.js';
import { initialPlayScreenState, playScreenState } from '../../src/ui/play-screen-state.js';
import { advisorOptions } from '../../src/ui/advisor-options.js';
import { TrackPanel } from '../../src/ui/TrackPanel.js';
import { trackMaxStages } from '../../src/ui/track-stages.js';

/** test/fixtures/offers/counterpart-offer.json: the proposal's price defaults to 40 times the lithium price (20, then 30 from round 1); SQM offers a royalty of 0.23 in round 2. */
const scenario = loadFixture('test/fixtures/offers/counterpart-offer.json');
const session = () => new PlaySession(scenario, { seed: '1', run: 0, strategy: 'takeTheirs' });
const view = (s: PlaySession) => buildGameView(s, trackMaxStages(scenario));
const screen = (s: PlaySession) => initialPlayScreenState({ scenario, savePath: '/tmp/parley-test.json', view: view(s), intro: false });
const ENTER = { input: '', key: { return: true } };

describe('the play-through with offers that are expressions and offers from the counterpart', () => {
  it('opens the offer editor on the default evaluated now: 800 at a price of 20, 1200 after the rise to 30', () => {
    const s = session();
    const propose = scenario.moves.get('sqm.propose')!;
    let state = screen(s);
    expect(state.view.defaultOffers.get('sqm.propose')).toEqual({ price: 800, refining: 'abroad' });
    expect(playKeys(state, ENTER)).toEqual([{ type: 'openOffer', move: propose, values: { price: 800, refining: 'abroad' } }]);
    s.playRound([]);
    state = screen(s);
    expect(playKeys(state, ENTER)).toEqual([{ type: 'openOffer', move: propose, values: { price: 1200, refining: 'home' } }]);
    // Stepping from there stays on the grid; r resets to the value now.
    state = playScreenState(state, { type: 'openOffer', move: propose, values: { price: 1200, refining: 'home' } });
    state = playScreenState(state, { type: 'stepOffer', steps: -3 });
    expect(state.panel).toMatchObject({ values: { price: 1170 } });
    state = playScreenState(state, { type: 'resetOffer' });
    expect(state.panel).toMatchObject({ values: { price: 1200, refining: 'home' } });
  });

  it("the advisor compares the player's offer with the default as evaluated now", () => {
    const s = session();
    s.playRound([]);
    const v = view(s);
    const options = (edited: Record<string, number | string>) =>
      advisorOptions({ moves: v.moves, plan: [], trackLabels: ['Codelco-SQM'], offers: new Map([['sqm.propose', edited]]), defaults: v.defaultOffers }).map((o) => o.variant ?? '');
    expect(options({ price: 1200, refining: 'home' })).toEqual(['', '']);
    expect(options({ price: 900, refining: 'home' })).toEqual(['default offer', 'your offer', '']);
  });

  it("shows the counterpart's offer in the news and on the track panel until the host answers it", () => {
    const s = session();
    s.playRound([]);
    s.playRound([]);
    const v = view(s);
    const track = v.tracks[0]!;
    expect(track.received).toBe(true);
    expect(v.news.map((n) => n.text)).toContain('  ✉ Codelco-SQM puts terms on the table: royalty 0.23 · refining abroad');
    const panel = render(<TrackPanel track={track} width={60} />).lastFrame()!;
    expect(panel).toContain('✉ their offer: price 0 · royalty 0.23 · refining abroad');
    expect(v.moves.map((m) => m.id)).toEqual(['sqm.propose', 'sqm.acceptTheirs']);
    s.playRound([{ move: scenario.moves.get('sqm.propose')! }]);
    const after = view(s).tracks[0]!;
    expect(after.received).toBe(false);
    expect(render(<TrackPanel track={after} width={60} />).lastFrame()).not.toContain('their offer');
  });
});
