import { internalized } from './internalized.js';
import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node, type ParseError } from 'jsonc-parser';
import type { ScenarioProblem, SourceLocation } from './scenario-error.js';
import { limits } from './limits.js';
import { FORBIDDEN_KEYS } from './forbidden-keys.js';
import { hasLoneSurrogate, loneSurrogateProblem } from './lone-surrogate.js';

/**
 * A parsed JSON(C) file that remembers where every value came from, so problems found later
 * (schema, references, expressions) can point at file:line:column.
 */
export class JsonDocument {
  private readonly lineStarts: number[];

  private constructor(
    readonly file: string,
    readonly text: string,
    readonly root: Node | undefined,
    readonly value: unknown,
  ) {
    // Lines end at LF, CRLF or a lone CR, as jsonc-parser and editors count them.
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  /** Parses text; never throws. Problems are syntax errors, forbidden keys and size limits. */
  static parse(text: string, file: string): { document: JsonDocument; problems: ScenarioProblem[] } {
    const problems: ScenarioProblem[] = [];
    const empty = new JsonDocument(file, text, undefined, undefined);
    if (text.length > limits.fileBytes) {
      problems.push({
        code: 'E_FILE_TOO_LARGE',
        severity: 'error',
        path: [],
        location: { file, line: 1, column: 1 },
        message: `the file is ${text.length} characters long; the limit is ${limits.fileBytes}`,
        hint: 'split the scenario or remove generated bulk; scenarios are meant to be written by hand',
      });
      return { document: empty, problems };
    }
    const deep = findExcessiveNesting(text, limits.nesting);
    if (deep !== undefined) {
      problems.push({
        code: 'E_TOO_DEEP',
        severity: 'error',
        path: [],
        location: empty.locationOfOffset(deep),
        message: `nesting deeper than ${limits.nesting} levels`,
        hint: 'flatten the structure; no part of the format needs this depth',
      });
      return { document: empty, problems };
    }
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
    for (const e of errors) {
      problems.push({
        code: 'E_JSON_SYNTAX',
        severity: 'error',
        path: [],
        location: empty.locationOfOffset(e.offset),
        message: `invalid JSON: ${describeParseError(printParseErrorCode(e.error))}`,
        hint: 'check for a missing comma, quote or bracket just before this point',
      });
    }
    if (errors.length > 0 || root === undefined) {
      if (root === undefined && errors.length === 0) {
        problems.push({
          code: 'E_JSON_SYNTAX',
          severity: 'error',
          path: [],
          location: { file, line: 1, column: 1 },
          message: 'the file is empty',
          hint: 'a scenario is a JSON object; run `parley new <name>` for a starting point',
        });
      }
      return { document: empty, problems };
    }
    const value = toValue(root, [], problems, empty);
    return { document: new JsonDocument(file, text, root, value), problems };
  }

  /** 1-based line and column of a character offset. */
  locationOfOffset(offset: number): SourceLocation {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }

  /** The node at a path, or the deepest existing ancestor (so a missing key points at its object). */
  nodeAt(path: readonly (string | number)[]): Node | undefined {
    let node = this.root;
    for (const segment of path) {
      if (node === undefined) return undefined;
      let next: Node | undefined;
      if (node.type === 'object' && typeof segment === 'string') {
        for (const prop of node.children ?? []) {
          if (prop.children?.[0]?.value === segment) next = prop.children[1];
        }
      } else if (node.type === 'array' && typeof segment === 'number') {
        next = node.children?.[segment];
      }
      if (next === undefined) return node;
      node = next;
    }
    return node;
  }

  /** Offset of the key of the property at path (for "unknown key" problems), else of the value. */
  keyOffset(path: readonly (string | number)[]): number {
    const node = this.nodeAt(path);
    if (node?.parent?.type === 'property' && node.parent.children?.[1] === node) return node.parent.offset;
    return node?.offset ?? 0;
  }

  locate(path: readonly (string | number)[]): SourceLocation {
    return this.locationOfOffset(this.nodeAt(path)?.offset ?? 0);
  }

  locateKey(path: readonly (string | number)[]): SourceLocation {
    return this.locationOfOffset(this.keyOffset(path));
  }

  /**
   * Location of character `index` of the decoded string at path. Escapes in the raw JSON text
   * (\" \\ \n \uXXXX) make decoded and raw offsets differ, so walk the raw literal.
   */
  locateInString(path: readonly (string | number)[], index: number): SourceLocation {
    const node = this.nodeAt(path);
    if (node === undefined || node.type !== 'string') return this.locate(path);
    const raw = this.text.slice(node.offset + 1, node.offset + node.length - 1);
    let decoded = 0;
    let i = 0;
    while (i < raw.length && decoded < index) {
      if (raw[i] === '\\') i += raw[i + 1] === 'u' ? 6 : 2;
      else i += 1;
      decoded += 1;
    }
    return this.locationOfOffset(node.offset + 1 + i);
  }
}

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Returns the offset where the nesting of objects and arrays first exceeds max. Run before parsing,
 * because jsonc-parser's parser recurses once per level (100,000 brackets overflow the stack). It
 * uses jsonc-parser's own scanner, so strings and comments are read exactly as the parser reads them:
 * a quote inside a comment, a bracket inside a string or an unterminated string cannot hide brackets.
 */
function findExcessiveNesting(text: string, max: number): number | undefined {
  const scanner = createScanner(text, false);
  // The open brackets, as a stack of kinds: a closing bracket of the wrong kind does not close
  // anything here (the parser's error recovery may keep that level open), so the count never
  // falls below the depth the parser can reach.
  const open: SyntaxKind[] = [];
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      open.push(token);
      if (open.length > max) return scanner.getTokenOffset();
    } else if (token === SyntaxKind.CloseBraceToken) {
      if (open[open.length - 1] === SyntaxKind.OpenBraceToken) open.pop();
    } else if (token === SyntaxKind.CloseBracketToken) {
      if (open[open.length - 1] === SyntaxKind.OpenBracketToken) open.pop();
    }
  }
  return undefined;
}

