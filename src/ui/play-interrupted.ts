/** Ink's exit() with this error means the player pressed Ctrl-C. */
export class PlayInterrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'PlayInterrupted';
  }
}
