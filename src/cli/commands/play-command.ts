import { existsSync, readFileSync } from 'node:fs';
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
import { PlaySession, type LoggedRound, type PlaySessionOptions } from '../../ui/play-session.js';
import { checkSavedGameScenario, parseSavedGame, type SavedGame } from '../../ui/saved-game.js';
import { parseScriptedMoves } from '../../ui/scripted-moves.js';

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
  const flagship = resolve(packageRoot, 'scenarios/turkey-rare-earths.json');
  return existsSync(flagship) ? flagship : resolve(packageRoot, 'scenarios/supplier-duel.json');
}

/** `parley play [scenario]`: the interactive play-through, or a scripted game with --moves. */
export function registerPlayCommand(program: Command): void {
  program
    .command('play')
    .description("Play the host's negotiator round by round in the terminal: stances, news, an advisor, undo, saved games.")
    .argument('[scenario]', 'scenario file (default: scenarios/turkey-rare-earths.json in the package)')
    .option('--seed <seed>', 'seed of the game (default: a new one per game, shown on screen)')
    .option('--strategy <name>', "strategy the advisor assumes after the move it explains, and that finishes a scripted game (default: the scenario's default)", strategyOption)
    .option('--load <file>', 'resume a saved game (keys: s saves one)')
    .option('--moves <file>', 'play a scripted game without the terminal UI and print its timeline: a JSON array of rounds, each an array of {"move": "track.move", "offer": {...}} or "wait"')
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
        const played = playScripted(scenario, { seed, run, strategy }, saved?.rounds ?? [], readScript(opts.moves));
        const result = played.result!;
        process.stdout.write(formatTimeline(scenario, result, { seed, strategy: `scripted moves, then ${strategy}`, explain: false }) + '\n');
        return;
      }
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new UserError(
          'parley play needs an interactive terminal (stdin and stdout must be a TTY)',
          'to play without one, script the moves: parley play <scenario> --moves moves.json (see parley play --help)',
          'E_NO_TTY',
        );
      }
      const session = saved ? resume(scenario, saved, strategy) : new PlaySession(scenario, { seed, run, strategy });
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

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read the ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code}`);
  }
}

function readSave(file: string): SavedGame {
  const { save, problem } = parseSavedGame(readText(file, 'saved game'));
  if (problem) throw new UserError(`${file}: ${problem.message}`, problem.hint, problem.code);
  return save;
}

function readScript(file: string): LoggedRound[] {
  const { rounds, problem } = parseScriptedMoves(readText(file, 'moves file'));
  if (problem) throw new UserError(`${file}: ${problem.message}`, problem.hint);
  return rounds;
}

/** Replays a saved game and checks that it arrives where it was saved. */
function resume(scenario: CompiledScenario, save: SavedGame, strategy: string): PlaySession {
  let session: PlaySession;
  try {
    session = PlaySession.replay(scenario, { seed: save.seed, run: save.run, strategy }, save.rounds);
  } catch (error) {
    if (error instanceof SimulationError) throw new UserError(`the saved game does not replay: ${error.message}`, undefined, 'E_SAVE_REPLAY');
    throw error;
  }
  const last = save.snapshots[save.snapshots.length - 1];
  const now = session.history[session.history.length - 1];
  if (last !== undefined && now !== undefined && !isDeepStrictEqual(JSON.parse(JSON.stringify(now)), last)) {
    throw new UserError(
      `the saved game replays to a different position than it was saved at (round ${now.round} vs ${last.round})`,
      `it was saved by parley engine ${save.engineVersion}; results changed since`,
      'E_SAVE_REPLAY',
    );
  }
  return session;
}

/** Plays the saved rounds (if any) and the scripted ones, then lets the strategy finish the game. */
function playScripted(scenario: CompiledScenario, options: PlaySessionOptions, before: readonly LoggedRound[], rounds: readonly LoggedRound[]): PlaySession {
  let session: PlaySession;
  try {
    session = PlaySession.replay(scenario, options, [...before, ...rounds]);
  } catch (error) {
    if (!(error instanceof SimulationError)) throw error;
    const message = error.message.replace(/^round (\d+) of the log/, (_, n: string) => (Number(n) > before.length ? `round ${Number(n) - before.length} of the moves file` : `round ${n} of the saved game`));
    throw new UserError(`the moves do not play: ${message}`, 'a move must be available in its round (see them in `parley play` in a terminal, or `parley run --trace`)');
  }
  const choose = strategyChooser(scenario.strategies.get(options.strategy)!);
  while (!session.done) session.playRound(choose(session.sim.strategyView));
  return session;
}
