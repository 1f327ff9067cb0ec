import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, type Key } from 'ink';
import { filterRuns, formatRunCondition, parseRunCondition, type RunCondition } from '../../montecarlo/run-filter.js';
import { KeyHints } from '../KeyHints.js';
import { keyPresses } from '../key-presses.js';
import { formatDuration } from '../BatchProgress.js';
import { useTerminalSize } from '../use-terminal-size.js';
import { ExploreConditions, type ConditionColumn } from './ExploreConditions.js';
import { ExploreDrill } from './ExploreDrill.js';
import { ExploreDrivers } from './ExploreDrivers.js';
import { ExploreHelp } from './ExploreHelp.js';
import { ExploreMetrics } from './ExploreMetrics.js';
import { ExploreOverview } from './ExploreOverview.js';
import { columnDistributions, outcomeTable, outcomeTornado, pairedDifference, rankDrivers, tertiles, topPaths } from './explore-figures.js';
import { count, fit, percent } from './explore-format.js';
import type { ExploreSource, LiveStatus, ReplayResult } from './explore-source.js';
import { EXPLORE_TABS, exploreHints, exploreKey, initialExploreState, type ExploreLimits, type ExploreState } from './explore-state.js';

export interface ExploreAppProps {
  readonly source: ExploreSource;
  /** Screen size in cells; defaults to the terminal's (tests pass it). */
  readonly width?: number;
  readonly height?: number;
  /** Colours on (off when NO_COLOR is set: selection is then shown in inverse video). */
  readonly color?: boolean;
  /** The state to start in (tests). */
  readonly initial?: Partial<ExploreState>;
}

const TAB_NAMES: Record<(typeof EXPLORE_TABS)[number], string> = { overview: 'Overview', drill: 'Drill-down', conditions: 'Conditions', metrics: 'Metrics', drivers: 'Drivers' };
const PATHS = 30;
const SAMPLES = 50;

/**
 * `parley explore`: a batch's runs, browsed. Every panel is computed from the columnar runs and the
 * mask of the rows the conditions keep, so a condition or a new block of live runs recomputes
 * everything; keys map to state changes in exploreKey (pure), this component wires them, the live
 * batch and the replay of a run, and lays out header, screen and footer at exactly the terminal's
 * height minus one line (no flicker).
 */
