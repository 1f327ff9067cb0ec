import { Box, Text } from 'ink';

const KEYS: readonly (readonly [string, string])[] = [
  ['1 2 3 4 5  Tab', 'Overview · Drill-down · Conditions · Metrics · Drivers'],
  ['← →  [ ]', 'select the arm (strategy or variant)'],
  ['b', 'make the selected arm the baseline of the paired differences'],
  ['↑ ↓  j k  PgUp PgDn', 'move in a list; scroll a trace'],
  ['Enter  l', 'drill in: outcome › track paths › runs › the run\'s trace'],
  ['Esc  Backspace  h', 'drill out one level'],
  ['o  O', 'next / previous outcome (Drivers)'],
  ['/', 'type a condition: containedREO < 2 · 1 <= grade < 3 · x in 1..3 · outcome = noDeal'],
  ['l m h', 'Conditions: put the selected column in its low, middle or high third'],
  ['x  c', 'drop the last condition · clear every condition'],
  ['t', 'Drivers: tornado or rank correlations'],
  ['p  s', 'live batch: pause / resume, stop (the runs so far stay)'],
  ['?', 'this help'],
  ['q  Ctrl-C', 'quit'],
];

/** Every key of the explorer, and what the figures mean. */
export function ExploreHelp({ width, height }: { readonly width: number; readonly height: number }) {
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Keys — Esc or ? to close</Text>
      {KEYS.slice(0, Math.max(0, height - 4)).map(([k, v]) => (
        <Text key={k} wrap="truncate">
          <Text bold>{k.padEnd(20)}</Text>
          {v}
        </Text>
      ))}
      <Text wrap="truncate" dimColor>
        Bars: █ to the 95% interval's low end, ▓ to the estimate, ▒ to the high end. Δ: paired on the same runs.
      </Text>
      <Text wrap="truncate" dimColor>
        With conditions, every figure is computed on the runs kept; the header shows their share.
      </Text>
    </Box>
  );
}