function toValue(node: Node, path: (string | number)[], problems: ScenarioProblem[], doc: JsonDocument): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const keyOffsets = new Map<string, number>();
      for (const prop of node.children ?? []) {
        const keyNode = prop.children?.[0];
        const valueNode = prop.children?.[1];
        if (keyNode === undefined || valueNode === undefined) continue;
        const key = String(keyNode.value);
        if (hasLoneSurrogate(key)) {
          problems.push(loneSurrogateProblem([...path], doc.locationOfOffset(keyNode.offset), 'key'));
          continue;
        }
        if (FORBIDDEN_KEYS.has(key)) {
          problems.push({
            code: 'E_FORBIDDEN_KEY',
            severity: 'error',
            path: [...path, key],
            location: doc.locationOfOffset(keyNode.offset),
            message: `the key '${key}' is not allowed`,
            hint: 'rename it: keys that reach JavaScript prototypes are rejected in scenario files',
          });
          continue;
        }
        const first = keyOffsets.get(key);
        if (first !== undefined) {
          const at = doc.locationOfOffset(first);
          problems.push({
            code: 'E_DUPLICATE_KEY',
            severity: 'error',
            path: [...path, key],
            location: doc.locationOfOffset(keyNode.offset),
            message: `the key '${key}' appears twice in this object: first at ${at.line}:${at.column}, again here`,
            hint: 'remove or rename one of them: JSON keeps only the last',
          });
        } else keyOffsets.set(key, keyNode.offset);
        out[key] = toValue(valueNode, [...path, key], problems, doc);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((child, i) => toValue(child, [...path, i], problems, doc));
    case 'number':
      if (!Number.isFinite(node.value)) {
        problems.push({
          code: 'E_NUMBER_RANGE',
          severity: 'error',
          path,
          location: doc.locationOfOffset(node.offset),
          message: 'this number is too large to represent',
          hint: 'use a number within ±1.7e308',
        });
        return 0;
      }
      return node.value;
    case 'string':
      if (hasLoneSurrogate(node.value)) {
        problems.push(loneSurrogateProblem(path, doc.locationOfOffset(node.offset), 'string'));
        return '';
      }
      // Short strings are names and enum values the engine compares: internalized, they compare by pointer.
      return node.value.length <= 100 ? internalized(node.value) : node.value;
    default:
      return node.value;
  }
}
