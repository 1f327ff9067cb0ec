/**
 * One line of a run's story: what fired and why. A trace lists them in the order they happened, so a
 * run can be explained (which condition held, which probability and which draw chose a response)
 * and checked against a replay.
 */
export type TraceEntry =
  | {
      readonly round: number;
      readonly kind: 'event';
      readonly event: string;
      readonly label: string;
      /** Probability the event fired with, and the draw that decided it (fired when draw < p). */
      readonly p: number;
      readonly draw: number;
      readonly scheduled: boolean;
    }
  | {
      readonly round: number;
      readonly kind: 'choice';
      /** A move's response or an event's branch. */
      readonly of: string;
      readonly options: readonly { readonly label: string; readonly p: number }[];
      readonly draw: number;
      readonly chosen: string;
      readonly normalised: boolean;
    }
  | {
      readonly round: number;
      readonly kind: 'move';
      readonly track: string;
      readonly move: string;
      readonly label: string;
      readonly offer?: Readonly<Record<string, number | string>>;
      readonly value?: { readonly host: number; readonly counterpart: number };
    }
  | { readonly round: number; readonly kind: 'transition'; readonly track: string; readonly from: string; readonly to: string; readonly event: string }
  | { readonly round: number; readonly kind: 'signal'; readonly from: string; readonly to: string; readonly event: string }
  | { readonly round: number; readonly kind: 'effect'; readonly variable: string; readonly from: unknown; readonly to: unknown }
  | { readonly round: number; readonly kind: 'terms'; readonly track: string; readonly terms: Readonly<Record<string, number | string>> }
  | {
      readonly round: number;
      readonly kind: 'offer';
      /** The track whose counterpart put terms on the table. */
      readonly track: string;
      /** The event that made the offer. */
      readonly from: string;
      /** The issues offered, with the values put on the table (clamped); undefined when the track had finished and the offer was ignored. */
      readonly terms: Readonly<Record<string, number | string>> | undefined;
      /** The event then sent to the track's machine. */
      readonly event: string;
    }
  | {
      readonly round: number;
      readonly kind: 'negotiation';
      readonly track: string;
      /** The counterpart's target utility now, its reservation value, and its value of the host's offer and of its own counter-offer. */
      readonly target: number;
      readonly reservation: number;
      readonly offered: number;
      readonly counterValue: number;
      readonly counter: Readonly<Record<string, number | string>>;
      readonly decision: 'accept' | 'counter';
      /** Why, in words. */
      readonly reason: string;
    }
  | { readonly round: number; readonly kind: 'news'; readonly text: string; readonly track?: string }
  | { readonly round: number; readonly kind: 'end'; readonly reason: 'all-final' | 'end-condition' | 'horizon'; readonly outcome: string };
