import { Box, Text } from 'ink';
import type { RunColumns } from '../../montecarlo/run-columns.js';
import type { DrillLevel } from './explore-state.js';
import type { TrackPath } from './explore-figures.js';
import { count, fit, percent, short } from './explore-format.js';

export interface ExploreDrillProps {
  readonly level: DrillLevel;
  readonly armLabel: string;
  readonly outcomes: readonly { readonly id: string; readonly label: string; readonly k: number }[];
  readonly outcome: number;
  readonly kept: number;
  readonly paths: { readonly total: number; readonly paths: readonly TrackPath[]; readonly finalStatesOnly: boolean; readonly same: readonly string[] };
  readonly path: number;
  readonly run: number;
  readonly store: RunColumns;
  readonly arms: number;
  /** Metric columns shown beside each sample run. */
  readonly metricColumns: readonly string[];
  readonly trace: { readonly lines: readonly string[] } | { readonly error: string } | undefined;
  readonly scroll: number;
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
}

/**
 * The drill-down, one level at a time: the outcomes of the selected arm; the most frequent track
 * paths (every track's sequence of states) ending in the chosen outcome, the selected one spelled
 * out track by track; the first runs on that path; and one run's full trace, replayed from the
 * scenario, the seed and the run index.
 */
export function ExploreDrill(props: ExploreDrillProps) {
  const { level, armLabel, outcomes, outcome, kept, paths, path, run, store, arms, metricColumns, trace, scroll, width, height, color } = props;
  const o = outcomes[outcome]!;
  const sel = (on: boolean) => ({ inverse: on && !color, color: on && color ? 'cyan' : undefined });
  const crumbs = [armLabel, o.label, ...(level === 'runs' || level === 'trace' ? [`path ${path + 1}`] : []), ...(level === 'trace' ? [`run ${runIndex(store, paths.paths[path]?.rows[run])}`] : [])];
  const head = <Text bold wrap="truncate">{fit(crumbs.join(' › '), width)}</Text>;
  const room = Math.max(1, height - 2);
  if (level === 'outcomes') {
    return (
      <Box flexDirection="column">
        {head}
        {outcomes.map((x, i) => (
          <Text key={x.id} wrap="truncate" {...sel(i === outcome)}>
            {i === outcome ? '▶ ' : '  '}
            {fit(x.label, Math.max(10, width - 26))} {count(x.k).padStart(9)} {percent(x.k / kept).padStart(7)}
          </Text>
        ))}
      </Box>
    );
  }
  if (level === 'paths') {
    const selected = paths.paths[path];
    // The selected path under the list, track by track, long paths wrapped, in at most half the room.
    const detail = selected ? selected.tracks.flatMap((t) => wrapPath(t.track, t.path, width)).slice(0, Math.max(selected.tracks.length, Math.floor(room / 2))) : [];
    const listRoom = Math.max(2, room - 1 - (detail.length > 0 ? detail.length + 1 : 0));
    const first = Math.max(0, path - listRoom + 1);
    const what = paths.finalStatesOnly ? 'final states of the tracks (this runs.csv has no path columns)' : 'track paths';
    return (
      <Box flexDirection="column">
        {head}
        <Text dimColor wrap="truncate">
          {fit(`${count(paths.total)} runs; most frequent ${what}: runs, share of the outcome's runs [95% interval]`, width)}
        </Text>
        {paths.paths.length === 0 ? <Text>No kept run ended in this outcome.</Text> : null}
        {paths.paths.slice(first, first + listRoom).map((p, j) => {
          const i = first + j;
          return (
            <Text key={i} wrap="truncate" {...sel(i === path)}>
              {fit(`${i === path ? '▶ ' : '  '}${count(p.count).padStart(7)} ${percent(p.share.p).padStart(6)} [${percent(p.share.lo)}, ${percent(p.share.hi)}]  ${p.distinct}`, width)}
            </Text>
          );
        })}
        {detail.length > 0 ? (
          <Text bold wrap="truncate">
            {fit(`path ${path + 1}, track by track${paths.same.length > 0 ? ` (${paths.same.join(', ')}: the same in every path listed)` : ''}:`, width)}
          </Text>
        ) : null}
        {detail.map((l, i) => (
          <Text key={`d${i}`} wrap="truncate">
            {fit(l, width)}
          </Text>
        ))}
      </Box>
    );
  }
  const rows = paths.paths[path]?.rows ?? [];
  if (level === 'runs') {
    const first = Math.max(0, run - room + 3);
    const cols = metricColumns.slice(0, Math.max(0, Math.floor((width - 34) / 14)));
    return (
      <Box flexDirection="column">
        {head}
        <Text dimColor wrap="truncate">
          {fit(paths.paths[path]?.label ?? '', width)}
        </Text>
        <Text bold wrap="truncate">
          {'  '}
          {'run'.padStart(8)} {'rounds'.padStart(6)} {'deal in'.padStart(7)} {cols.map((c) => fit(c, 13).padStart(14)).join('')}
        </Text>
        {rows.slice(first, first + room - 2).map((r, j) => {
          const i = first + j;
          return (
            <Text key={r} wrap="truncate" {...sel(i === run)}>
              {i === run ? '▶ ' : '  '}
              {String(runIndex(store, r)).padStart(8)} {short(store.numbers('rounds')[r]!).padStart(6)} {short(store.numbers('dealRound')[r]!).padStart(7)}{' '}
              {cols.map((c) => short(store.numbers(c)[r]!).padStart(14)).join('')}
            </Text>
          );
        })}
        <Text dimColor wrap="truncate">
          {fit(`the first ${rows.length} runs on this path, in run order (${arms > 1 ? 'this arm only' : 'every run'})`, width)}
        </Text>
      </Box>
    );
  }
  const lines = trace === undefined ? ['replaying…'] : 'error' in trace ? [trace.error] : trace.lines;
  return (
    <Box flexDirection="column">
      {head}
      {lines.slice(scroll, scroll + room).map((l, i) => (
        <Text key={scroll + i} wrap="truncate">
          {l || ' '}
        </Text>
      ))}
      <Text dimColor wrap="truncate">
        {fit(`lines ${Math.min(lines.length, scroll + 1)}-${Math.min(lines.length, scroll + room)} of ${lines.length}`, width)}
      </Text>
    </Box>
  );
}

/** The run index of a row (runs.csv column `run`). */
export function runIndex(store: RunColumns, row: number | undefined): number | string {
  return row === undefined ? '—' : store.numbers('run')[row]!;
}

/** A track's path on lines of at most `width` cells, cut after a state: "us           talks > mou >", "             study > signed". */
function wrapPath(track: string, path: string, width: number): string[] {
  const indent = 13;
  const room = Math.max(10, width - indent);
  const lines: string[] = [];
  let line = '';
  for (const state of path.split(' > ')) {
    const next = line === '' ? state : `${line} > ${state}`;
    if (next.length > room && line !== '') {
      lines.push(`${line} >`);
      line = state;
    } else line = next;
  }
  lines.push(line);
  return lines.map((l, i) => `${(i === 0 ? track : '').padEnd(indent - 1)} ${l}`);
}
