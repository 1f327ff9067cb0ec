import { describe, expect, it } from 'vitest';
import { loadFixture } from '../load-fixture.js';
import { PlaySession } from '../../src/ui/play-session.js';
import { explainMove } from '../../src/ui/move-explanation.js';

describe('explaining a move', () => {
  it("hides a counterpart's reservation that is drawn each run (the model's hidden draw), and shows a fixed one", () => {
    const flagship = loadFixture('scenarios/turkey-rare-earths.yaml');
    const session = new PlaySession(flagship, { seed: '3', run: 0, strategy: flagship.defaultStrategy });
    const hidden = flagship.parties.filter((p) => p.role === 'counterpart' && !('literal' in p.reservation) && /param\./.test(p.reservation.expr.source));
    expect(hidden.length).toBeGreaterThan(0);
    const move = session.sim.availableMoves().find((m) => flagship.tracks[m.track]!.counterpart === hidden[0]!.id);
    expect(move).toBeDefined();
    expect(explainMove(session, { move: move! }).counterpartBatnaHidden).toBe(true);

    const clean = loadFixture('test/fixtures/lint/clean.json');
    const game = new PlaySession(clean, { seed: '3', run: 0, strategy: clean.defaultStrategy });
    const offer = game.sim.availableMoves()[0]!;
    expect(explainMove(game, { move: offer }).counterpartBatnaHidden).toBe(false);
  });
});
