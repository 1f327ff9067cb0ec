import { useCallback, useEffect, useMemo } from 'react';
import { Box, Text, useApp, useInput, type Key } from 'ink';
import { dateOfRound } from '../scenario/calendar.js';
import { AdvisorPanel } from './AdvisorPanel.js';
import { EndPanel } from './EndPanel.js';
import { GameHeader } from './GameHeader.js';
import { HelpPanel, helpLines } from './HelpPanel.js';
import { IntroScreen, introLines, introRoom } from './IntroScreen.js';
import { KeyHints } from './KeyHints.js';
import { MoveDetail } from './MoveDetail.js';
import { MovesPanel } from './MovesPanel.js';
import { NewsPanel } from './NewsPanel.js';
import { OfferEditor } from './OfferEditor.js';
import { PlayStatusLine } from './PlayStatusLine.js';
import { TRACK_PANEL_HEIGHT, TrackPanel } from './TrackPanel.js';
import { UndoPanel } from './UndoPanel.js';
import { WorldPanel } from './WorldPanel.js';
import { compareWithBatch } from './batch-comparison.js';
import { formatValue } from './format-value.js';
import { buildGameView } from './game-view.js';
import { hostUtility } from './host-utility.js';
import { keyMoments } from './key-moments.js';
import { explainMove } from './move-explanation.js';
import { PlayInterrupted } from './play-interrupted.js';
import { playKeyHints } from './play-key-hints.js';
import { handlePlayInput } from './play-input.js';
import { initialPlayScreenState, planIsFull, plannedTracks, selectedMove } from './play-screen-state.js';
import { scrollWindow } from './scroll-window.js';
import type { PlaySession } from './play-session.js';
import { writeSavedGame, type SavedGame } from './saved-game.js';
import { trackMaxStages } from './track-stages.js';
import { useAdvisor } from './use-advisor.js';
import { usePlayScreen } from './use-play-screen.js';
import { useTerminalSize } from './use-terminal-size.js';

export { PlayInterrupted } from './play-interrupted.js';

export interface PlayAppProps {
  readonly session: PlaySession;
  /** Where `s` offers to save (editable before saving). */
  readonly savePath: string;
  /** The game was loaded from a save: the intro says so, and nothing is unsaved yet. */
  readonly resumed?: boolean;
  /** Skip the intro screen (tests). */
  readonly skipIntro?: boolean;
  /** Screen size in cells; defaults to the terminal's (tests pass it). */
  readonly width?: number;
  readonly height?: number;
  /** Rollouts per advisor option (default 1,000). */
  readonly rollouts?: number;
  /** Runs in the end screen's comparison batch (default 2,000). */
  readonly batchRuns?: number;
  readonly advisorBackend?: 'workers' | 'in-process';
  /** Writes a save; defaults to an atomic file write. */
  readonly writeSave?: (path: string, save: SavedGame) => void;
  /** Gets what to print in the shell after the game's screen is gone (e.g. where save-and-quit saved). */
  readonly onFarewell?: (text: string) => void;
}

const MIN_WIDTH = 80;
const MIN_HEIGHT = 24;

/**
 * The play-through: an intro, then the game screen round by round (tracks, world, news, moves and
 * their responses), with overlays for the offer editor, the advisor, undo and help, and the end
 * screen. What the screen shows lives in a PlayScreenState; keys map to its actions and to commands
 * on the session (play-keys.ts), which the session carries out (play-commands.ts); this component
 * wires them and lays the panels out. The frame is always exactly the terminal's height minus one
 * line, so Ink never clears the screen between frames (no flicker).
 */
