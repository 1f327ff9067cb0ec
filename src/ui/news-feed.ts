import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { TraceEntry } from '../engine/trace-entry.js';
import { dateOfRound } from '../scenario/calendar.js';
import { formatPercent, formatTerms } from './format-value.js';

export interface NewsLine {
  readonly key: string;
  readonly text: string;
  readonly tone: 'date' | 'event' | 'move' | 'response' | 'news' | 'transition';
  /** Before the last decision: shown dimmed. */
  readonly old: boolean;
}

/**
 * The news feed: what happened, from the trace. Events, the host's moves with the response drawn
 * (and its probability), news lines and track transitions, under a date line per round. Entries
 * before `recentFrom` (the previous decision) are marked old.
 */
export function newsFeed(scenario: CompiledScenario, trace: readonly TraceEntry[], recentFrom: number): NewsLine[] {
  const { clock } = scenario.file;
  const label = (id: string | undefined) => (id === undefined ? '' : (scenario.tracks.find((t) => t.id === id)?.label ?? id));
  const lines: NewsLine[] = [];
  let round = -1;
  trace.forEach((e, i) => {
    const old = i < recentFrom;
    const push = (text: string, tone: NewsLine['tone']) => lines.push({ key: `${i}:${tone}`, text, tone, old });
    if (e.kind !== 'end' && e.kind !== 'signal' && e.kind !== 'effect' && e.kind !== 'terms' && e.round !== round) {
      round = e.round;
      lines.push({ key: `${i}:date`, text: `${dateOfRound(clock.start, clock.unit, round)} · round ${round + 1}`, tone: 'date', old });
    }
    switch (e.kind) {
      case 'event':
        push(`⚡ ${e.label}`, 'event');
        break;
      case 'move':
        push(`▶ You → ${label(e.track)}: ${e.label}${e.offer ? ` (${formatTerms(e.offer)})` : ''}`, 'move');
        break;
      case 'choice': {
        const chosen = e.options.find((o) => o.label === e.chosen);
        push(`  → ${e.chosen}${chosen ? ` (${formatPercent(chosen.p)} likely)` : ''}`, 'response');
        break;
      }
      case 'news':
        push(`  ${e.text}`, 'news');
        break;
      case 'transition':
        push(`  ${label(e.track)}: ${e.from} → ${e.to}`, 'transition');
        break;
      case 'offer':
        if (e.terms !== undefined) push(`  ✉ ${label(e.track)} puts terms on the table: ${formatTerms(e.terms)}`, 'news');
        break;
      default:
        break;
    }
  });
  return lines;
}
