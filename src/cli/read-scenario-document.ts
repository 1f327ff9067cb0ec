import { readFileSync } from 'node:fs';
import { readScenario } from './read-scenario.js';
import { JsonDocument } from '../scenario/json-document.js';
import type { LoadResultWithDocument } from '../scenario/load-scenario-with-document.js';

/** Like `readScenario`, and also returns the positioned document (for lint and diagrams). */
export function readScenarioDocument(file: string): LoadResultWithDocument {
  const plain = readScenario(file);
  // readScenario reports unreadable or oversized files; read the text again only when it parsed.
  if (plain.problems.some((p) => p.code === 'E_FILE' || p.code === 'E_FILE_TOO_LARGE')) return plain;
  let text = readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const { document, problems } = JsonDocument.parse(text, file);
  return { ...plain, document: problems.length === 0 ? document : undefined };
}