export function PlayApp(props: PlayAppProps) {
  const { session, savePath, resumed, skipIntro, advisorBackend } = props;
  const { scenario, sim } = session;
  const { exit } = useApp();
  const terminal = useTerminalSize();
  const width = props.width ?? terminal.columns;
  const height = (props.height ?? terminal.rows) - 1;
  const rollouts = props.rollouts ?? 1000;
  const batchRuns = props.batchRuns ?? 2000;
  const writeSave = props.writeSave ?? writeSavedGame;
  const movesPerRound = scenario.file.clock.movesPerRound;
  const strategyLabel = scenario.strategies.get(session.options.strategy)?.label ?? session.options.strategy;
  const defaultStrategy = scenario.strategies.get(scenario.defaultStrategy)!;

  const maxStages = useMemo(() => trackMaxStages(scenario), [scenario]);
  const [state, dispatch, latestState] = usePlayScreen(() =>
    initialPlayScreenState({ scenario, savePath, view: buildGameView(session, maxStages), intro: !skipIntro, resumedAt: resumed ? sim.round : undefined }),
  );
  const { screen, view, panel, plan, advice, comparison } = state;
  const moves = view.moves;
  const selected = selectedMove(state);
  const planned = useMemo(() => plannedTracks(plan), [plan]);
  const full = planIsFull(state);
  const trackLabels = useMemo(() => scenario.tracks.map((t) => t.label), [scenario]);

  // `view` stands for the position: a new one whenever the session moves (see playScreenState).
  const explanation = useMemo(() => {
    if (!selected || view.done) return undefined;
    try {
      // A move that cannot follow the plan (on a planned track, or with the plan full): explain it as now.
      return explainMove(session, { move: selected }, planned.has(selected.track) || full ? [] : plan);
    } catch {
      return undefined;
    }
  }, [session, view, selected, planned, full, plan]);

  // The position cannot change under the offer editor except by a rejected round, which clears the plan.
  const offerExplanation = useMemo(() => (panel.kind === 'offer' ? explainMove(session, { move: panel.move, offer: panel.values }, plan) : undefined), [session, panel, plan]);

  // ------------------------------------------------------------------ keys

  const handleInput = useCallback(
    (input: string, key: Key) => {
      const exitApp = (interrupted: boolean, farewell?: string) => {
        if (farewell !== undefined) props.onFarewell?.(farewell);
        exit(interrupted ? new PlayInterrupted() : undefined);
      };
      handlePlayInput(input, key, latestState, dispatch, { session, maxStages, writeSave, exit: exitApp });
    },
    [session, maxStages, writeSave, exit, latestState, dispatch, props.onFarewell],
  );
  useInput(handleInput);

  // ------------------------------------------------------------------ advisor and end-of-game batch

  useAdvisor(session, advice?.query, { rollouts, backend: advisorBackend, active: screen === 'game' }, dispatch);

  // The session's result is a new object each time the game ends (and none after an undo).
  const result = session.result;
  const myUtility = useMemo(() => (result ? hostUtility(sim, result) : NaN), [result, sim]);
  useEffect(() => {
    if (!result) return;
    return compareWithBatch(
      scenario,
      session.memos,
      { seed: session.options.seed, strategy: defaultStrategy.id, total: batchRuns, utility: myUtility },
      (c) => dispatch({ type: 'comparison', comparison: c }),
    );
  }, [result, myUtility, scenario, session, defaultStrategy, batchRuns, dispatch]);

  // ------------------------------------------------------------------ layout

  const middle = height - 3 - TRACK_PANEL_HEIGHT;
  const intro = useMemo(() => (screen === 'intro' ? introLines(scenario, width, session.options.seed) : []), [screen, scenario, width, session]);
  const help = useMemo(() => (panel.kind === 'help' ? helpLines(width, movesPerRound) : []), [panel.kind, width, movesPerRound]);
  // A scroll past the last page is drawn as the last page; bring the offset back there, so the
  // first ↑ after it moves at once.
  const scrolled =
    screen === 'intro'
      ? { offset: state.introScroll, max: scrollWindow(intro.length, introRoom(height), 0).maxOffset }
      : panel.kind === 'help'
        ? { offset: panel.scroll, max: scrollWindow(help.length, middle - 2, 0).maxOffset }
        : panel.kind === 'news'
          ? { offset: panel.scroll, max: scrollWindow(view.news.length, middle - 2, 0).maxOffset }
          : undefined;
  useEffect(() => {
    if (scrolled && scrolled.offset > scrolled.max) dispatch({ type: 'scrollTo', offset: scrolled.max });
  }, [scrolled?.offset, scrolled?.max, dispatch]);

  if (width < MIN_WIDTH || height + 1 < MIN_HEIGHT) {
    return (
      <Box width={width} height={Math.max(1, height)}>
        <Text color="yellow" wrap="wrap">
          The terminal is {width}x{height + 1}; parley play needs at least {MIN_WIDTH}x{MIN_HEIGHT}. Enlarge the window (q quits).
        </Text>
      </Box>
    );
  }
  if (screen === 'intro') {
    return <IntroScreen lines={intro} width={width} height={height} scroll={state.introScroll} resumedAt={resumed ? sim.round : undefined} />;
  }

  const left = Math.floor(width * 0.55);
  const right = width - left;
  const movesHeight = Math.max(5, Math.min(moves.length + 3, Math.floor(middle * 0.5)));
  const worldHeight = Math.min(view.indicators.length, 8) + 2;
  const trackWidth = Math.floor(width / Math.max(1, view.tracks.length));

  let body;
  if (panel.kind === 'help') body = <HelpPanel lines={help} width={width} height={middle} scroll={panel.scroll} />;
  else if (panel.kind === 'news') body = <NewsPanel lines={view.news} width={width} height={middle} scroll={panel.scroll} full />;
  else if (panel.kind === 'undo') body = <UndoPanel choices={view.undo} cursor={panel.cursor} width={width} height={middle} />;
  else if (panel.kind === 'offer' && offerExplanation)
    body = <OfferEditor scenario={scenario} move={panel.move} values={panel.values} issue={panel.issue} explanation={offerExplanation} width={width} height={middle} />;
  else if (panel.kind === 'advisor')
    body = (
      <AdvisorPanel
        scenario={scenario}
        options={advice?.query.options ?? []}
        progress={advice?.progress}
        rollouts={rollouts}
        strategyLabel={strategyLabel}
        cursor={panel.cursor}
        width={width}
        height={middle}
      />
    );
  else if (view.done && result) {
    const { clock } = scenario.file;
    const outcome = scenario.outcomes.find((o) => o.id === result.outcome);
    const states = new Map(session.memos.map((m, t) => [t, new Map(m.knownStates().map((s) => [s.key, s]))]));
    body = (
      <EndPanel
        outcome={outcome?.label ?? result.outcome}
        deal={result.dealRound >= 0}
        summary={`after ${result.rounds} ${clock.unit}${result.rounds === 1 ? '' : 's'}${result.dealRound >= 0 ? `; signed ${dateOfRound(clock.start, clock.unit, result.dealRound)}` : ''}`}
        metrics={scenario.metrics.map((m, i) => ({ label: m.label, value: `${formatValue(result.metrics[i])}${m.unit && !Number.isNaN(result.metrics[i]) ? ` ${m.unit}` : ''}` }))}
        moments={keyMoments(scenario, sim.trace ?? [], (t, key) => states.get(t)?.get(key) ?? { stage: 0, deal: false, done: false })}
        host={scenario.host.label}
        utility={myUtility}
        comparison={comparison}
        strategyLabel={defaultStrategy.label}
        width={width}
        height={middle}
      />
    );
  } else
    body = (
      <Box flexDirection="row" height={middle}>
        <Box flexDirection="column" width={left}>
          <MovesPanel
            moves={moves}
            locked={view.locked}
            cursor={Math.min(state.cursor, Math.max(0, moves.length - 1))}
            plannedTracks={planned}
            trackLabels={trackLabels}
            width={left}
            height={movesHeight}
            focused={panel.kind === 'moves'}
            title={`Moves · ${moves.length} available${view.locked.length > 0 ? `, ${view.locked.length} locked` : ''} · ${movesPerRound === 1 ? 'one per round' : `up to ${movesPerRound} per round, on different tracks`}`}
          />
          <MoveDetail explanation={explanation} width={left} height={middle - movesHeight} />
        </Box>
        <Box flexDirection="column" width={right}>
          <WorldPanel indicators={view.indicators} width={right} height={worldHeight} />
          <NewsPanel lines={view.news} width={right} height={middle - worldHeight} />
        </Box>
      </Box>
    );

  return (
    <Box flexDirection="column" width={width} height={height}>
      <GameHeader title={scenario.file.title} round={view.round} horizon={view.horizon} date={view.date} seed={session.options.seed} host={scenario.host.label} done={view.done} width={width} />
      <Box flexDirection="row" height={TRACK_PANEL_HEIGHT}>
        {view.tracks.map((t, i) => (
          <TrackPanel
            key={t.id}
            track={t}
            width={i === view.tracks.length - 1 ? width - trackWidth * (view.tracks.length - 1) : trackWidth}
            selected={!view.done && selected?.track === i}
            planned={planned.has(i)}
          />
        ))}
      </Box>
      {body}
      <PlayStatusLine state={state} rollouts={rollouts} width={width} />
      <KeyHints width={width} hints={playKeyHints(state)} />
    </Box>
  );
}
