import type { SourceDocument } from './source-document.js';
import type { ScenarioProblem } from './scenario-error.js';
import { ExpandedDocument } from './expanded-document.js';
import { expandTrackTemplates } from './track-templates.js';
import { expandGuardShorthand } from './guard-shorthand.js';
import { expandParameterRange, expandStrategyShorthand } from './strategy-shorthand.js';

/**
 * The stage between parsing and the schema: track templates instantiated, then the shorthands
 * expanded (guards, strategies' move lists and rule sets, parameters' ranges). The document it returns holds the expanded value and locates every path of it where it
 * is written; with problems, nothing later can run and the document is not expanded.
 */
export function expandScenario(written: SourceDocument): { document: ExpandedDocument; problems: ScenarioProblem[] } {
  const { document, problems } = expandTrackTemplates(written);
  if (problems.length > 0) return { document, problems };
  expandGuardShorthand(document);
  const shorthand = [...expandStrategyShorthand(document), ...expandParameterRange(document)];
  return { document, problems: shorthand };
}

/**
 * Names the tracks a template made in each problem located in the template's body. The same problem
 * found in every track made from the template is reported once, at the template, naming them all.
 */
export function withInstances(problems: readonly ScenarioProblem[], document: SourceDocument): ScenarioProblem[] {
  if (!(document instanceof ExpandedDocument)) return [...problems];
  const out: ScenarioProblem[] = [];
  const seen = new Map<string, { index: number; template: string; tracks: string[] }>();
  for (const p of problems) {
    const { origin } = document.originOf(p.path);
    if (origin.instance === undefined || origin.path[0] !== 'templates') {
      out.push(p);
      continue;
    }
    const { track, template } = origin.instance;
    const key = JSON.stringify([p.code, p.location, p.message, p.hint]);
    const same = seen.get(key);
    if (same !== undefined) {
      same.tracks.push(track);
      continue;
    }
    seen.set(key, { index: out.length, template, tracks: [track] });
    out.push(p);
  }
  for (const { index, template, tracks } of seen.values()) {
    const p = out[index]!;
    const names = tracks.map((t) => `'${t}'`);
    const which = names.length === 1 ? `track ${names[0]}` : `tracks ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    out[index] = { ...p, message: `${p.message} (in ${which}, made from template '${template}')` };
  }
  return out;
}
