/**
 * `parley/xstate`: run a Parley track's machine in plain XState. `provideParley(machine, ...)` gives
 * it Parley's `when`/`and`/`or`/`not` guards and `set`/`signal`/`news` actions (docs/xstate.md).
 */
export { provideParley, scopeOf } from './provide-parley.js';
export { ParleyTrackScope, type ParleySignal, type ParleyTrackScopeOptions, type ParleyWorldWrite } from './parley-track-scope.js';
