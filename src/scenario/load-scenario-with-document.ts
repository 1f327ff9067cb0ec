import { parseSourceDocument, type SourceDocument } from './source-document.js';
import { loadScenario, type LoadResult } from './load-scenario.js';

/** A load result together with the parsed document, for tools that locate their own findings. */
export interface LoadResultWithDocument extends LoadResult {
  /** Undefined when the text is not parseable JSON (the problems say why). */
  readonly document?: SourceDocument;
}

/**
 * Loads a scenario exactly as `loadScenario` does and also returns the positioned document, so lint
 * rules and diagrams can point at file:line:column. Parses the text a second time rather than
 * changing `loadScenario`: tools call this once per file, never in a hot loop.
 */
export function loadScenarioWithDocument(text: string, file: string): LoadResultWithDocument {
  const result = loadScenario(text, file);
  const { document, problems } = parseSourceDocument(text, file);
  return { ...result, document: problems.length === 0 ? document : undefined };
}
