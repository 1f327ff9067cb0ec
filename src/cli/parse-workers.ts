import { availableParallelism } from 'node:os';
import { parseInteger } from './parse-integer.js';

/**
 * `--workers k`: a whole number from 1, lowered to the available cores (`os.availableParallelism()`)
 * with a note on stderr. Each worker thread loads the scenario and builds its own engine (tens of
 * megabytes), and threads beyond the cores add memory and no speed: 100 workers on 2 cores took
 * 2.7 GB for a trivial scenario. Results never depend on the number of workers, so lowering it
 * changes nothing but memory.
 */
export function parseWorkers(value: string): number {
  const requested = parseInteger('--workers', 1)(value);
  const cores = availableParallelism();
  if (requested <= cores) return requested;
  process.stderr.write(`parley: --workers ${requested} lowered to ${cores}, the cores available here (results do not depend on it)\n`);
  return cores;
}
