import { OFFER_RECEIVED, type ReceivedOffer, type ScenarioFile } from '../scenario/scenario-schema.js';

/** Where an event is sent from, to which tracks, as written in the file. */
export interface SentEvent {
  readonly event: string;
  /** Track ids that receive it. */
  readonly recipients: readonly string[];
  /** The sending track, or undefined for world events. */
  readonly from?: string;
  /**
   * 'response': a move's response `event` (to the move's own track); 'signal': a signal; 'offer': the
   * event an event's (or branch's) `offer` sends to the offer's track.
   */
  readonly kind: 'response' | 'signal' | 'offer';
  /** An offer's event left at its default (OFFER_RECEIVED): a machine need not handle it. */
  readonly implicit?: boolean;
  readonly path: readonly (string | number)[];
}

type Path = (string | number)[];

/**
 * Every event the scenario sends to a track machine: responses' `event`, offers' `event`, and
 * signals from events, event branches, responses and machine `signal` actions. TICK is not listed:
 * the engine sends it.
 */
export function scenarioSentEvents(file: ScenarioFile): SentEvent[] {
  const trackIds = Object.keys(file.tracks);
  const out: SentEvent[] = [];
  const recipients = (to: string, from: string | undefined): string[] =>
    to === '*' ? trackIds : to === 'others' ? trackIds.filter((t) => t !== from) : trackIds.includes(to) ? [to] : [];
  const signals = (list: readonly { to: string; event: string }[] | undefined, from: string | undefined, path: Path) =>
    (list ?? []).forEach((s, i) => out.push({ event: s.event, recipients: recipients(s.to, from), from, kind: 'signal', path: [...path, i] }));

  const offer = (o: ReceivedOffer | undefined, path: Path): void => {
    if (o === undefined) return;
    const implicit = o.event === undefined;
    out.push({ event: o.event ?? OFFER_RECEIVED, recipients: trackIds.includes(o.track) ? [o.track] : [], kind: 'offer', path: [...path, implicit ? 'track' : 'event'], implicit });
  };
  for (const [id, e] of Object.entries(file.events)) {
    signals(e.signals, undefined, ['events', id, 'signals']);
    offer(e.offer, ['events', id, 'offer']);
    (e.branches ?? []).forEach((b, j) => {
      signals(b.signals, undefined, ['events', id, 'branches', j, 'signals']);
      offer(b.offer, ['events', id, 'branches', j, 'offer']);
    });
  }
  for (const [trackId, track] of Object.entries(file.tracks)) {
    for (const [moveId, move] of Object.entries(track.moves)) {
      move.responses.forEach((r, j) => {
        const rp = ['tracks', trackId, 'moves', moveId, 'responses', j];
        if (r.event !== undefined) out.push({ event: r.event, recipients: [trackId], from: trackId, kind: 'response', path: [...rp, 'event'] });
        signals(r.signals, trackId, [...rp, 'signals']);
      });
    }
    const actions = (value: unknown, path: Path): void => {
      const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
      list.forEach((a, i) => {
        const ref = a as { type?: string; params?: { to?: string; event?: string } };
        if (ref.type === 'signal' && ref.params?.to !== undefined && ref.params.event !== undefined) {
          const ap = Array.isArray(value) ? [...path, i] : path;
          out.push({ event: ref.params.event, recipients: recipients(ref.params.to, trackId), from: trackId, kind: 'signal', path: [...ap, 'params'] });
        }
      });
    };
    const transitions = (value: unknown, path: Path): void => {
      const list = Array.isArray(value) ? value : [value];
      list.forEach((t, i) => {
        if (t !== null && typeof t === 'object') actions((t as { actions?: unknown }).actions, Array.isArray(value) ? [...path, i, 'actions'] : [...path, 'actions']);
      });
    };
    const state = (s: Record<string, unknown>, path: Path): void => {
      actions(s.entry, [...path, 'entry']);
      actions(s.exit, [...path, 'exit']);
      for (const [event, t] of Object.entries((s.on as Record<string, unknown>) ?? {})) transitions(t, [...path, 'on', event]);
      if (s.always !== undefined) transitions(s.always, [...path, 'always']);
      for (const [name, child] of Object.entries((s.states as Record<string, Record<string, unknown>>) ?? {})) state(child, [...path, 'states', name]);
    };
    for (const [name, s] of Object.entries(track.machine.states)) state(s as Record<string, unknown>, ['tracks', trackId, 'machine', 'states', name]);
  }
  return out;
}
