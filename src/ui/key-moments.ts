import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { TraceEntry } from '../engine/trace-entry.js';
import { dateOfRound } from '../scenario/calendar.js';
import { formatTerms } from './format-value.js';

export interface KeyMoment {
  readonly key: string;
  readonly date: string;
  readonly text: string;
  readonly tone: 'event' | 'move' | 'stage' | 'deal' | 'end';
}

/**
 * The story of a finished game in a few lines: the host's moves with the responses drawn, world
 * events, and track transitions that reach a new stage, a deal or an end.
 */
export function keyMoments(scenario: CompiledScenario, trace: readonly TraceEntry[], stageOf: (track: number, state: string) => { stage: number; deal: boolean; done: boolean }): KeyMoment[] {
  const { clock } = scenario.file;
  const out: KeyMoment[] = [];
  const trackIndex = (id: string) => scenario.tracks.findIndex((t) => t.id === id);
  const label = (id: string) => scenario.tracks.find((t) => t.id === id)?.label ?? id;
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!;
    const date = dateOfRound(clock.start, clock.unit, e.round);
    if (e.kind === 'move') {
      const next = trace.slice(i + 1).find((x) => x.kind === 'choice');
      const answer = next?.kind === 'choice' ? `: ${next.chosen}` : '';
      out.push({ key: `${i}`, date, text: `You → ${label(e.track)}: ${e.label}${e.offer ? ` (${formatTerms(e.offer)})` : ''}${answer}`, tone: 'move' });
    } else if (e.kind === 'event') {
      out.push({ key: `${i}`, date, text: `⚡ ${e.label}`, tone: 'event' });
    } else if (e.kind === 'transition') {
      const t = trackIndex(e.track);
      const from = stageOf(t, e.from);
      const to = stageOf(t, e.to);
      if (to.deal) out.push({ key: `${i}`, date, text: `★ ${label(e.track)}: deal signed (${e.to})`, tone: 'deal' });
      else if (to.done) out.push({ key: `${i}`, date, text: `${label(e.track)}: ended in ${e.to}`, tone: 'end' });
      else if (to.stage > from.stage) out.push({ key: `${i}`, date, text: `${label(e.track)}: ${e.from} → ${e.to} (stage ${to.stage})`, tone: 'stage' });
    }
  }
  return out;
}
