import type { CompiledMove, CompiledScenario } from '../scenario/compiled-scenario.js';
import type { MoveChoice } from '../engine/simulation.js';
import { advisorOptions } from './advisor-options.js';
import type { AdvisorOption } from './advisor-rollouts.js';
import type { BatchComparison } from './batch-comparison.js';
import type { GameView } from './game-view.js';
import { boundOffer, defaultOffer, stepOffer, type OfferValues } from './offer-editing.js';
import type { AdvisorProgress } from './start-advisor.js';

/** What fills the middle of the game screen, or the prompt in the status line (save, quit). */
export type PlayPanel =
  | { readonly kind: 'moves' }
  | { readonly kind: 'offer'; readonly move: CompiledMove; readonly values: OfferValues; readonly issue: number }
  | { readonly kind: 'advisor'; readonly cursor: number }
  /** Help and News scroll: `scroll` is the first line shown (clamped to the last page when drawn). */
  | { readonly kind: 'help'; readonly scroll: number }
  | { readonly kind: 'news'; readonly scroll: number }
  | { readonly kind: 'undo'; readonly cursor: number }
  | { readonly kind: 'save'; readonly path: string }
  | { readonly kind: 'quit' };

export interface PlayMessage {
  readonly text: string;
  readonly tone: 'info' | 'error' | 'ok';
}

/** One question to the advisor: its options from one position. The same key from the same position keeps the answer. */
export interface AdvisorQuery {
  readonly key: string;
  readonly options: readonly AdvisorOption[];
}

export interface Advice {
  readonly query: AdvisorQuery;
  readonly progress?: AdvisorProgress;
}

/**
 * Everything the play-through shows that is not the simulation itself: which screen and panel, the
 * selected move, the moves planned this round, the offer being edited, the last offers set per move,
 * the status message, the advisor's answer and the end screen's comparison. The position is read
 * from the session into `view` (plain data) whenever it changes, so the state alone decides what a
 * key does and transitions are testable without rendering.
 */
export interface PlayScreenState {
  readonly scenario: CompiledScenario;
  /** Where `s` offers to save. */
  readonly savePath: string;
  readonly screen: 'intro' | 'game';
  /** The intro's first line shown (it scrolls when it does not fit). */
  readonly introScroll: number;
  /** The position as last read from the session. */
  readonly view: GameView;
  /** Counts the reads of the position: an advisor answer belongs to one. */
  readonly position: number;
  readonly panel: PlayPanel;
  /** Index of the selected move in `view.moves` (clamped when read: see selectedMove). */
  readonly cursor: number;
  readonly plan: readonly MoveChoice[];
  /** The offer last set in the editor, by move id (kept from round to round). */
  readonly offers: ReadonlyMap<string, OfferValues>;
  readonly message?: PlayMessage;
  /** Rounds played or undone since the last save. */
  readonly dirty: boolean;
  readonly advice?: Advice;
  readonly comparison?: BatchComparison;
}

export type PlayAction =
  | { readonly type: 'start'; readonly help?: boolean }
  | { readonly type: 'close' }
  | { readonly type: 'openHelp' }
  | { readonly type: 'openNews' }
  /** Scrolls the intro, Help or News by `delta` lines; scrollTo sets the first line shown. */
  | { readonly type: 'scroll'; readonly delta: number }
  | { readonly type: 'scrollTo'; readonly offset: number }
  | { readonly type: 'openSave' }
  | { readonly type: 'openUndo' }
  | { readonly type: 'askToQuit' }
  | { readonly type: 'moveCursor'; readonly delta: number }
  | { readonly type: 'select'; readonly move: CompiledMove }
  | { readonly type: 'panelCursor'; readonly delta: number }
  | { readonly type: 'refuse'; readonly text: string }
  | { readonly type: 'openOffer'; readonly move: CompiledMove; readonly values: OfferValues }
  | { readonly type: 'offerIssue'; readonly delta: number }
  | { readonly type: 'stepOffer'; readonly steps: number }
  | { readonly type: 'boundOffer'; readonly end: 'min' | 'max' }
  | { readonly type: 'resetOffer' }
  | { readonly type: 'rememberOffer' }
  | { readonly type: 'plan'; readonly choice: MoveChoice }
  | { readonly type: 'unplan' }
  | { readonly type: 'typeSavePath'; readonly text: string }
  | { readonly type: 'eraseSavePath' }
  | { readonly type: 'openAdvisor' }
  | { readonly type: 'advisorProgress'; readonly key: string; readonly progress: AdvisorProgress }
  | { readonly type: 'comparison'; readonly comparison: BatchComparison }
  // What the session did with a command (see play-commands.ts).
  | { readonly type: 'roundPlayed'; readonly view: GameView; readonly round: number; readonly waited: boolean }
  | { readonly type: 'roundRejected'; readonly view: GameView; readonly reason: string }
  | { readonly type: 'undone'; readonly view: GameView; readonly round: number }
  | { readonly type: 'saved'; readonly shownPath: string }
  | { readonly type: 'saveFailed'; readonly path: string; readonly reason: string };

