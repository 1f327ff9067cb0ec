import type { CompiledMove } from '../scenario/compiled-scenario.js';
import type { MoveChoice } from '../engine/simulation.js';
import type { KeyPress } from './key-presses.js';
import { defaultOffer, type OfferValues } from './offer-editing.js';
import type { PlayCommand } from './play-commands.js';
import { planIsFull, plannedTracks, selectedMove, type PlayAction, type PlayScreenState } from './play-screen-state.js';

/** What a key leads to: changes of the screen (PlayAction) and requests to the session or the program (PlayCommand), in order. */
export type PlayIntent = PlayAction | PlayCommand;

const COMMANDS: ReadonlySet<PlayIntent['type']> = new Set<PlayCommand['type']>(['playRound', 'undoTo', 'save', 'exit']);

export function isPlayCommand(intent: PlayIntent): intent is PlayCommand {
  return COMMANDS.has(intent.type);
}

/**
 * What one key press does on the screen `state` shows. Pure: the caller applies the actions with
 * playScreenState and runs the commands (runPlayCommand), one intent after another, so each sees
 * what the previous one left. E.g. on the game screen `w` is `[{type: 'playRound', choices: plan}]`;
 * `j` in the offer editor is `[{type: 'offerIssue', delta: 1}]`; an unbound key is `[]`.
 */
export function playKeys(state: PlayScreenState, { input, key }: KeyPress): PlayIntent[] {
  // Ctrl-C leaves at once from anywhere; the caller exits with 130 like any CLI.
  if (key.ctrl && input === 'c') return [{ type: 'exit', interrupted: true }];
  const up = key.upArrow || input === 'k';
  const down = key.downArrow || input === 'j';
  if (state.screen === 'intro') {
    if (key.return) return [{ type: 'start' }];
    if (input === 'q') return [{ type: 'exit' }];
    if (input === '?') return [{ type: 'start', help: true }];
    return scrollKeys(input, key);
  }
  const { panel } = state;
  switch (panel.kind) {
    case 'help':
      return key.escape || input === '?' || input === 'q' || key.return ? [{ type: 'close' }] : scrollKeys(input, key);
    case 'news':
      return key.escape || input === 'n' || input === 'q' || key.return ? [{ type: 'close' }] : scrollKeys(input, key);
    case 'save':
      if (key.escape) return [{ type: 'close' }];
      if (key.return) return [{ type: 'save', path: panel.path.trim(), then: 'stay' }];
      if (key.backspace || key.delete) return [{ type: 'eraseSavePath' }];
      if (input && !key.ctrl && !key.meta) return [{ type: 'typeSavePath', text: input }];
      return [];
    case 'quit':
      if (input === 'y') return [{ type: 'exit' }];
      if (input === 's') return [{ type: 'save', path: state.savePath, then: 'exit' }];
      if (key.escape || input === 'n') return [{ type: 'close' }];
      return [];
    case 'undo':
      if (key.escape) return [{ type: 'close' }];
      if (up) return [{ type: 'panelCursor', delta: -1 }];
      if (down) return [{ type: 'panelCursor', delta: 1 }];
      if (key.return) return [{ type: 'undoTo', index: panel.cursor }];
      return [];
    case 'offer':
      if (key.escape) return [{ type: 'rememberOffer' }, { type: 'close' }];
      if (up) return [{ type: 'offerIssue', delta: -1 }];
      if (down || key.tab) return [{ type: 'offerIssue', delta: 1 }];
      if (key.leftArrow || input === 'h') return [{ type: 'stepOffer', steps: -1 }];
      if (key.rightArrow || input === 'l') return [{ type: 'stepOffer', steps: 1 }];
      if (key.pageDown) return [{ type: 'stepOffer', steps: -5 }];
      if (key.pageUp) return [{ type: 'stepOffer', steps: 5 }];
      if (key.home) return [{ type: 'boundOffer', end: 'min' }];
      if (key.end) return [{ type: 'boundOffer', end: 'max' }];
      if (input === 'r') return [{ type: 'resetOffer' }];
      if (key.return) return [{ type: 'rememberOffer' }, ...addToPlan(state, { move: panel.move, offer: panel.values })];
      return [];
    case 'advisor': {
      if (key.escape || input === 'a' || input === 'q') return [{ type: 'close' }];
      if (up) return [{ type: 'panelCursor', delta: -1 }];
      if (down) return [{ type: 'panelCursor', delta: 1 }];
      if (!key.return) return [];
      const option = state.advice?.query.options[panel.cursor];
      if (!option) return [];
      if (option.move === undefined) return [{ type: 'playRound', choices: state.plan }];
      const move = state.scenario.moves.get(option.move)!;
      return [{ type: 'close' }, { type: 'select', move }, ...chooseMove(state, move, option.variant === 'default offer' ? defaultOffer(move, state.view.defaultOffers) : option.offer)];
    }
    case 'moves':
      break;
  }
  // The game screen (or the end screen).
  if (input === '?') return [{ type: 'openHelp' }];
  if (input === 'n') return [{ type: 'openNews' }];
  if (input === 'q') return state.dirty && state.view.undo.length > 0 ? [{ type: 'askToQuit' }] : [{ type: 'exit' }];
  if (input === 's') return [{ type: 'openSave' }];
  if (input === 'u') return [{ type: 'openUndo' }];
  if (state.view.done) return [];
  if (up) return [{ type: 'moveCursor', delta: -1 }];
  if (down) return [{ type: 'moveCursor', delta: 1 }];
  if (key.return) {
    const move = selectedMove(state);
    return move ? chooseMove(state, move) : [];
  }
  if (input === 'w' || input === 'e') return [{ type: 'playRound', choices: state.plan }];
  if (input === 'a') return [{ type: 'openAdvisor' }];
  if (input === 'x' || key.backspace || key.delete) return [{ type: 'unplan' }];
  return [];
}

