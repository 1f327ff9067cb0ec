import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { formatProblem } from './format-problem.js';
import { readScenario } from './read-scenario.js';

/** Loads a scenario for a command; on errors prints them all and exits 2. Warnings go to stderr. */
export function loadOrExit(file: string, options: { quietWarnings?: boolean } = {}): CompiledScenario {
  const { scenario, problems } = readScenario(file);
  for (const p of problems) {
    if (p.severity === 'warning' && options.quietWarnings) continue;
    process.stderr.write(formatProblem(p) + '\n');
  }
  if (!scenario) {
    const n = problems.filter((p) => p.severity === 'error').length;
    process.stderr.write(`${file}: ${n} error${n === 1 ? '' : 's'}\n`);
    process.exit(2);
  }
  return scenario;
}
