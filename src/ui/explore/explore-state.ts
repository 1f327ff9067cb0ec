import type { RunCondition } from '../../montecarlo/run-filter.js';

/** The explorer's screens, in tab order (keys 1-5). */
export const EXPLORE_TABS = ['overview', 'drill', 'conditions', 'metrics', 'drivers'] as const;
export type ExploreTab = (typeof EXPLORE_TABS)[number];

/** Where the drill-down is: outcome -> track paths -> runs on a path -> one run's trace. */
export type DrillLevel = 'outcomes' | 'paths' | 'runs' | 'trace';

/** What the explorer shows; everything else (figures) is computed from it and the runs. */
export interface ExploreState {
  readonly tab: ExploreTab;
  readonly help: boolean;
  /** The selected arm (drill-down, drivers) and the one differences are taken against. */
  readonly arm: number;
  readonly baseline: number;
  /** Index into the outcome list. */
  readonly outcome: number;
  /** Index into the metric list (metrics screen). */
  readonly metric: number;
  readonly conditions: readonly RunCondition[];
  /** The condition being typed (`/`), with the last error. */
  readonly prompt: { readonly text: string; readonly error?: string } | undefined;
  /** Cursor in the conditions screen's column list. */
  readonly column: number;
  readonly drill: { readonly level: DrillLevel; readonly path: number; readonly run: number; readonly scroll: number };
  readonly drivers: 'tornado' | 'rank';
  /** Scroll of the drivers list. */
  readonly driversScroll: number;
}

export function initialExploreState(): ExploreState {
  return {
    tab: 'overview',
    help: false,
    arm: 0,
    baseline: 0,
    outcome: 0,
    metric: 0,
    conditions: [],
    prompt: undefined,
    column: 0,
    drill: { level: 'outcomes', path: 0, run: 0, scroll: 0 },
    drivers: 'tornado',
    driversScroll: 0,
  };
}

/** The sizes of the lists the keys move in, as the screen shows them now. */
export interface ExploreLimits {
  readonly arms: number;
  readonly outcomes: number;
  readonly metrics: number;
  /** Columns a condition can be put on (conditions screen). */
  readonly columns: number;
  readonly paths: number;
  readonly runs: number;
  readonly traceLines: number;
  readonly drivers: number;
  /** Lines a scrolled list shows at once. */
  readonly page: number;
  /** A live batch: p pauses and resumes, s stops. */
  readonly live: boolean;
}

/** What a key asks of the program beyond the screen: leave, pause or resume a live batch, stop it, set a condition from text or a preset. */
export type ExploreCommand =
  | { readonly type: 'quit' }
  | { readonly type: 'togglePause' }
  | { readonly type: 'stop' }
  | { readonly type: 'applyPrompt'; readonly text: string }
  | { readonly type: 'preset'; readonly third: 'low' | 'middle' | 'high' };

export interface ExploreKey {
  readonly input: string;
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly tab?: boolean;
  readonly shift?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
}

const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
const wrap = (v: number, n: number) => (n <= 0 ? 0 : ((v % n) + n) % n);

/**
 * What one key press does: the next state and, for keys that reach beyond the screen, a command.
 * Pure, so tests drive it without a terminal. E.g. `2` opens the drill-down; Enter there goes one
 * level deeper; Esc one level up; `/` starts typing a condition; `?` toggles the help.
 */