export interface PlayScreenStart {
  readonly scenario: CompiledScenario;
  readonly savePath: string;
  readonly view: GameView;
  /** Open on the intro (false: straight to the game screen). */
  readonly intro: boolean;
  /** The game was loaded from a save at this 0-based round. */
  readonly resumedAt?: number;
}

export function initialPlayScreenState({ scenario, savePath, view, intro, resumedAt }: PlayScreenStart): PlayScreenState {
  return {
    scenario,
    savePath,
    screen: intro ? 'intro' : 'game',
    introScroll: 0,
    view,
    position: 0,
    panel: { kind: 'moves' },
    cursor: 0,
    plan: [],
    offers: new Map(),
    message: resumedAt === undefined ? undefined : { text: `Resumed the saved game at round ${resumedAt + 1}.`, tone: 'ok' },
    dirty: false,
  };
}

/** The move the cursor is on, if any move is available. */
export function selectedMove(state: PlayScreenState): CompiledMove | undefined {
  const { moves } = state.view;
  return moves[Math.min(state.cursor, moves.length - 1)];
}

/** Tracks that already have a move in the round's plan. */
export function plannedTracks(plan: readonly MoveChoice[]): Set<number> {
  return new Set(plan.map((c) => c.move.track));
}

/** Whether the plan takes no further move: as many moves as a round allows, or none left on another track. */
export function planIsFull(state: PlayScreenState, plan: readonly MoveChoice[] = state.plan): boolean {
  const used = plannedTracks(plan);
  return plan.length >= state.scenario.file.clock.movesPerRound || !state.view.moves.some((m) => !used.has(m.track));
}

