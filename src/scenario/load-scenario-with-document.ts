import { parseSourceDocument, type SourceDocument } from './source-document.js';
import { loadScenario, type LoadResult } from './load-scenario.js';
import { expandScenario } from './expand-scenario.js';

/**
 * A load result together with the parsed document (templates and shorthands expanded, located where
 * written), for tools that locate their own findings.
 */
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
  const { document: written, problems } = parseSourceDocument(text, file);
  if (problems.length > 0) return { ...result, document: undefined };
  const expanded = expandScenario(written);
  return { ...result, document: expanded.problems.length === 0 ? expanded.document : undefined };
}
