import type { SourceDocument } from './source-document.js';
import { loadScenarioAndDocument, type LoadResult } from './load-scenario.js';

/**
 * A load result together with the parsed document (templates and shorthands expanded, located where
 * written), for tools that locate their own findings.
 */
export interface LoadResultWithDocument extends LoadResult {
  /** Undefined when the text does not parse or its templates do not expand (the problems say why). */
  readonly document?: SourceDocument;
}

/**
 * Loads a scenario exactly as `loadScenario` does and also returns the positioned document it
 * checked, so lint rules and diagrams can point at file:line:column (parsed and expanded once).
 */
export function loadScenarioWithDocument(text: string, file: string): LoadResultWithDocument {
  const { result, document } = loadScenarioAndDocument(text, file);
  return { ...result, document };
}
