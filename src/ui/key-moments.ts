import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { TraceEntry } from '../engine/trace-entry.js';
import { dateOfRound } from '../scenario/calendar.js';
import { formatTerms } from './format-value.js';
import { stateLabel } from './state-label.js';

export interface KeyMoment {
  readonly key: string;
  readonly date: string;
  readonly text: string;
  readonly tone: 'event' | 'move' | 'stage' | 'deal' | 'end';
}

/**
 * The story of a finished game in a few lines, chosen by what moved the talks rather than by what
 * happened: a world event or a move of yours counts only when its step changed a track (a
 * transition other than the round's tick, a signal to a track, or new terms on the table); price
 * drifts and moves that changed nothing are left out. Then every transition to a new stage, a deal
 * or an end, named by the states' labels from the file.
 */
export function keyMoments(scenario: CompiledScenario, trace: readonly TraceEntry[], stageOf: (track: number, state: string) => { stage: number; deal: boolean; done: boolean }): KeyMoment[] {
  const { clock } = scenario.file;
  const out: KeyMoment[] = [];
  const trackIndex = (id: string) => scenario.tracks.findIndex((t) => t.id === id);
  const label = (id: string) => scenario.tracks.find((t) => t.id === id)?.label ?? id;
  const stateName = (track: string, key: string) => {
    const file = scenario.file.tracks[track];
    return file ? stateLabel(file.machine as Parameters<typeof stateLabel>[0], key) : key;
  };
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!;
    const date = dateOfRound(clock.start, clock.unit, e.round);
    if (e.kind === 'move') {
      if (!changesTrack(trace, i)) continue;
      const next = trace.slice(i + 1).find((x) => x.kind === 'choice');
      const answer = next?.kind === 'choice' ? `: ${next.chosen}` : '';
      out.push({ key: `${i}`, date, text: `You → ${label(e.track)}: ${e.label}${e.offer ? ` (${formatTerms(e.offer)})` : ''}${answer}`, tone: 'move' });
    } else if (e.kind === 'event') {
      if (changesTrack(trace, i)) out.push({ key: `${i}`, date, text: `⚡ ${e.label}`, tone: 'event' });
    } else if (e.kind === 'transition') {
      const t = trackIndex(e.track);
      const from = stageOf(t, e.from);
      const to = stageOf(t, e.to);
      const name = stateName(e.track, e.to);
      if (to.deal) out.push({ key: `${i}`, date, text: `★ ${label(e.track)}: deal signed (${name})`, tone: 'deal' });
      else if (to.done) out.push({ key: `${i}`, date, text: `${label(e.track)}: ended, ${name}`, tone: 'end' });
      else if (to.stage > from.stage) out.push({ key: `${i}`, date, text: `${label(e.track)}: ${stateName(e.track, e.from)} → ${name} (stage ${to.stage})`, tone: 'stage' });
    }
  }
  return out;
}

/**
 * Whether the step that starts at trace entry `i` (an event or a move, up to the next one, the end
 * or the next round) changed a track: a transition not caused by the round's tick, a signal, or new
 * terms on a table.
 */
function changesTrack(trace: readonly TraceEntry[], i: number): boolean {
  const round = trace[i]!.round;
  for (let j = i + 1; j < trace.length; j++) {
    const x = trace[j]!;
    if (x.round !== round || x.kind === 'event' || x.kind === 'move' || x.kind === 'end') return false;
    if ((x.kind === 'transition' && x.event !== 'TICK') || x.kind === 'signal' || x.kind === 'terms' || (x.kind === 'offer' && x.terms !== undefined)) return true;
  }
  return false;
}
