import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { Command } from 'commander';
import { loadOrExit } from '../load-or-exit.js';
import { UserError } from '../user-error.js';
import { strategyOption } from '../batch-options.js';
import { SimulationError } from '../../engine/simulation-error.js';
import { strategyChooser } from '../../engine/strategy-rules.js';
import type { CompiledScenario } from '../../scenario/compiled-scenario.js';
import { formatTimeline } from '../../report/format-timeline.js';
import { PlaySession, resolveRound } from '../../ui/play-session.js';
import { checkSavedGameScenario, parseSavedGame, type SavedGame } from '../../ui/saved-game.js';
import { chooseScriptedRound, formatSkippedEntry, parseScriptedMoves, type ScriptedRound } from '../../ui/scripted-moves.js';
import { MOVES_FILE, readInputFile, SAVE_FILE } from '../../report/input-file.js';

interface PlayOptions {
  seed?: string;
  strategy?: string;
  load?: string;
  moves?: string;
}

/** The package root: dist/cli/commands (or src/cli/commands under tests) is three levels down. */
const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The flagship scenario, or the teaching scenario while the flagship is not there. */
export function defaultScenarioPath(): string {
  const flagship = resolve(packageRoot, 'scenarios/turkey-rare-earths.yaml');
  return existsSync(flagship) ? flagship : resolve(packageRoot, 'scenarios/supplier-duel.json');
}

/** `parley play [scenario]`: the interactive play-through, or a scripted game with --moves. */
export function registerPlayCommand(program: Command): void {
  program
    .command('play')
    .description("Play the host's negotiator round by round in the terminal: stances, news, an advisor, undo, saved games.")
    .argument('[scenario]', 'scenario file (default: scenarios/turkey-rare-earths.yaml in the package)')
    .option('--seed <seed>', 'seed of the game (default: a new one per game, shown on screen)')
    .option('--strategy <name>', "strategy the advisor assumes after the move it explains, and that finishes a scripted game (default: the scenario's default)", strategyOption)
    .option('--load <file>', 'resume a saved game (keys: s saves one)')
    .option('--moves <file>', 'play a scripted game without the terminal UI and print its timeline: a JSON array of rounds, each an array of {"move": "track.move", "offer": {...}} or "wait"; "ifAvailable": true skips a move a random response has made unavailable (reported after the timeline), {"firstAvailable": [move, ...]} makes the first available of several')
    .addHelpText(
      'after',
      [
        '',
        'Keys in the game: ↑↓/j k choose a move, Enter make it (or edit its offer), w end the round, a advisor,',
        'u undo, s save, ? help, q quit.',
        '',
        'Examples:',
        '  $ parley play',
        '  $ parley play scenarios/supplier-duel.json --seed 3',
        '  $ parley play --load supplierDuel-seed3.parley-save.json',
        '  $ echo \'[[{"move":"newcomer.shortlist"}],[{"move":"newcomer.offer","offer":{"price":500}}]]\' > moves.json',
        '  $ parley play scenarios/supplier-duel.json --seed 3 --moves moves.json',
        '  $ echo \'[[{"move":"newcomer.shortlist"}],[{"move":"newcomer.offer","offer":{"price":500},"ifAvailable":true}]]\' > moves.json',
      ].join('\n'),
    )
    .action(async (file: string | undefined, opts: PlayOptions) => {
      const saved = opts.load !== undefined ? readSave(opts.load) : undefined;
      const scenarioFile = file ?? saved?.scenario.path ?? defaultScenarioPath();
      const scenario = loadOrExit(scenarioFile, { quietWarnings: true });
      if (saved) {
        const problem = checkSavedGameScenario(saved, scenario);
        if (problem) throw new UserError(problem.message, problem.hint, problem.code);
        if (opts.seed !== undefined && opts.seed !== saved.seed) throw new UserError(`a saved game keeps its seed (${saved.seed}); drop --seed`);
      }
      const strategy = opts.strategy ?? saved?.strategy ?? scenario.defaultStrategy;
      if (!scenario.strategies.has(strategy)) {
        throw new UserError(`no strategy '${strategy}'`, `the scenario has: ${[...scenario.strategies.keys()].join(', ')}`);
      }
      const seed = saved?.seed ?? opts.seed ?? newSeed();
      const run = saved?.run ?? 0;
      if (opts.moves !== undefined) {
        const script = readScript(opts.moves);
        // A saved game is replayed and checked against its snapshots before the script continues it.
        const start = saved ? resume(scenario, saved, strategy, opts.load!) : new PlaySession(scenario, { seed, run, strategy });
        const { session: played, skipped } = playScripted(start, script, opts.moves);
        const result = played.result!;
        process.stdout.write(formatTimeline(scenario, result, { seed, strategy: `scripted moves, then ${strategy}`, explain: false }) + '\n');
        if (skipped.length > 0) {
          process.stdout.write(`\nSkipped scripted moves (marked "ifAvailable", not available in their round)\n`);
          for (const s of skipped) process.stdout.write(`  round ${s.scriptRound} of the moves file (game round ${s.gameRound}): ${s.text}\n`);
        }
        return;
      }
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new UserError(
          'parley play needs an interactive terminal (stdin and stdout must be a TTY)',
          'to play without one, script the moves: parley play <scenario> --moves moves.json (see parley play --help)',
          'E_NO_TTY',
        );
      }
      const session = saved ? resume(scenario, saved, strategy, opts.load!) : new PlaySession(scenario, { seed, run, strategy });
      // Ink renders only a final frame when it believes it runs in CI (it reads CI at import time).
      // Here stdin and stdout are a terminal, so a person is playing: keep the screen interactive.
      delete process.env.CI;
      delete process.env.CONTINUOUS_INTEGRATION;
      // Loaded lazily: scripted games and errors above need neither React nor Ink.
      const { startPlayApp } = await import('../../ui/start-play-app.js');
      await startPlayApp({
        session,
        savePath: opts.load ?? resolve(`${scenario.file.id}-seed${seed}.parley-save.json`),
        resumed: saved !== undefined,
      });
    });
}