/** Lines a page key scrolls on the screens that scroll (a page of the smallest, 80x24, screen). */
const PAGE = 10;

/** The keys of a scrolling screen (intro, Help, News): ↑↓/j k a line, PgUp/PgDn and space a page, Home/End the ends. */
function scrollKeys(input: string, key: KeyPress['key']): PlayIntent[] {
  if (key.upArrow || input === 'k') return [{ type: 'scroll', delta: -1 }];
  if (key.downArrow || input === 'j') return [{ type: 'scroll', delta: 1 }];
  if (key.pageUp) return [{ type: 'scroll', delta: -PAGE }];
  if (key.pageDown || input === ' ') return [{ type: 'scroll', delta: PAGE }];
  if (key.home || input === 'g') return [{ type: 'scrollTo', offset: 0 }];
  if (key.end || input === 'G') return [{ type: 'scrollTo', offset: Number.MAX_SAFE_INTEGER }];
  return [];
}

/** Chooses a move: a move with an offer opens the editor on `values`, else on the last offer set for it, else on its default. */
function chooseMove(state: PlayScreenState, move: CompiledMove, values?: OfferValues): PlayIntent[] {
  const trackLabel = state.scenario.tracks[move.track]!.label;
  if (plannedTracks(state.plan).has(move.track)) return [{ type: 'refuse', text: `You already planned a move on ${trackLabel} this round.` }];
  if (planIsFull(state)) return [{ type: 'refuse', text: `No room for another move this round: w ends the round, x takes back ${state.plan[state.plan.length - 1]!.move.label}.` }];
  if (move.offer.length > 0) return [{ type: 'openOffer', move, values: values ?? state.offers.get(move.id) ?? defaultOffer(move, state.view.defaultOffers) }];
  return addToPlan(state, { move });
}

/**
 * Adds a move to the round's plan. With one move a round the move is the round: it is played at
 * once. With more, the plan waits for `w` even when full, so the `w` a player presses to end the
 * round never plays the next round as well.
 */
function addToPlan(state: PlayScreenState, choice: MoveChoice): PlayIntent[] {
  if (state.scenario.file.clock.movesPerRound <= 1) return [{ type: 'playRound', choices: [...state.plan, choice] }];
  return [{ type: 'plan', choice }];
}
