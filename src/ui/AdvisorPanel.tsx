import { memo } from 'react';
import { Text } from 'ink';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { Panel } from './Panel.js';
import { ProgressBar } from './ProgressBar.js';
import { formatPercent, formatTerms, formatValue } from './format-value.js';
import { proportionEstimate, utilityEstimate, type AdvisorOption } from './advisor-rollouts.js';
import type { AdvisorProgress } from './start-advisor.js';

export interface AdvisorPanelProps {
  readonly scenario: CompiledScenario;
  readonly options: readonly AdvisorOption[];
  readonly progress: AdvisorProgress | undefined;
  readonly rollouts: number;
  readonly strategyLabel: string;
  readonly cursor: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The advisor's answer to "what happens if I do this?": per option, the host's expected utility
 * with a 95% interval and the most likely outcome; a star on the best option only when its paired
 * lead over the runner-up (same rollouts, common random numbers) has an interval excluding zero,
 * else "no clear best" with that difference; the share of rollouts in which a move lapsed; for the selected option, every outcome's
 * probability with its 95% (Wilson) interval. A move whose offer the player edited appears twice,
 * "(default offer)" and "(your offer)"; the selected one's offer is spelled out.
 */
export const AdvisorPanel = memo(function AdvisorPanel({ scenario, options, progress, rollouts, strategyLabel, cursor, width, height }: AdvisorPanelProps) {
  const inner = width - 4;
  const outcomes = [...scenario.outcomes.map((o) => o.label), 'unclassified'];
  const done = progress?.tallies.reduce((s, t) => s + t.n + t.errors, 0) ?? 0;
  const total = rollouts * options.length;
  const fraction = total > 0 ? done / total : 0;
  const estimates = options.map((_, i) => (progress?.tallies[i] ? utilityEstimate(progress.tallies[i]!) : { mean: NaN, half: NaN }));
  const lead = progress?.lead;
  // The highest mean is bold; it gets a star only when its paired lead over the runner-up is clear.
  const best = lead?.best ?? -1;
  const starred = lead?.clear ? lead.best : -1;
  const nameWidth = Math.min(Math.max(28, inner - 48), Math.max(16, ...options.map((o) => nameOf(o).length)) + 2);
  const chosen = options[cursor];
  const selected = progress?.tallies[cursor];
  // Lines: progress, an error if any, the lead, the table's header, the options, then the selected
  // option's offer, lapses and outcomes. On a small screen the options keep at least three lines
  // and the outcomes show the likeliest first, with "↓ n more" for the rest.
  const errorsNow = (progress?.tallies.reduce((s, t) => s + t.errors, 0) ?? 0) > 0;
  const fixed = 3 + (errorsNow ? 1 : 0) + (chosen?.offer ? 1 : 0) + (selected && selected.lapsed > 0 ? 1 : 0);
  const shownOutcomes = selected ? outcomes.map((label, j) => ({ label, j, c: selected.outcomes[j]! })).filter((o) => o.j < outcomes.length - 1 || o.c > 0) : [];
  const free = height - 2 - fixed;
  const listRoom = Math.max(Math.min(3, options.length), Math.min(options.length, free - 1 - shownOutcomes.length));
  const outcomeRoom = Math.max(1, free - listRoom - 1);
  const byLikelihood = [...shownOutcomes].sort((a, b) => b.c - a.c || a.j - b.j);
  const outcomeRows = shownOutcomes.length > outcomeRoom ? byLikelihood.slice(0, outcomeRoom - 1) : shownOutcomes;
  const hiddenOutcomes = shownOutcomes.length - outcomeRows.length;
  const start = Math.max(0, Math.min(cursor - Math.floor(listRoom / 2), options.length - listRoom));
  const errors = progress?.tallies.reduce((s, t) => s + t.errors, 0) ?? 0;
  const firstError = progress?.tallies.find((t) => t.firstError)?.firstError;
  return (
    <Panel title={`Advisor — ${rollouts} rollouts per option from here, then "${strategyLabel}" plays on`} width={width} height={height} color="magenta">
      <Text wrap="truncate">
        <ProgressBar value={fraction} width={20} color={progress?.done ? 'green' : 'magenta'} />
        <Text> {progress?.error ? <Text color="red">failed: {progress.error}</Text> : progress?.done ? 'done' : `${formatPercent(fraction)} · running`}</Text>
        <Text color="gray">
          {' '}
          · {done}/{total} rollouts
          {progress ? (progress.backend === 'workers' ? ` on ${progress.workers} worker thread${progress.workers === 1 ? '' : 's'}` : ' in the UI thread, in small chunks') : ''}
          {errors > 0 ? ` · ${errors} failed` : ''}
        </Text>
      </Text>
      {errors > 0 && firstError ? (
        <Text wrap="truncate-end" color="red">
          a rollout failed: {firstError}
        </Text>
      ) : null}
      {lead ? (
        <Text wrap="truncate-end" color={lead.clear ? undefined : 'gray'}>
          {lead.clear ? '★ lead over the runner-up: ' : 'no clear best: top two differ by '}
          {`${signed(lead.difference)} ±${lead.half.toFixed(3)} (paired, ${lead.n} rollouts)`}
          <Text color="gray">{lead.clear ? '' : ' · the interval includes 0'}</Text>
        </Text>
      ) : (
        <Text> </Text>
      )}
      <Text wrap="truncate" color="gray">
        {('  ' + `if you… (${options.length}${options.length > listRoom ? ', ↑↓' : ''})`).padEnd(nameWidth + 2)}
        {'your utility (95% CI)'.padEnd(24)}most likely outcome
      </Text>
      {options.slice(start, start + listRoom).map((o, k) => {
        const i = start + k;
        const e = estimates[i]!;
        const t = progress?.tallies[i];
        let top = '';
        if (t && t.n > 0) {
          let j = 0;
          t.outcomes.forEach((c, x) => {
            if (c > t.outcomes[j]!) j = x;
          });
          top = `${outcomes[j]} ${formatPercent(t.outcomes[j]! / t.n)}`;
        }
        const here = i === cursor;
        return (
          <Text key={nameOf(o)} wrap="truncate-end" inverse={here} color={here ? 'magenta' : undefined}>
            {here ? '› ' : '  '}
            {fitName(o, nameWidth)}
            <Text bold={i === best}>{(Number.isNaN(e.mean) ? '…' : `${formatValue(e.mean)} ±${e.half.toFixed(3)}`).padEnd(18)}</Text>
            {i === starred ? '★ ' : '  '}
            {'    '}
            {top}
            {t && t.lapsed > 0 ? <Text color="yellow">{` · lapses in ${formatPercent(t.lapsed / t.n)}`}</Text> : null}
          </Text>
        );
      })}
      {chosen?.offer ? (
        <Text wrap="truncate-end">
          <Text color="cyan">your offer </Text>
          {formatTerms(chosen.offer)}
          <Text color="gray"> (set in the offer editor; Enter opens it)</Text>
        </Text>
      ) : null}
      {selected && selected.lapsed > 0 ? (
        <Text wrap="truncate-end" color="yellow">
          {`lapsed in ${selected.lapsed} of ${selected.n} rollouts: not possible with the parameters drawn there, so the round went on without it`}
        </Text>
      ) : null}
      {selected && selected.n > 0 ? (
        <>
          <Text wrap="truncate" color="gray">
            {`After “${nameOf(options[cursor]!)}” (${selected.n} rollouts), the outcomes with 95% intervals:`}
          </Text>
          {outcomeRows.map(({ label, c }) => {
            const p = proportionEstimate(c, selected.n);
            return (
              <Text key={label} wrap="truncate">
                {'  '}
                {label.padEnd(Math.min(30, inner - 40)).slice(0, Math.min(30, inner - 40))} <ProgressBar value={p.p} width={12} color="magenta" /> {formatPercent(p.p).padStart(5)}
                <Text color="gray">
                  {' '}
                  [{formatPercent(p.low)}–{formatPercent(p.high)}]
                </Text>
              </Text>
            );
          })}
          {hiddenOutcomes > 0 ? <Text color="cyan">{`  ↓ ${hiddenOutcomes} less likely outcome${hiddenOutcomes === 1 ? '' : 's'}: ${formatPercent(byLikelihood.slice(outcomeRows.length).reduce((s, o) => s + o.c, 0) / selected.n)} together`}</Text> : null}
        </>
      ) : null}
    </Panel>
  );
});

function signed(x: number): string {
  return (x >= 0 ? '+' : '−') + Math.abs(x).toFixed(3);
}

/** An option's name in the table: its label, then its offer variant ("your offer", "default offer"). */
function nameOf(o: AdvisorOption): string {
  return o.variant ? `${o.label} (${o.variant})` : o.label;
}

/** The name padded to `width`; a long label is cut before the variant, so the variant stays in view. */
function fitName(o: AdvisorOption, width: number): string {
  const name = nameOf(o);
  if (name.length < width - 1) return name.padEnd(width);
  const tail = o.variant ? ` (${o.variant})` : '';
  return (o.label.slice(0, Math.max(1, width - 2 - tail.length - 1)) + '…' + tail).padEnd(width);
}
