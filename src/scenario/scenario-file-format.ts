/** The syntaxes a scenario file may be written in. */
export type ScenarioFileFormat = 'json' | 'yaml';

/**
 * The syntax of a scenario file, chosen by its extension: `.yaml` and `.yml` (any case) are YAML,
 * every other name (`.json`, `.jsonc`, none) is JSON with comments.
 *
 * @example
 * scenarioFileFormat('deals/lithium.yml') // 'yaml'
 */
export function scenarioFileFormat(file: string): ScenarioFileFormat {
  return /\.ya?ml$/i.test(file) ? 'yaml' : 'json';
}

/** Whether a file name in a folder of scenarios names one (for `parley test`, `parley backtest`). */
export function isScenarioFileName(name: string): boolean {
  return /\.(json|ya?ml)$/i.test(name);
}
