import { relative } from 'node:path';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, type Key } from 'ink';
import type { CompiledMove } from '../scenario/compiled-scenario.js';
import { dateOfRound } from '../scenario/calendar.js';
import type { MoveChoice } from '../engine/simulation.js';
import { SimulationError } from '../engine/simulation-error.js';
import { AdvisorPanel } from './AdvisorPanel.js';
import { EndPanel } from './EndPanel.js';
import { GameHeader } from './GameHeader.js';
import { HelpPanel } from './HelpPanel.js';
import { IntroScreen } from './IntroScreen.js';
import { KeyHints, type KeyHint } from './KeyHints.js';
import { MoveDetail } from './MoveDetail.js';
import { MovesPanel } from './MovesPanel.js';
import { NewsPanel } from './NewsPanel.js';
import { OfferEditor } from './OfferEditor.js';
import { TRACK_PANEL_HEIGHT, TrackPanel } from './TrackPanel.js';
import { UndoPanel, type UndoChoice } from './UndoPanel.js';
import { WorldPanel } from './WorldPanel.js';
import { advisorOptions } from './advisor-options.js';
import type { AdvisorOption } from './advisor-rollouts.js';
import { compareWithBatch, type BatchComparison } from './batch-comparison.js';
import { formatTerms, formatValue } from './format-value.js';
import { buildGameView } from './game-view.js';
import { hostUtility } from './host-utility.js';
import { keyMoments } from './key-moments.js';
import { explainMove } from './move-explanation.js';
import { boundOffer, defaultOffer, stepOffer, type OfferValues } from './offer-editing.js';
import type { PlaySession } from './play-session.js';
import { savedGameOf, writeSavedGame, type SavedGame } from './saved-game.js';
import { AdvisorPool } from './advisor-pool.js';
import { startAdvisor, type AdvisorControl, type AdvisorProgress } from './start-advisor.js';
import { trackMaxStages } from './track-stages.js';
import { useTerminalSize } from './use-terminal-size.js';

/** Ink's exit() with this error means the player pressed Ctrl-C. */
export class PlayInterrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'PlayInterrupted';
  }
}

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
}

type Mode =
  | { readonly kind: 'moves' }
  | { readonly kind: 'offer'; readonly move: CompiledMove; readonly values: OfferValues; readonly issue: number }
  | { readonly kind: 'advisor'; readonly cursor: number }
  | { readonly kind: 'help' }
  | { readonly kind: 'undo'; readonly cursor: number }
  | { readonly kind: 'save'; readonly path: string }
  | { readonly kind: 'quit' };

interface Message {
  readonly text: string;
  readonly tone: 'info' | 'error' | 'ok';
}

interface Advice {
  readonly key: string;
  readonly options: readonly AdvisorOption[];
  readonly progress?: AdvisorProgress;
}

const MIN_WIDTH = 80;
const MIN_HEIGHT = 24;
/** Rollouts each advisor worker plays to warm up when the game starts (about a second of one core on the flagship, spread over two). */
const ADVISOR_WARMUP = 4000;
/** How long after the game screen first shows the advisor's workers start. */
const ADVISOR_START_MS = 250;

/**
 * The play-through: an intro, then the game screen round by round (tracks, world, news, moves and
 * their responses), with overlays for the offer editor, the advisor, undo and help, and the end
 * screen. The session is mutable; every change bumps `version`, and the screen reads the position
 * once per version. The frame is always exactly the terminal's height minus one line, so Ink never
 * clears the screen between frames (no flicker).
 */