export function exploreKey(state: ExploreState, key: ExploreKey, limits: ExploreLimits): { state: ExploreState; command?: ExploreCommand } {
  const { input } = key;
  const same = { state };
  if (key.ctrl && input === 'c') return { state, command: { type: 'quit' } };
  if (state.prompt) {
    if (key.escape) return { state: { ...state, prompt: undefined } };
    if (key.return) return { state, command: { type: 'applyPrompt', text: state.prompt.text } };
    if (key.backspace || key.delete) return { state: { ...state, prompt: { text: state.prompt.text.slice(0, -1) } } };
    if (input && !key.ctrl && !key.meta) return { state: { ...state, prompt: { text: state.prompt.text + input } } };
    return same;
  }
  if (state.help) return input === '?' || key.escape || input === 'q' || key.return ? { state: { ...state, help: false } } : same;
  if (input === '?') return { state: { ...state, help: true } };
  if (input === 'q') return { state, command: { type: 'quit' } };
  if (limits.live && input === 'p') return { state, command: { type: 'togglePause' } };
  if (limits.live && input === 's') return { state, command: { type: 'stop' } };
  if (input === '/') return { state: { ...state, prompt: { text: '' } } };
  if (input === 'c') return { state: { ...state, conditions: [] } };
  if (input === 'x' && state.tab !== 'conditions') return { state: { ...state, conditions: state.conditions.slice(0, -1) } };
  const tabIndex = '12345'.indexOf(input);
  if (tabIndex >= 0 && input !== '') return { state: { ...state, tab: EXPLORE_TABS[tabIndex]! } };
  if (key.tab) {
    const i = EXPLORE_TABS.indexOf(state.tab);
    return { state: { ...state, tab: EXPLORE_TABS[wrap(i + (key.shift ? -1 : 1), EXPLORE_TABS.length)]! } };
  }
  const up = key.upArrow || input === 'k';
  const down = key.downArrow || input === 'j';
  const step = key.pageUp ? -limits.page : key.pageDown ? limits.page : up ? -1 : down ? 1 : 0;
  const inTrace = state.tab === 'drill' && state.drill.level === 'trace';
  if (!inTrace && (key.leftArrow || key.rightArrow || input === '[' || input === ']')) {
    const d = key.leftArrow || input === '[' ? -1 : 1;
    return { state: { ...state, arm: wrap(state.arm + d, limits.arms) } };
  }
  if (input === 'b') return { state: { ...state, baseline: state.arm } };
  if (input === 'o' || input === 'O') return { state: { ...state, outcome: wrap(state.outcome + (input === 'o' ? 1 : -1), limits.outcomes), driversScroll: 0 } };

  switch (state.tab) {
    case 'overview':
      if (step !== 0) return { state: { ...state, outcome: clamp(state.outcome + step, limits.outcomes) } };
      if (key.return) return { state: { ...state, tab: 'drill', drill: { level: 'paths', path: 0, run: 0, scroll: 0 } } };
      return same;
    case 'drill': {
      const d = state.drill;
      const back = key.escape || key.backspace || key.delete || input === 'h';
      if (back) {
        const level: DrillLevel = d.level === 'trace' ? 'runs' : d.level === 'runs' ? 'paths' : 'outcomes';
        return { state: { ...state, drill: { ...d, level, scroll: 0 } } };
      }
      if (d.level === 'outcomes') {
        if (step !== 0) return { state: { ...state, outcome: clamp(state.outcome + step, limits.outcomes) } };
        if (key.return || input === 'l') return { state: { ...state, drill: { level: 'paths', path: 0, run: 0, scroll: 0 } } };
      } else if (d.level === 'paths') {
        if (step !== 0) return { state: { ...state, drill: { ...d, path: clamp(d.path + step, limits.paths) } } };
        if ((key.return || input === 'l') && limits.paths > 0) return { state: { ...state, drill: { ...d, level: 'runs', run: 0 } } };
      } else if (d.level === 'runs') {
        if (step !== 0) return { state: { ...state, drill: { ...d, run: clamp(d.run + step, limits.runs) } } };
        if ((key.return || input === 'l') && limits.runs > 0) return { state: { ...state, drill: { ...d, level: 'trace', scroll: 0 } } };
      } else {
        const max = Math.max(0, limits.traceLines - limits.page);
        if (key.home || input === 'g') return { state: { ...state, drill: { ...d, scroll: 0 } } };
        if (key.end || input === 'G') return { state: { ...state, drill: { ...d, scroll: max } } };
        if (step !== 0) return { state: { ...state, drill: { ...d, scroll: Math.max(0, Math.min(max, d.scroll + step)) } } };
      }
      return same;
    }
    case 'conditions':
      if (step !== 0) return { state: { ...state, column: clamp(state.column + step, limits.columns) } };
      if (input === 'l') return { state, command: { type: 'preset', third: 'low' } };
      if (input === 'm') return { state, command: { type: 'preset', third: 'middle' } };
      if (input === 'h') return { state, command: { type: 'preset', third: 'high' } };
      if (key.return) return { state: { ...state, prompt: { text: '' } } };
      if (input === 'x' || key.delete || key.backspace) return { state: { ...state, conditions: state.conditions.slice(0, -1) } };
      return same;
    case 'metrics':
      if (step !== 0) return { state: { ...state, metric: clamp(state.metric + step, limits.metrics) } };
      return same;
    case 'drivers':
      if (input === 't') return { state: { ...state, drivers: state.drivers === 'tornado' ? 'rank' : 'tornado', driversScroll: 0 } };
      if (step !== 0) return { state: { ...state, driversScroll: Math.max(0, Math.min(Math.max(0, limits.drivers - limits.page), state.driversScroll + step)) } };
      return same;
  }
}

/** The footer's keys for a state: what works now, most useful first. */
export function exploreHints(state: ExploreState, live: boolean): { key: string; label: string }[] {
  if (state.prompt) return [{ key: 'Enter', label: 'apply' }, { key: 'Esc', label: 'cancel' }, { key: 'e.g.', label: 'containedREO < 2 · 1 <= grade < 3 · outcome = noDeal' }];
  if (state.help) return [{ key: 'Esc ?', label: 'close help' }];
  const common = [{ key: '/', label: 'condition' }, { key: '1-5', label: 'screens' }];
  const tail = [...(state.conditions.length > 0 ? [{ key: 'c', label: 'clear' }] : []), ...(live ? [{ key: 'p', label: 'pause' }, { key: 's', label: 'stop' }] : []), { key: 'q', label: 'quit' }];
  return [{ key: '?', label: 'help' }, ...screenHints(state, common, tail)];
}

function screenHints(state: ExploreState, common: { key: string; label: string }[], tail: { key: string; label: string }[]): { key: string; label: string }[] {
  switch (state.tab) {
    case 'overview':
      return [{ key: '↑↓', label: 'outcome' }, { key: '←→', label: 'arm' }, { key: 'b', label: 'baseline' }, { key: 'Enter', label: 'drill' }, ...common, ...tail];
    case 'drill':
      return state.drill.level === 'trace'
        ? [{ key: '↑↓ PgUp/Dn', label: 'scroll' }, { key: 'g G', label: 'top/end' }, { key: 'Esc', label: 'back' }, ...common, ...tail]
        : [{ key: '↑↓', label: 'choose' }, { key: 'Enter', label: 'open' }, { key: 'Esc', label: 'back' }, { key: '←→', label: 'arm' }, ...common, ...tail];
    case 'conditions':
      return [{ key: '↑↓', label: 'column' }, { key: 'l m h', label: 'low/mid/high third' }, { key: 'Enter', label: 'type' }, { key: 'x', label: 'drop last' }, ...common, ...tail];
    case 'metrics':
      return [{ key: '↑↓', label: 'metric' }, ...common, ...tail];
    case 'drivers':
      return [{ key: 't', label: state.drivers === 'tornado' ? 'rank corr.' : 'tornado' }, { key: 'o', label: 'outcome' }, { key: '←→', label: 'arm' }, { key: '↑↓', label: 'scroll' }, ...common, ...tail];
  }
}
