import type { CompiledTrack } from '../scenario/compiled-scenario.js';
import type { Negotiation } from './negotiator.js';
import type { SelfTrack } from './run-scope.js';
import type { PathNode, TrackState, TransitionMemo } from './transition-memo.js';

/** A track in a run: its machine's state and path, and what expressions see of it. */
export interface TrackRuntime extends SelfTrack {
  readonly track: CompiledTrack;
  readonly memo: TransitionMemo;
  /** Reused by the offer a move on this track makes (copied wherever it is kept; see offers.ts). */
  readonly offer: Record<string, number | string>;
  state: TrackState;
  path: string[];
  /** The interned node of `path`; undefined when the memo stopped interning (see TransitionMemo.extendPath). */
  pathNode: PathNode | undefined;
  /** The counterpart negotiating back (negotiator.ts), if the track has a negotiator. */
  readonly negotiation: Negotiation | undefined;
}

