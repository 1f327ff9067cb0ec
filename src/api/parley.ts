/**
 * `parley`: load a scenario and play runs from code. The command line (`parley ...`) is the main
 * interface; this is the part of it a program may call. `parley/xstate` runs one track in plain XState.
 */
export { loadScenario, type LoadResult } from '../scenario/load-scenario.js';
export { readScenario } from '../cli/read-scenario.js';
export type { CompiledScenario, CompiledTrack } from '../scenario/compiled-scenario.js';
export type { ScenarioProblem } from '../scenario/scenario-error.js';
export { runOnce, type RunOnceOptions } from '../engine/run-once.js';
export { Simulation, createMemos, type RunResult, type SimulationOptions } from '../engine/simulation.js';
export type { TraceEntry } from '../engine/trace-entry.js';
export { provideParley, ParleyTrackScope } from './xstate.js';
