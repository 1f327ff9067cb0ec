import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { dateOfRound } from '../scenario/calendar.js';
import type { RunResult } from '../engine/simulation.js';
import type { TraceEntry } from '../engine/trace-entry.js';

export interface TimelineOptions {
  readonly seed: string;
  readonly strategy: string;
  /** Show probabilities and draws (the "why"). */
  readonly explain?: boolean;
}

const pct = (p: number) => `${(100 * p).toFixed(p < 0.1 && p > 0 ? 1 : 0)}%`;

function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  return String(v);
}

export function formatTerms(terms: Readonly<Record<string, number | string>>): string {
  return Object.entries(terms)
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(', ');
}

/** A run as a readable timeline: one block per round, what fired and why. */
export function formatTimeline(scenario: CompiledScenario, result: RunResult, options: TimelineOptions): string {
  const { clock } = scenario.file;
  const lines: string[] = [];
  lines.push(`${scenario.file.title}`);
  lines.push(`seed ${options.seed}, run ${result.run}, strategy ${options.strategy}`);
  const paramText = scenario.parameters.map((p, i) => `${p.name}=${formatValue(result.parameters[i])}`).join(', ');
  if (paramText) lines.push(`parameters: ${paramText}`);
  let round = -1;
  const label = (track: string) => scenario.tracks.find((t) => t.id === track)?.label ?? track;
  for (const e of result.trace ?? []) {
    if (e.round !== round && e.kind !== 'end') {
      round = e.round;
      lines.push('');
      lines.push(`${dateOfRound(clock.start, clock.unit, round)}  (round ${round + 1})`);
    }
    const line = formatEntry(e, label, options.explain ?? true);
    if (line !== undefined) lines.push(line);
  }
  lines.push('');
  const outcome = scenario.outcomes.find((o) => o.id === result.outcome);
  lines.push(`Outcome: ${outcome?.label ?? result.outcome} after ${result.rounds} ${clock.unit}${result.rounds === 1 ? '' : 's'}${result.dealRound >= 0 ? ` (deal signed in round ${result.dealRound + 1}, ${dateOfRound(clock.start, clock.unit, result.dealRound)})` : ''}`);
  for (const [i, m] of scenario.metrics.entries()) {
    const v = result.metrics[i]!;
    lines.push(`  ${m.label}: ${Number.isNaN(v) ? '—' : formatValue(v)}${m.unit && !Number.isNaN(v) ? ' ' + m.unit : ''}`);
  }
  lines.push(`Final states: ${scenario.tracks.map((t, i) => `${t.id}=${result.finalStates[i]}`).join(', ')}`);
  return lines.join('\n');
}

function formatEntry(e: TraceEntry, label: (track: string) => string, explain: boolean): string | undefined {
  switch (e.kind) {
    case 'event':
      return `  event     ${e.label}${e.scheduled ? ' (scheduled)' : explain ? `  [p ${pct(e.p)}, draw ${e.draw.toFixed(3)}]` : ''}`;
    case 'move':
      return `  move      ${label(e.track)}: ${e.label}${e.offer ? `  {${formatTerms(e.offer)}}` : ''}${e.value && explain ? `  value host ${e.value.host.toFixed(2)}, counterpart ${e.value.counterpart.toFixed(2)}` : ''}`;
    case 'choice':
      return `            → ${e.chosen}${explain ? `  [${e.options.map((o) => `${o.label} ${pct(o.p)}`).join(' · ')}; draw ${e.draw.toFixed(3)}${e.normalised ? '; probabilities summed over 1 and were scaled' : ''}]` : ''}`;
    case 'transition':
      return `  ${label(e.track)}: ${e.from} → ${e.to}  (${e.event})`;
    case 'signal':
      return explain ? `  signal    ${e.event} from ${e.from} to ${e.to}` : undefined;
    case 'effect':
      return explain ? `  world     ${e.variable}: ${formatValue(e.from)} → ${formatValue(e.to)}` : undefined;
    case 'terms':
      return `  terms     ${label(e.track)}: ${formatTerms(e.terms)}`;
    case 'offer':
      return e.terms === undefined
        ? `  offer     ${label(e.track)}: ignored (the track has finished)${explain ? `  [from event ${e.from}]` : ''}`
        : `  offer     ${label(e.track)} puts terms on the table: {${formatTerms(e.terms)}}${explain ? `  [from event ${e.from}; self.received is true until your next move there; sends ${e.event}]` : ''}`;
    case 'negotiation':
      return `  decides   ${label(e.track)}: ${e.decision === 'accept' ? 'accepts' : `counters {${formatTerms(e.counter)}}`}${explain ? `  [${e.reason}]` : ''}`;
    case 'news':
      return `  news      ${e.text}`;
    case 'end':
      return `  end: ${e.reason === 'all-final' ? 'every track finished' : e.reason === 'end-condition' ? 'the end condition holds' : 'the horizon is reached'}`;
  }
}
