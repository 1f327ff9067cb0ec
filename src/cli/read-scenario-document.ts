import { readScenarioText } from './read-scenario.js';
import { loadScenarioWithDocument, type LoadResultWithDocument } from '../scenario/load-scenario-with-document.js';

/** Like `readScenario`, and also returns the positioned document (for lint and diagrams). */
export function readScenarioDocument(file: string): LoadResultWithDocument {
  const { text, problem } = readScenarioText(file);
  if (problem) return { problems: [problem] };
  return loadScenarioWithDocument(text, file);
}
