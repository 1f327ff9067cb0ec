import type { SourceDocument } from './source-document.js';
import type { ScenarioProblem } from './scenario-error.js';
import { ExpandedDocument } from './expanded-document.js';
import { expandTrackTemplates } from './track-templates.js';
import { expandGuardShorthand } from './guard-shorthand.js';

/**
 * The stage between parsing and the schema: track templates instantiated, then guard shorthands
 * expanded. The document it returns holds the expanded value and locates every path of it where it
 * is written; with problems, nothing later can run and the document is not expanded.
 */
export function expandScenario(written: SourceDocument): { document: ExpandedDocument; problems: ScenarioProblem[] } {
  const { document, problems } = expandTrackTemplates(written);
  if (problems.length > 0) return { document, problems };
  expandGuardShorthand(document);
  return { document, problems };
}

/** Names the track a template made in each problem located in the template's body. */
export function withInstances(problems: readonly ScenarioProblem[], document: SourceDocument): ScenarioProblem[] {
  return document instanceof ExpandedDocument ? problems.map((p) => document.withInstance(p)) : [...problems];
}