export function ExploreApp(props: ExploreAppProps) {
  const { source } = props;
  const { store, scenario, arms } = source;
  const { exit } = useApp();
  const terminal = useTerminalSize();
  const width = props.width ?? terminal.columns;
  const height = (props.height ?? terminal.rows) - 1;
  const color = props.color ?? true;
  const [state, setState] = useState<ExploreState>(() => ({ ...initialExploreState(), ...props.initial }));
  const [message, setMessage] = useState<string | undefined>();
  // A live batch bumps the version when rows arrive; every figure depends on it.
  const [version, bump] = useReducer((v: number) => v + 1, 0);
  const [live, setLive] = useState<LiveStatus | undefined>(() => source.live?.status());
  useEffect(() => {
    if (!source.live) return;
    return source.live.subscribe(() => {
      setLive(source.live!.status());
      bump();
    });
  }, [source.live]);

  const outcomes = useMemo(() => {
    const ids = scenario.outcomes.map((o) => o.id);
    const extra = store.text('outcome').values.filter((v) => !ids.includes(v));
    return [...scenario.outcomes, ...extra.map((id) => ({ id, label: id === 'unclassified' ? 'No outcome rule matched' : id }))];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scenario, store, version]);
  const A = arms.length;
  const { mask, kept } = useMemo(() => filterRuns(store, state.conditions), [store, state.conditions, version]);
  const table = useMemo(() => outcomeTable(store, mask, A, outcomes.map((o) => o.id)), [store, mask, A, outcomes]);
  const outcome = Math.min(state.outcome, outcomes.length - 1);
  const selectedOutcome = outcomes[outcome]!;
  const differences = useMemo(
    () => (state.tab === 'overview' ? arms.map((_, a) => (a === state.baseline ? undefined : pairedDifference(store, mask, A, a, state.baseline, selectedOutcome.id))) : []),
    [state.tab, arms, state.baseline, store, mask, A, selectedOutcome],
  );
  const paths = useMemo(
    () => (state.tab === 'drill' ? topPaths(store, mask, A, state.arm, selectedOutcome.id, scenario.tracks.map((t) => t.id), PATHS, SAMPLES) : { total: 0, paths: [], finalStatesOnly: false, same: [] }),
    [state.tab, store, mask, A, state.arm, selectedOutcome, scenario],
  );
  const runRows = paths.paths[state.drill.path]?.rows ?? [];
  const traceRow = state.tab === 'drill' && state.drill.level === 'trace' ? runRows[state.drill.run] : undefined;
  const traceCache = useRef(new Map<number, ReplayResult>());
  const trace = useMemo(() => {
    if (traceRow === undefined) return undefined;
    const cached = traceCache.current.get(traceRow);
    if (cached) return cached;
    const r: ReplayResult = source.replay ? source.replay(traceRow) : { error: 'no scenario to replay runs with: give it with --scenario FILE' };
    traceCache.current.set(traceRow, r);
    return r;
  }, [traceRow, source]);
  const conditionColumns = useMemo<ConditionColumn[]>(() => {
    const label = new Map<string, string>([...scenario.parameters.map((p) => [p.name, p.label] as const), ...scenario.metrics.map((m) => [m.id, m.label] as const)]);
    return store.columns
      .filter((c) => c.kind === 'number' && c.role !== 'run')
      .sort((a, b) => order(a.role) - order(b.role))
      .map((c) => ({ name: c.name, role: c.role, label: label.get(c.source) ?? (c.name === 'rounds' ? 'rounds played' : c.name === 'dealRound' ? 'round of the first deal' : ''), thirds: undefined }));
  }, [store, scenario]);
  const thirdsCache = useRef(new Map<string, { at: number; value: ReturnType<typeof tertiles> }>());
  const thirdsOf = useCallback(
    (name: string) => {
      const c = thirdsCache.current.get(name);
      if (c && c.at === store.length) return c.value;
      const value = tertiles(store, name);
      thirdsCache.current.set(name, { at: store.length, value });
      return value;
    },
    [store],
  );
  const metricIndex = Math.min(state.metric, scenario.metrics.length - 1);
  const metricColumn = store.columns.find((c) => c.role === 'metric' && c.source === scenario.metrics[metricIndex]?.id)?.name;
  const distributions = useMemo(() => (state.tab === 'metrics' && metricColumn ? columnDistributions(store, mask, A, metricColumn, 40) : undefined), [state.tab, metricColumn, store, mask, A]);
  const tornado = useMemo(() => (state.tab === 'drivers' && state.drivers === 'tornado' ? outcomeTornado(store, mask, A, state.arm, selectedOutcome.id) : undefined), [state.tab, state.drivers, store, mask, A, state.arm, selectedOutcome]);
  const rank = useMemo(() => (state.tab === 'drivers' && state.drivers === 'rank' ? rankDrivers(store, mask, A, state.arm, selectedOutcome.id) : undefined), [state.tab, state.drivers, store, mask, A, state.arm, selectedOutcome]);

  const headerLines = 3;
  const bodyHeight = Math.max(4, height - headerLines - 2);
  const limits: ExploreLimits = {
    arms: A,
    outcomes: outcomes.length,
    metrics: scenario.metrics.length,
    columns: conditionColumns.length,
    paths: paths.paths.length,
    runs: runRows.length,
    traceLines: trace && 'lines' in trace ? trace.lines.length : 0,
    drivers: (state.drivers === 'tornado' ? tornado?.length : rank?.drivers.length) ?? 0,
    page: Math.max(1, bodyHeight - 3),
    live: source.live !== undefined,
  };
  const latest = useRef({ state, limits });
  latest.current = { state, limits };

  const handleInput = useCallback(
    (chunk: string, inkKey: Key) => {
      // One chunk may hold several keys (typed fast, pasted, or sent by tmux): each in turn, each
      // seeing the state the previous one left.
      let s = latest.current.state;
      let note: string | null | undefined = null; // null: leave the message as it is
      for (const { input, key } of keyPresses(chunk, inkKey)) {
        const { state: next, command } = exploreKey(s, { ...key, input }, latest.current.limits);
        if (next.conditions !== s.conditions || next.prompt !== s.prompt) note = undefined;
        s = next;
        if (!command) continue;
        if (command.type === 'quit') {
          source.live?.stop();
          exit();
          return;
        } else if (command.type === 'togglePause') source.live?.togglePause();
        else if (command.type === 'stop') source.live?.stop();
        else if (command.type === 'applyPrompt') {
          if (command.text.trim() === '') s = { ...s, prompt: undefined };
          else {
            const c = parseRunCondition(command.text, store);
            if ('error' in c) s = { ...s, prompt: { text: command.text, error: c.error } };
            else {
              s = { ...s, prompt: undefined, conditions: [...s.conditions, c] };
              note = `condition: ${formatRunCondition(c)}`;
            }
          }
        } else {
          const column = conditionColumns[s.column];
          if (!column) continue;
          const t = thirdsOf(column.name);
          if (!(t.high > t.low)) {
            note = `${column.name} does not vary enough to split in thirds`;
            continue;
          }
          const c: RunCondition =
            command.third === 'low'
              ? { column: column.name, kind: 'range', lo: -Infinity, hi: t.low, loInclusive: false, hiInclusive: true }
              : command.third === 'high'
                ? { column: column.name, kind: 'range', lo: t.high, hi: Infinity, loInclusive: true, hiInclusive: false }
                : { column: column.name, kind: 'range', lo: t.low, hi: t.high, loInclusive: false, hiInclusive: false };
          s = { ...s, conditions: [...s.conditions.filter((x) => x.column !== column.name), c] };
          note = `condition: ${formatRunCondition(c)}`;
        }
      }
      latest.current = { ...latest.current, state: s };
      setState(s);
      if (note !== null) setMessage(note);
    },
    [source, store, exit, conditionColumns, thirdsOf],
  );
  useInput(handleInput);

  if (width < 60 || height < 15) return <Text>The explorer needs at least 80x24 cells (this terminal: {width}x{height + 1}).</Text>;

  const runsHeld = Math.floor(store.length / Math.max(1, A));
  const tabs = EXPLORE_TABS.map((t, i) => (t === state.tab ? `[${i + 1} ${TAB_NAMES[t]}]` : ` ${i + 1} ${TAB_NAMES[t]} `)).join('');
  const liveText = live ? liveLine(live, A) : `${count(runsHeld)} runs × ${A} arm${A === 1 ? '' : 's'} · seed ${source.seed}`;
  const conditionText = state.conditions.length === 0 ? 'all runs' : `${state.conditions.map(formatRunCondition).join(' and ')}: kept ${percent(kept / Math.max(1, store.length))} (${count(kept)} of ${count(store.length)} rows)`;

  let body: React.ReactNode;
  if (state.help) body = <ExploreHelp width={width} height={bodyHeight} />;
  else if (store.length === 0) body = <Text>Waiting for the first runs…</Text>;
  else if (state.tab === 'overview') body = <ExploreOverview outcomes={outcomes} arms={arms} table={table} differences={differences} outcome={outcome} arm={state.arm} baseline={state.baseline} width={width} height={bodyHeight} color={color} />;
  else if (state.tab === 'drill')
    body = (
      <ExploreDrill
        level={state.drill.level}
        armLabel={arms[state.arm]!.label}
        outcomes={outcomes.map((o, i) => ({ ...o, k: table.arms[state.arm]!.counts[i]! }))}
        outcome={outcome}
        kept={table.arms[state.arm]!.kept}
        paths={paths}
        path={state.drill.path}
        run={state.drill.run}
        store={store}
        arms={A}
        metricColumns={store.columns.filter((c) => c.role === 'metric').map((c) => c.name)}
        trace={trace}
        scroll={state.drill.scroll}
        width={width}
        height={bodyHeight}
        color={color}
      />
    );
  else if (state.tab === 'conditions') {
    const first = Math.max(0, state.column - bodyHeight);
    const columns = conditionColumns.map((c, i) => (i >= first && i < first + 2 * bodyHeight ? { ...c, thirds: thirdsOf(c.name) } : c));
    body = <ExploreConditions conditions={state.conditions} columns={columns} cursor={state.column} kept={kept} rows={store.length} width={width} height={bodyHeight} color={color} />;
  } else if (state.tab === 'metrics')
    body = distributions ? <ExploreMetrics metric={scenario.metrics[metricIndex]!} index={metricIndex} metrics={scenario.metrics.length} arms={arms} selectedArm={state.arm} distributions={distributions} width={width} color={color} /> : <Text>This scenario has no metrics.</Text>;
  else body = <ExploreDrivers mode={state.drivers} armLabel={arms[state.arm]!.label} outcomeLabel={selectedOutcome.label} tornado={tornado} rank={rank} scroll={state.driversScroll} width={width} height={bodyHeight} color={color} />;

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate" color={color ? 'cyan' : undefined}>
        {fit(`parley explore · ${scenario.title} · ${source.origin}`, width)}
      </Text>
      <Text wrap="truncate">{fit(`${tabs}  ${liveText}`, width)}</Text>
      <Text wrap="truncate" color={color && state.conditions.length > 0 ? 'yellow' : undefined} dimColor={state.conditions.length === 0}>
        {fit(`Conditions: ${conditionText}`, width)}
      </Text>
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">
        {body}
      </Box>
      <Text wrap="truncate" color={color && state.prompt?.error ? 'red' : undefined}>
        {state.prompt ? fit(`/ ${state.prompt.text}▏${state.prompt.error ? `  ${state.prompt.error}` : ''}`, width) : fit(message ?? '', width)}
      </Text>
      <KeyHints hints={exploreHints(state, source.live !== undefined)} width={width} />
    </Box>
  );
}

function order(role: string): number {
  return role === 'parameter' ? 0 : role === 'metric' ? 1 : 2;
}

function liveLine(s: LiveStatus, arms: number): string {
  const rate = s.elapsedMs > 0 ? (s.done * arms) / (s.elapsedMs / 1000) : 0;
  const eta = s.done > 0 && s.state === 'running' ? ` · ETA ${formatDuration(((s.total - s.done) * s.elapsedMs) / s.done)}` : '';
  const what = s.state === 'failed' ? `failed: ${s.error ?? ''}` : s.state;
  return `${what} ${count(s.done)}/${count(s.total)} runs · ${count(rate)} runs/s${eta}`;
}
