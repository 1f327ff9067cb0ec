import type { CompiledSignal } from '../scenario/compiled-scenario.js';
import { limits } from '../scenario/limits.js';

/**
 * Signals couple tracks: an action, a response or an event sends an event to one track, to every
 * track, or to every track but the sender. They are queued while a step runs and delivered in order
 * after it, each as an event to the receiving track's machine (which may queue more). A step that
 * keeps signalling past limits.signalsPerRound is a loop in the scenario, reported by `onLoop`.
 */
export class SignalQueue {
  private readonly queue: { from: number; to: number; event: string }[] = [];

  constructor(private readonly trackCount: number) {}

  /** Queues signals sent by track `from` (-1: the world, i.e. an event). */
  push(signals: readonly CompiledSignal[], from: number): void {
    for (const s of signals) {
      if (s.to >= 0) this.queue.push({ from, to: s.to, event: s.event });
      else for (let t = 0; t < this.trackCount; t++) if (s.to === -1 || t !== from) this.queue.push({ from, to: t, event: s.event });
    }
  }

  clear(): void {
    this.queue.length = 0;
  }

  /**
   * Delivers queued signals in order, including those queued while delivering, through `deliver`;
   * `onLoop` makes the error for a delivery past the limit.
   */
  deliver(deliver: (to: number, event: string, from: number) => void, onLoop: (to: number, event: string) => Error): void {
    let delivered = 0;
    const queue = this.queue;
    while (queue.length > 0) {
      const s = queue.shift()!;
      if (++delivered > limits.signalsPerRound) throw onLoop(s.to, s.event);
      deliver(s.to, s.event, s.from);
    }
  }
}