function newSeed(): string {
  return Math.floor(Math.random() * 1e6).toString();
}

function readSave(file: string): SavedGame {
  const { save, problem } = parseSavedGame(readInputFile(file, SAVE_FILE));
  if (problem) throw new UserError(`${file}: ${problem.message}`, problem.hint, problem.code);
  return save;
}

function readScript(file: string): ScriptedRound[] {
  const { rounds, problem } = parseScriptedMoves(readInputFile(file, MOVES_FILE));
  if (problem) throw new UserError(`${file}: ${problem.message}`, problem.hint);
  return rounds;
}

/**
 * Replays a saved game and checks that it passes through every decision point it recorded: a save
 * whose rounds or snapshots were edited, cut or extended is refused (E_SAVE_REPLAY), whether it is
 * continued in the terminal or by a moves file.
 */
function resume(scenario: CompiledScenario, save: SavedGame, strategy: string, file: string): PlaySession {
  let session: PlaySession;
  try {
    session = PlaySession.replay(scenario, { seed: save.seed, run: save.run, strategy }, save.rounds);
  } catch (error) {
    if (error instanceof SimulationError) throw new UserError(`${file}: the saved game does not replay: ${error.message}`, 'it was changed after parley saved it, or saved on another version of the scenario', 'E_SAVE_REPLAY');
    throw error;
  }
  const replayed = session.history;
  const saved = save.snapshots;
  if (saved.length !== replayed.length) {
    throw new UserError(
      `${file}: the saved game records ${saved.length} decision points, its ${save.rounds.length} rounds replay to ${replayed.length}`,
      'the file was changed after parley saved it; start a new game',
      'E_SAVE_REPLAY',
    );
  }
  const differs = replayed.findIndex((now, i) => !isDeepStrictEqual(JSON.parse(JSON.stringify(now)), saved[i]));
  if (differs >= 0) {
    throw new UserError(
      `${file}: the saved game replays to a different position than it was saved at (decision point ${differs + 1}, round ${replayed[differs]!.round} vs ${saved[differs]!.round})`,
      `the file was changed after parley saved it, or it was saved by parley engine ${save.engineVersion} and results changed since`,
      'E_SAVE_REPLAY',
    );
  }
  return session;
}

/** A scripted entry that was skipped, located in the moves file and the game. */
interface SkippedScriptEntry {
  readonly scriptRound: number;
  readonly gameRound: number;
  readonly text: string;
}

/**
 * Plays the scripted rounds on a session (new, or a saved game's), then lets the strategy finish the
 * game. Entries marked "ifAvailable" whose moves a random response has closed are skipped and
 * returned, so the output can say which and why.
 */
function playScripted(session: PlaySession, rounds: readonly ScriptedRound[], file: string): { session: PlaySession; skipped: SkippedScriptEntry[] } {
  const before = session.log.length;
  const skipped: SkippedScriptEntry[] = [];
  rounds.forEach((round, i) => {
    if (session.done) {
      // A round of optional entries after the end is what a script written for longer games looks like.
      if (round.every((e) => e.ifAvailable)) {
        for (const e of round) skipped.push({ scriptRound: i + 1, gameRound: session.sim.round, text: `${e.alternatives.map((m) => m.move).join(', ')}: the game has ended` });
        return;
      }
      throw new UserError(
        `${file}: round ${i + 1} of the moves file: the game ended after round ${i} of the moves file`,
        'remove the rounds after the end of the game, or mark their moves "ifAvailable": true',
        'E_REPLAY',
      );
    }
    const where = `${file}: round ${i + 1} of the moves file (game round ${session.sim.round}${before > 0 ? `, after the ${before} rounds of the saved game` : ''})`;
    try {
      const chosen = chooseScriptedRound(session.scenario, session.sim, round);
      if (chosen.unavailable) throw new UserError(`${where}: ${chosen.unavailable.message}`, chosen.unavailable.hint, 'E_MOVE');
      for (const s of chosen.skipped) skipped.push({ scriptRound: i + 1, gameRound: session.sim.round, text: formatSkippedEntry(s) });
      session.playRound(resolveRound(session.scenario, chosen.round));
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      throw new UserError(
        `${where}: ${error.message}`,
        'a move must be available in its round and its offer within its issue\'s range (see them in `parley play` in a terminal, or `parley run --trace`)',
        error.code,
      );
    }
  });
  const choose = strategyChooser(session.scenario.strategies.get(session.options.strategy)!);
  while (!session.done) session.playRound(choose(session.sim.strategyView));
  return { session, skipped };
}
