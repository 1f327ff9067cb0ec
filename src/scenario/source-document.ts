import { JsonDocument } from './json-document.js';
import { scenarioFileFormat } from './scenario-file-format.js';
import { YamlDocument } from './yaml-document.js';
import type { ScenarioProblem, SourceLocation } from './scenario-error.js';

type Path = readonly (string | number)[];

/**
 * A parsed scenario file that remembers where every value came from, whatever its syntax: problems
 * found after parsing (schema, references, expressions, lint) are located through this interface
 * only, so every later stage works the same for every file format the loader reads.
 */
export interface SourceDocument {
  readonly file: string;
  /** The file's text as read (hashed to identify the scenario version). */
  readonly text: string;
  /** The plain value: objects without prototypes' help, arrays, strings, numbers, booleans, null. */
  readonly value: unknown;
  /** Where the value at path starts (the deepest existing ancestor when the path goes further). */
  locate(path: Path): SourceLocation;
  /** Where the key of the property at path is written (for "unknown key" problems). */
  locateKey(path: Path): SourceLocation;
  /** Where character `index` of the decoded string at path is written. */
  locateInString(path: Path, index: number): SourceLocation;
}

/**
 * Parses a scenario file's text into a positioned document; never throws. The file's extension
 * chooses the syntax: `.yaml`/`.yml` is YAML 1.2, anything else JSON with comments.
 */
export function parseSourceDocument(text: string, file: string): { document: SourceDocument; problems: ScenarioProblem[] } {
  return scenarioFileFormat(file) === 'yaml' ? YamlDocument.parse(text, file) : JsonDocument.parse(text, file);
}
