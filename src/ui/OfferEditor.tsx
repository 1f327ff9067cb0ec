import { memo } from 'react';
import { Text } from 'ink';
import type { CompiledMove, CompiledScenario } from '../scenario/compiled-scenario.js';
import { Panel } from './Panel.js';
import { ResponseList } from './ResponseList.js';
import { formatSpread, formatValue } from './format-value.js';
import type { MoveExplanation } from './move-explanation.js';
import { literalDefault, type OfferValues } from './offer-editing.js';

export interface OfferEditorProps {
  readonly scenario: CompiledScenario;
  readonly move: CompiledMove;
  readonly values: OfferValues;
  /** The issue being edited (index into move.offer). */
  readonly issue: number;
  /** The offer explained live: its value to each side and the responses' probabilities. */
  readonly explanation: MoveExplanation;
  readonly width: number;
  readonly height: number;
}

/**
 * Sets each issue of an offer within its domain: ↑↓ choose the issue, ←→ change it. A number shows
 * a slider from min to max, an enum its values with the chosen one bracketed.
 */
export const OfferEditor = memo(function OfferEditor({ scenario, move, values, issue, explanation: e, width, height }: OfferEditorProps) {
  const inner = width - 4;
  const labelWidth = Math.min(24, Math.max(...move.offer.map((o) => (scenario.file.issues[o.issue] as { label?: string } | undefined)?.label?.length ?? o.issue.length)));
  const sliderWidth = Math.max(10, Math.min(30, inner - labelWidth - 30));
  // Issues, then the responses (at least two lines: the likeliest and "↓ n more"), then the values.
  const room = Math.max(2, height - 2 - move.offer.length - 2);
  return (
    <Panel title={`Offer to ${e.counterpart} — ${e.track}: ${move.label}`} width={width} height={height} color="cyan">
      {move.offer.map((spec, i) => {
        const decl = scenario.file.issues[spec.issue] as { label?: string; unit?: string } | undefined;
        const label = (decl?.label ?? spec.issue).padEnd(labelWidth).slice(0, labelWidth);
        const v = values[spec.issue] ?? literalDefault(spec);
        const here = i === issue;
        let domain;
        if (spec.kind === 'number') {
          const pos = spec.max > spec.min ? Math.round(((Number(v) - spec.min) / (spec.max - spec.min)) * (sliderWidth - 1)) : 0;
          domain = (
            <Text color="gray">
              {formatValue(spec.min)} <Text color={here ? 'cyan' : 'gray'}>{'━'.repeat(pos)}</Text>
              <Text color={here ? 'cyan' : 'white'}>●</Text>
              {'━'.repeat(Math.max(0, sliderWidth - 1 - pos))} {formatValue(spec.max)}
            </Text>
          );
        } else {
          domain = (
            <Text>
              {spec.values.map((x, k) => (
                <Text key={x} color={x === v ? (here ? 'cyan' : 'white') : 'gray'} bold={x === v}>
                  {k > 0 ? ' ' : ''}
                  {x === v ? `[${x}]` : x}
                </Text>
              ))}
            </Text>
          );
        }
        return (
          <Text key={spec.issue} wrap="truncate-end" inverse={false}>
            <Text color={here ? 'cyan' : undefined} bold={here}>
              {here ? '› ' : '  '}
              {label}
            </Text>
            <Text color={here ? 'cyan' : undefined} bold>
              {' '}
              {here ? '◀ ' : '  '}
              {(formatValue(v) + (spec.kind === 'number' && decl?.unit ? ` ${decl.unit}` : '')).padEnd(12)}
              {here ? ' ▶' : '  '}
            </Text>
            {'  '}
            {domain}
          </Text>
        );
      })}
      <Text color="gray" wrap="truncate-end">
        How they may respond to this offer{e.after > 0 ? ` after your planned move${e.after === 1 ? '' : 's'}` : ''}:
      </Text>
      <ResponseList responses={e.responses} max={room} />
      <Text wrap="truncate-end">
        <Text color="gray">worth to you </Text>
        <Text bold color={e.value.host.mean >= e.batna.host.mean ? 'green' : 'red'}>
          {formatSpread(e.value.host)}
        </Text>
        <Text color="gray"> (your BATNA {formatSpread(e.batna.host)}) · to {e.counterpart} </Text>
        <Text bold color={e.counterpartBatnaHidden ? undefined : e.value.counterpart.mean >= e.batna.counterpart.mean ? 'green' : 'red'}>
          {formatSpread(e.value.counterpart)}
        </Text>
        <Text color="gray">{e.counterpartBatnaHidden ? ' (their BATNA is hidden)' : ` (their BATNA ${formatSpread(e.batna.counterpart)})`}</Text>
      </Text>
    </Panel>
  );
});