/** The screen after an action: a pure function, so every transition is testable without rendering. */
export function playScreenState(state: PlayScreenState, action: PlayAction): PlayScreenState {
  const { panel } = state;
  switch (action.type) {
    case 'start':
      return { ...state, screen: 'game', panel: action.help ? { kind: 'help', scroll: 0 } : state.panel };
    case 'close':
      return { ...state, panel: { kind: 'moves' } };
    case 'openHelp':
      return { ...state, panel: { kind: 'help', scroll: 0 } };
    case 'openNews':
      // Opens on the latest news: the offset is clamped to the last page when drawn.
      return { ...state, panel: { kind: 'news', scroll: Number.MAX_SAFE_INTEGER } };
    case 'scroll':
    case 'scrollTo': {
      const from = state.screen === 'intro' ? state.introScroll : panel.kind === 'help' || panel.kind === 'news' ? Math.min(panel.scroll, 1e9) : undefined;
      if (from === undefined) return state;
      const offset = Math.max(0, action.type === 'scroll' ? from + action.delta : action.offset);
      if (state.screen === 'intro') return { ...state, introScroll: offset };
      return panel.kind === 'help' || panel.kind === 'news' ? { ...state, panel: { ...panel, scroll: offset } } : state;
    }
    case 'openSave':
      return { ...state, panel: { kind: 'save', path: state.savePath } };
    case 'openUndo':
      if (state.view.undo.length === 0) return { ...state, message: { text: 'Nothing to undo: this is the first round.', tone: 'info' } };
      return { ...state, panel: { kind: 'undo', cursor: state.view.undo.length - 1 } };
    case 'askToQuit':
      return { ...state, panel: { kind: 'quit' } };
    case 'moveCursor':
      return { ...state, cursor: nextFreeMove(state, action.delta) };
    case 'select':
      return { ...state, cursor: Math.max(0, state.view.moves.indexOf(action.move)) };
    case 'panelCursor': {
      const last = panel.kind === 'undo' ? state.view.undo.length - 1 : panel.kind === 'advisor' ? (state.advice?.query.options.length ?? 0) - 1 : -1;
      if (panel.kind !== 'undo' && panel.kind !== 'advisor') return state;
      return { ...state, panel: { ...panel, cursor: Math.max(0, Math.min(last, panel.cursor + action.delta)) } };
    }
    case 'refuse':
      return { ...state, message: { text: action.text, tone: 'error' } };
    case 'openOffer':
      return { ...state, panel: { kind: 'offer', move: action.move, values: action.values, issue: 0 } };
    case 'offerIssue':
      if (panel.kind !== 'offer') return state;
      return { ...state, panel: { ...panel, issue: Math.max(0, Math.min(panel.move.offer.length - 1, panel.issue + action.delta)) } };
    case 'stepOffer':
      if (panel.kind !== 'offer') return state;
      return { ...state, panel: { ...panel, values: stepOffer(state.scenario, panel.move.offer[panel.issue]!, panel.values, action.steps) } };
    case 'boundOffer':
      if (panel.kind !== 'offer') return state;
      return { ...state, panel: { ...panel, values: boundOffer(panel.move.offer[panel.issue]!, panel.values, action.end) } };
    case 'resetOffer':
      if (panel.kind !== 'offer') return state;
      return { ...state, panel: { ...panel, values: defaultOffer(panel.move, state.view.defaultOffers) } };
    case 'rememberOffer':
      if (panel.kind !== 'offer') return state;
      return { ...state, offers: new Map(state.offers).set(panel.move.id, panel.values) };
    case 'plan':
      return plan(state, action.choice);
    case 'unplan': {
      const last = state.plan[state.plan.length - 1];
      if (!last) return state;
      return { ...state, plan: state.plan.slice(0, -1), advice: undefined, message: { text: `Took back: ${last.move.label}.`, tone: 'info' } };
    }
    case 'typeSavePath':
      return panel.kind === 'save' ? { ...state, panel: { kind: 'save', path: panel.path + action.text } } : state;
    case 'eraseSavePath':
      return panel.kind === 'save' ? { ...state, panel: { kind: 'save', path: panel.path.slice(0, -1) } } : state;
    case 'openAdvisor': {
      const trackLabels = state.scenario.tracks.map((t) => t.label);
      const options = advisorOptions({ moves: state.view.moves, plan: state.plan, trackLabels, offers: state.offers, defaults: state.view.defaultOffers });
      const key = `${state.position}:${JSON.stringify(options.map((o) => o.choices))}`;
      const advice = state.advice?.query.key === key ? state.advice : { query: { key, options } };
      return { ...state, panel: { kind: 'advisor', cursor: 0 }, advice };
    }
    case 'advisorProgress':
      if (state.advice?.query.key !== action.key) return state;
      return { ...state, advice: { ...state.advice, progress: action.progress } };
    case 'comparison':
      return { ...state, comparison: action.comparison };
    case 'roundPlayed':
      return {
        ...newPosition(state, action.view),
        panel: { kind: 'moves' },
        cursor: 0,
        dirty: true,
        message: { text: action.view.done ? 'The game is over.' : `Round ${action.round + 1} played${action.waited ? ' (you waited)' : ''}. See the news; your move.`, tone: 'info' },
      };
    case 'roundRejected':
      return { ...newPosition(state, action.view), message: { text: `That combination cannot be played: ${action.reason}. The round is as it was; plan again.`, tone: 'error' } };
    case 'undone':
      return {
        ...newPosition(state, action.view),
        panel: { kind: 'moves' },
        cursor: 0,
        dirty: true,
        message: { text: `Back at the start of round ${action.round + 1}.`, tone: 'ok' },
      };
    case 'saved':
      return {
        ...state,
        dirty: false,
        panel: panel.kind === 'save' || panel.kind === 'quit' ? { kind: 'moves' } : panel,
        message: { text: `Saved. Resume with: parley play --load ${action.shownPath}`, tone: 'ok' },
      };
    case 'saveFailed':
      // A failed save from the quit question goes back to the game; the save prompt stays for another path.
      return { ...state, panel: panel.kind === 'quit' ? { kind: 'moves' } : panel, message: { text: `Could not save to ${action.path}: ${action.reason}`, tone: 'error' } };
  }
}

/** A new position read from the session: the plan, the advisor's answer and the comparison belong to the old one. */
function newPosition(state: PlayScreenState, view: GameView): PlayScreenState {
  return { ...state, view, position: state.position + 1, plan: [], advice: undefined, comparison: undefined };
}

function plan(state: PlayScreenState, choice: MoveChoice): PlayScreenState {
  const next = [...state.plan, choice];
  const used = plannedTracks(next);
  const nextFree = state.view.moves.findIndex((m) => !used.has(m.track));
  const label = `${state.scenario.tracks[choice.move.track]!.label}: ${choice.move.label}`;
  return {
    ...state,
    plan: next,
    panel: { kind: 'moves' },
    cursor: nextFree >= 0 ? nextFree : state.cursor,
    advice: undefined,
    message: {
      text: planIsFull(state, next) ? `Planned: ${label}. w ends the round (x takes the move back).` : `Planned: ${label}. Choose a move on another track, or w to end the round.`,
      tone: 'ok',
    },
  };
}

/** The next move from the cursor in `delta`'s direction, wrapping, skipping tracks that already have a planned move. */
function nextFreeMove(state: PlayScreenState, delta: number): number {
  const { moves } = state.view;
  if (moves.length === 0) return state.cursor;
  const planned = plannedTracks(state.plan);
  let i = Math.min(state.cursor, moves.length - 1);
  for (let k = 0; k < moves.length; k++) {
    i = (i + delta + moves.length) % moves.length;
    if (!planned.has(moves[i]!.track)) break;
  }
  return i;
}