export function PlayApp(props: PlayAppProps) {
  const { session } = props;
  const { scenario, sim } = session;
  const { exit } = useApp();
  const terminal = useTerminalSize();
  const width = props.width ?? terminal.columns;
  const height = (props.height ?? terminal.rows) - 1;
  const rollouts = props.rollouts ?? 1000;
  const movesPerRound = scenario.file.clock.movesPerRound;
  const strategyLabel = scenario.strategies.get(session.options.strategy)?.label ?? session.options.strategy;
  const defaultStrategy = scenario.strategies.get(scenario.defaultStrategy)!;

  const [screen, setScreen] = useState<'intro' | 'game'>(props.skipIntro ? 'game' : 'intro');
  const [version, setVersion] = useState(0);
  const [plan, setPlan] = useState<readonly MoveChoice[]>([]);
  const [cursor, setCursor] = useState(0);
  const [mode, setMode] = useState<Mode>({ kind: 'moves' });
  const [message, setMessage] = useState<Message | undefined>(
    props.resumed ? { text: `Resumed the saved game at round ${sim.round + 1}.`, tone: 'ok' } : undefined,
  );
  const [dirty, setDirty] = useState(false);
  const [advice, setAdvice] = useState<Advice | undefined>();
  const [comparison, setComparison] = useState<BatchComparison | undefined>();
  const advisor = useRef<AdvisorControl | undefined>(undefined);
  const advisorPool = useRef<AdvisorPool | undefined>(undefined);
  const lastOffers = useRef(new Map<string, OfferValues>());

  const maxStages = useMemo(() => trackMaxStages(scenario), [scenario]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const view = useMemo(() => buildGameView(session, maxStages), [session, maxStages, version]);
  const plannedTracks = useMemo(() => new Set(plan.map((c) => c.move.track)), [plan]);
  const trackLabels = useMemo(() => scenario.tracks.map((t) => t.label), [scenario]);
  const moves = view.moves;
  const selected: CompiledMove | undefined = moves[Math.min(cursor, moves.length - 1)];

  const explanation = useMemo(() => {
    if (!selected || view.done) return undefined;
    try {
      // A move on a track that already has a planned move cannot follow it: explain it as now.
      return explainMove(session, { move: selected }, plannedTracks.has(selected.track) ? [] : plan);
    } catch {
      return undefined;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, version, view.done, plan]);

  const offerExplanation = useMemo(() => {
    if (mode.kind !== 'offer') return undefined;
    return explainMove(session, { move: mode.move, offer: mode.values }, plan);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, version, plan]);

  // ------------------------------------------------------------------ advisor and end-of-game batch

  const stopAdvisor = useCallback(() => {
    advisor.current?.cancel();
    advisor.current = undefined;
    setAdvice(undefined);
  }, []);

  useEffect(() => () => advisor.current?.cancel(), []);

  // The advisor's worker threads: started in the background once the game screen is up, warmed up
  // (they load the scenario and play rollouts from here), kept for every request, ended on quit.
  const useWorkers = props.advisorBackend !== 'in-process' && AdvisorPool.available();
  const startPool = () => {
    if (!useWorkers || advisorPool.current) return advisorPool.current;
    const { seed, run, strategy } = session.options;
    advisorPool.current = new AdvisorPool({ path: scenario.path, hash: scenario.hash }, { warmup: { seed, run, strategy, log: session.log, rollouts: ADVISOR_WARMUP } });
    return advisorPool.current;
  };
  useEffect(() => {
    if (screen !== 'game' || !useWorkers) return;
    const timer = setTimeout(startPool, ADVISOR_START_MS);
    return () => {
      clearTimeout(timer);
      void advisorPool.current?.close();
      advisorPool.current = undefined;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [screen]);

  const openAdvisor = () => {
    setMode({ kind: 'advisor', cursor: 0 });
    const options = advisorOptions({ moves, plan, trackLabels, offers: lastOffers.current });
    // The same options (planned moves and the player's offers) from the same position: keep the answer.
    const key = `${version}:${JSON.stringify(options.map((o) => o.choices))}`;
    if (advice?.key === key) return;
    advisor.current?.cancel();
    const snapshot = session.history[session.history.length - 1]!;
    const request = {
      scenarioPath: scenario.path,
      scenarioHash: scenario.hash,
      seed: session.options.seed,
      run: session.options.run,
      log: session.log,
      snapshot,
      rolloutSeed: `${session.options.seed}:advisor:${snapshot.round}`,
      strategy: session.options.strategy,
      options,
      rollouts,
    };
    setAdvice({ key, options });
    advisor.current = startAdvisor(request, scenario, session.memos, (progress) => setAdvice((a) => (a && a.key === key ? { ...a, progress } : a)), {
      backend: props.advisorBackend,
      pool: startPool(),
      // Each progress frame re-renders the whole screen on this thread, which the workers need
      // the cores for: five frames a second show the progress without slowing the rollouts down.
      intervalMs: 200,
    });
  };

  const result = session.result;
  const myUtility = useMemo(() => (result ? hostUtility(sim, result) : NaN), [result, sim]);
  useEffect(() => {
    if (!view.done || !result) {
      setComparison(undefined);
      return;
    }
    return compareWithBatch(
      scenario,
      session.memos,
      { seed: session.options.seed, strategy: defaultStrategy.id, total: props.batchRuns ?? 2000, utility: myUtility },
      setComparison,
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, view.done]);

  // ------------------------------------------------------------------ actions

  const changed = (text?: string, tone: Message['tone'] = 'info') => {
    stopAdvisor();
    setVersion((v) => v + 1);
    setMessage(text ? { text, tone } : undefined);
  };

  const commit = (choices: readonly MoveChoice[]) => {
    const round = sim.round;
    try {
      session.playRound(choices);
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      setPlan([]);
      changed(`That combination cannot be played: ${error.message}. The round is as it was; plan again.`, 'error');
      return;
    }
    setPlan([]);
    setDirty(true);
    setCursor(0);
    setMode({ kind: 'moves' });
    changed(session.done ? 'The game is over.' : `Round ${round + 1} played${choices.length === 0 ? ' (you waited)' : ''}. See the news; your move.`);
  };

  const addToPlan = (choice: MoveChoice) => {
    const next = [...plan, choice];
    const used = new Set(next.map((c) => c.move.track));
    const more = moves.some((m) => !used.has(m.track));
    if (next.length >= movesPerRound || !more) {
      commit(next);
      return;
    }
    stopAdvisor();
    setPlan(next);
    setMode({ kind: 'moves' });
    const nextFree = moves.findIndex((m) => !used.has(m.track));
    if (nextFree >= 0) setCursor(nextFree);
    setMessage({ text: `Planned: ${trackLabels[choice.move.track]}: ${choice.move.label}. Choose a move on another track, or w to end the round.`, tone: 'ok' });
  };

  /** Chooses a move; a move with an offer opens the editor on `values`, else on the last offer set for it. */
  const choose = (move: CompiledMove, values?: OfferValues) => {
    if (plannedTracks.has(move.track)) {
      setMessage({ text: `You already planned a move on ${trackLabels[move.track]} this round.`, tone: 'error' });
      return;
    }
    if (move.offer.length > 0) {
      setMode({ kind: 'offer', move, values: values ?? lastOffers.current.get(move.id) ?? defaultOffer(move), issue: 0 });
      return;
    }
    addToPlan({ move });
  };

  const save = (path: string) => {
    try {
      (props.writeSave ?? writeSavedGame)(path, savedGameOf(session));
      setDirty(false);
      const shown = relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path);
      setMessage({ text: `Saved. Resume with: parley play --load ${shown}`, tone: 'ok' });
      return true;
    } catch (error) {
      setMessage({ text: `Could not save to ${path}: ${(error as Error).message}`, tone: 'error' });
      return false;
    }
  };

  const undoChoices: UndoChoice[] = useMemo(() => {
    const { clock } = scenario.file;
    const last = session.done ? session.history.length : session.history.length - 1;
    return session.history.slice(0, last).map((snap, k) => ({
      label: `Round ${snap.round + 1} · ${dateOfRound(clock.start, clock.unit, snap.round)}`,
      detail: `— you then: ${
        session.log[k]!.length === 0 ? 'waited' : session.log[k]!.map((m) => `${moveName(m.move)}${m.offer ? ` (${formatTerms(m.offer)})` : ''}`).join(' + ')
      }`,
    }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);

  function moveName(id: string): string {
    const move = scenario.moves.get(id);
    return move ? `${trackLabels[move.track]}: ${move.label}` : id;
  }

  const moveCursor = (delta: number) => {
    if (moves.length === 0) return;
    let i = Math.min(cursor, moves.length - 1);
    for (let k = 0; k < moves.length; k++) {
      i = (i + delta + moves.length) % moves.length;
      if (!plannedTracks.has(moves[i]!.track)) break;
    }
    setCursor(i);
  };

  // ------------------------------------------------------------------ keys

  // Keys are queued and handled one per render, so each key sees the state the previous one left
  // (a terminal delivers fast or repeated keys in one chunk, and Ink calls the handler for each
  // key of a chunk before React re-renders).
  const [keys, setKeys] = useState<readonly { readonly input: string; readonly key: Key }[]>([]);
  useInput((input, key) => {
    // Ctrl-C leaves at once, ahead of any queued keys; the caller exits with 130 like any CLI.
    if (key.ctrl && input === 'c') {
      exit(new PlayInterrupted());
      return;
    }
    // Enter pressed before Ink switched the terminal to raw mode arrives as a line feed, which Ink
    // does not call `return`: without this the first Enter after start-up could be lost.
    const entered = input === '\n' || input === '\r\n' ? { input: '', key: { ...key, return: true } } : { input, key };
    setKeys((q) => (q.length > 64 ? q : [...q, entered]));
  });
  useEffect(() => {
    const first = keys[0];
    if (!first) return;
    setKeys((q) => q.slice(1));
    handleKey(first.input, first.key);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keys]);

  const handleKey = (input: string, key: Key) => {
    if (screen === 'intro') {
      if (key.return) setScreen('game');
      else if (input === 'q') exit();
      else if (input === '?') {
        setScreen('game');
        setMode({ kind: 'help' });
      }
      return;
    }
    switch (mode.kind) {
      case 'help':
        if (key.escape || input === '?' || input === 'q' || key.return) setMode({ kind: 'moves' });
        return;
      case 'save':
        if (key.escape) setMode({ kind: 'moves' });
        else if (key.return) {
          if (save(mode.path.trim())) setMode({ kind: 'moves' });
        } else if (key.backspace || key.delete) setMode({ kind: 'save', path: mode.path.slice(0, -1) });
        else if (input && !key.ctrl && !key.meta) setMode({ kind: 'save', path: mode.path + input });
        return;
      case 'quit':
        if (input === 'y') exit();
        else if (input === 's') {
          if (save(props.savePath)) exit();
          else setMode({ kind: 'moves' });
        } else if (key.escape || input === 'n') setMode({ kind: 'moves' });
        return;
      case 'undo':
        if (key.escape) setMode({ kind: 'moves' });
        else if (key.upArrow || input === 'k') setMode({ kind: 'undo', cursor: Math.max(0, mode.cursor - 1) });
        else if (key.downArrow || input === 'j') setMode({ kind: 'undo', cursor: Math.min(undoChoices.length - 1, mode.cursor + 1) });
        else if (key.return) {
          const snap = session.history[mode.cursor]!;
          session.undoTo(mode.cursor);
          setPlan([]);
          setCursor(0);
          setDirty(true);
          setMode({ kind: 'moves' });
          changed(`Back at the start of round ${snap.round + 1}.`, 'ok');
        }
        return;
      case 'offer': {
        const spec = mode.move.offer[mode.issue]!;
        if (key.escape) {
          lastOffers.current.set(mode.move.id, mode.values);
          setMode({ kind: 'moves' });
        } else if (key.upArrow || input === 'k') setMode({ ...mode, issue: Math.max(0, mode.issue - 1) });
        else if (key.downArrow || input === 'j' || key.tab) setMode({ ...mode, issue: Math.min(mode.move.offer.length - 1, mode.issue + 1) });
        else if (key.leftArrow || input === 'h') setMode({ ...mode, values: stepOffer(scenario, spec, mode.values, -1) });
        else if (key.rightArrow || input === 'l') setMode({ ...mode, values: stepOffer(scenario, spec, mode.values, 1) });
        else if (key.pageDown) setMode({ ...mode, values: stepOffer(scenario, spec, mode.values, -5) });
        else if (key.pageUp) setMode({ ...mode, values: stepOffer(scenario, spec, mode.values, 5) });
        else if (key.home) setMode({ ...mode, values: boundOffer(spec, mode.values, 'min') });
        else if (key.end) setMode({ ...mode, values: boundOffer(spec, mode.values, 'max') });
        else if (input === 'r') setMode({ ...mode, values: defaultOffer(mode.move) });
        else if (key.return) {
          lastOffers.current.set(mode.move.id, mode.values);
          addToPlan({ move: mode.move, offer: mode.values });
        }
        return;
      }
      case 'advisor': {
        const options = advice?.options ?? [];
        if (key.escape || input === 'a') setMode({ kind: 'moves' });
        else if (key.upArrow || input === 'k') setMode({ kind: 'advisor', cursor: Math.max(0, mode.cursor - 1) });
        else if (key.downArrow || input === 'j') setMode({ kind: 'advisor', cursor: Math.min(options.length - 1, mode.cursor + 1) });
        else if (key.return) {
          const option = options[mode.cursor];
          if (!option) return;
          if (option.move === undefined) commit(plan);
          else {
            const move = scenario.moves.get(option.move)!;
            setMode({ kind: 'moves' });
            setCursor(Math.max(0, moves.indexOf(move)));
            choose(move, option.variant === 'default offer' ? defaultOffer(move) : option.offer);
          }
        } else if (input === 'q') setMode({ kind: 'moves' });
        return;
      }
      case 'moves':
        break;
    }
    // The game screen (or the end screen).
    if (input === '?') setMode({ kind: 'help' });
    else if (input === 'q') {
      if (dirty && session.log.length > 0) setMode({ kind: 'quit' });
      else exit();
    } else if (input === 's') setMode({ kind: 'save', path: props.savePath });
    else if (input === 'u') {
      if (undoChoices.length === 0) setMessage({ text: 'Nothing to undo: this is the first round.', tone: 'info' });
      else setMode({ kind: 'undo', cursor: undoChoices.length - 1 });
    } else if (view.done) return;
    else if (key.upArrow || input === 'k') moveCursor(-1);
    else if (key.downArrow || input === 'j') moveCursor(1);
    else if (key.return) {
      if (selected) choose(selected);
    } else if (input === 'w' || input === 'e') commit(plan);
    else if (input === 'a') openAdvisor();
    else if (input === 'x' || key.backspace || key.delete) {
      if (plan.length > 0) {
        stopAdvisor();
        setPlan(plan.slice(0, -1));
        setMessage({ text: `Took back: ${plan[plan.length - 1]!.move.label}.`, tone: 'info' });
      }
    }
  };

  // ------------------------------------------------------------------ layout

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
    return <IntroScreen scenario={scenario} width={width} height={height} seed={session.options.seed} resumedAt={props.resumed ? sim.round : undefined} />;
  }

  const middle = height - 3 - TRACK_PANEL_HEIGHT;
  const left = Math.floor(width * 0.55);
  const right = width - left;
  const movesHeight = Math.max(5, Math.min(moves.length + 3, Math.floor(middle * 0.5)));
  const worldHeight = Math.min(view.indicators.length, 8) + 2;
  const trackWidth = Math.floor(width / Math.max(1, view.tracks.length));

  let body;
  if (mode.kind === 'help') body = <HelpPanel width={width} height={middle} movesPerRound={movesPerRound} />;
  else if (mode.kind === 'undo') body = <UndoPanel choices={undoChoices} cursor={mode.cursor} width={width} height={middle} />;
  else if (mode.kind === 'offer' && offerExplanation)
    body = <OfferEditor scenario={scenario} move={mode.move} values={mode.values} issue={mode.issue} explanation={offerExplanation} width={width} height={middle} />;
  else if (mode.kind === 'advisor')
    body = (
      <AdvisorPanel
        scenario={scenario}
        options={advice?.options ?? []}
        progress={advice?.progress}
        rollouts={rollouts}
        strategyLabel={strategyLabel}
        cursor={mode.cursor}
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
            cursor={Math.min(cursor, Math.max(0, moves.length - 1))}
            plannedTracks={plannedTracks}
            trackLabels={trackLabels}
            width={left}
            height={movesHeight}
            focused={mode.kind === 'moves'}
            title={`Moves · ${moves.length} available · ${movesPerRound === 1 ? 'one per round' : `up to ${movesPerRound} per round, on different tracks`}`}
          />
          <MoveDetail explanation={explanation} width={left} height={middle - movesHeight} />
        </Box>
        <Box flexDirection="column" width={right}>
          <WorldPanel indicators={view.indicators} width={right} height={worldHeight} />
          <NewsPanel lines={view.news} width={right} height={middle - worldHeight} />
        </Box>
      </Box>
    );

  const advisorRunning = advice?.progress && !advice.progress.done && mode.kind !== 'advisor';
  let status;
  if (mode.kind === 'save')
    status = (
      <Text wrap="truncate-end">
        <Text color="cyan">Save to: </Text>
        {mode.path}
        <Text inverse> </Text>
      </Text>
    );
  else if (mode.kind === 'quit')
    status = (
      <Text color="yellow" wrap="truncate-end">
        You have unsaved progress. Quit anyway?
      </Text>
    );
  else if (message)
    status = (
      <Text color={message.tone === 'error' ? 'red' : message.tone === 'ok' ? 'green' : undefined} wrap="truncate-end">
        {message.text}
      </Text>
    );
  else if (view.done) status = <Text color="gray">The game is over. u goes back to an earlier round and plays on from there.</Text>;
  else
    status = (
      <Text color="gray" wrap="truncate-end">
        {plan.length > 0
          ? `Planned: ${plan.map((c) => `${trackLabels[c.move.track]}: ${c.move.label}`).join(' + ')} (${plan.length}/${movesPerRound}) — another move, or w to end the round`
          : movesPerRound === 1 ? 'Choose a move and press Enter, or w to wait this round.' : `Choose up to ${movesPerRound} moves on different tracks (Enter), or w to wait / end the round.`}
      </Text>
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
            planned={plannedTracks.has(i)}
          />
        ))}
      </Box>
      {body}
      <Box height={1} width={width}>
        {status}
        {advisorRunning ? <Text color="magenta"> · advisor {Math.round((100 * advice!.progress!.tallies.reduce((s, t) => s + t.n + t.errors, 0)) / (rollouts * advice!.options.length))}%</Text> : null}
      </Box>
      <KeyHints width={width} hints={hintsFor(mode, view.done, plan.length > 0)} />
    </Box>
  );
}

function hintsFor(mode: Mode, done: boolean, planned: boolean): KeyHint[] {
  switch (mode.kind) {
    case 'help':
      return [{ key: 'Esc', label: 'close help' }];
    case 'save':
      return [
        { key: 'Enter', label: 'save' },
        { key: 'Esc', label: 'cancel' },
        { key: 'Backspace', label: 'edit the path' },
      ];
    case 'quit':
      return [
        { key: 'y', label: 'quit without saving' },
        { key: 's', label: 'save and quit' },
        { key: 'Esc', label: 'stay' },
      ];
    case 'undo':
      return [
        { key: '↑↓', label: 'round' },
        { key: 'Enter', label: 'go back there' },
        { key: 'Esc', label: 'cancel' },
      ];
    case 'offer':
      return [
        { key: '↑↓', label: 'issue' },
        { key: '←→', label: 'change' },
        { key: 'PgUp/PgDn', label: '×5' },
        { key: 'Home/End', label: 'min/max' },
        { key: 'r', label: 'reset' },
        { key: 'Enter', label: 'make the offer' },
        { key: 'Esc', label: 'back' },
      ];
    case 'advisor':
      return [
        { key: '↑↓', label: 'option' },
        { key: 'Enter', label: 'do it' },
        { key: 'Esc', label: 'close (keeps running)' },
      ];
    case 'moves':
      if (done)
        return [
          { key: 'u', label: 'undo' },
          { key: 's', label: 'save' },
          { key: '?', label: 'help' },
          { key: 'q', label: 'quit' },
        ];
      return [
        { key: '↑↓/jk', label: 'move' },
        { key: 'Enter', label: 'choose' },
        { key: 'w', label: 'end round' },
        ...(planned ? [{ key: 'x', label: 'unplan' }] : []),
        { key: 'a', label: 'advisor' },
        { key: 'u', label: 'undo' },
        { key: 's', label: 'save' },
        { key: '?', label: 'help' },
        { key: 'q', label: 'quit' },
      ];
  }
}
