import { memo } from 'react';
import { Box, Text } from 'ink';

export interface KeyHint {
  readonly key: string;
  readonly label: string;
}

/** The footer: every key that works now, as "key label" pairs, one line. */
export const KeyHints = memo(function KeyHints({ hints, width }: { readonly hints: readonly KeyHint[]; readonly width: number }) {
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate">
        {hints.map((h, i) => (
          <Text key={h.key + h.label}>
            {i > 0 ? <Text color="gray"> │ </Text> : null}
            <Text color="cyan" bold>
              {h.key}
            </Text>
            <Text> {h.label}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
});
