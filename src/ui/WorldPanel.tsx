import { memo } from 'react';
import { Text } from 'ink';
import { Panel } from './Panel.js';
import type { WorldIndicator } from './world-indicators.js';

/** The world's key indicators, with ↑ ↓ • against the previous round. */
export const WorldPanel = memo(function WorldPanel({ indicators, width, height }: { readonly indicators: readonly WorldIndicator[]; readonly width: number; readonly height: number }) {
  // Leave the value at least 12 columns.
  const labelWidth = Math.max(4, Math.min(28, width - 4 - 14, Math.max(...indicators.map((i) => i.label.length), 4)));
  return (
    <Panel title="World" width={width} height={height}>
      {indicators.slice(0, Math.max(0, height - 2)).map((i) => (
        <Text key={i.name} wrap="truncate">
          <Text color="gray">{i.label.padEnd(labelWidth).slice(0, labelWidth)} </Text>
          <Text bold>{i.value}</Text>
          <Text color={i.trend === '↑' ? 'green' : i.trend === '↓' ? 'red' : 'yellow'}> {i.trend}</Text>
        </Text>
      ))}
    </Panel>
  );
});
