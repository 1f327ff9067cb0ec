import type { Alias, Document, LineCounter, Node as YamlNode, Pair, Scalar, YAMLMap } from 'yaml';
import { internalized } from './internalized.js';
import type { ErrorCode } from './error-codes.js';
import type { ScenarioProblem, SourceLocation } from './scenario-error.js';
import { limits } from './limits.js';
import { yamlModule } from './yaml-module.js';
import { findExcessiveYamlNesting } from './yaml-nesting.js';
import { yamlScalarContentStart, yamlScalarOffsets, type YamlScalarToken } from './yaml-scalar-offsets.js';
import { FORBIDDEN_KEYS } from './forbidden-keys.js';
import { hasLoneSurrogate, loneSurrogateProblem } from './lone-surrogate.js';

type Path = readonly (string | number)[];

/** Syntax errors reported for one file: past a few, the rest only repeat the first mistake's confusion. */
const MAX_SYNTAX_ERRORS = 50;

/** The YAML 1.2 core schema's tags: `!!str 12` is a string; every other tag is refused. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/**
 * A parsed YAML scenario file that remembers where every value came from, like `JsonDocument`.
 *
 * Read with the YAML 1.2 core schema only, so a value means what it means in JSON: `yes`, `no`,
 * `on` and `off` are strings, numbers are decimal (`0x1F` and `0o17` too), and no tag may name a
 * JavaScript type or anything but the core schema's. One document per file; anchors and aliases are
 * copied into the value, up to `limits.yamlAliasValues` values in all.
 */
export class YamlDocument {
  private constructor(
    readonly file: string,
    readonly text: string,
    private readonly root: YamlNode | null | undefined,
    readonly value: unknown,
    private readonly lines: LineCounter | undefined,
    /** The anchored node each alias stands for, as resolved where the alias is written. */
    private readonly aliasTargets: ReadonlyMap<Alias, YamlNode>,
  ) {}

  /** Parses text; never throws. Problems are syntax errors, refused YAML features and limits. */
  static parse(text: string, file: string): { document: YamlDocument; problems: ScenarioProblem[] } {
    const problems: ScenarioProblem[] = [];
    const empty = new YamlDocument(file, text, undefined, undefined, undefined, new Map());
    const at = (offset: number): SourceLocation => empty.locationOfOffset(offset);
    if (text.length > limits.fileBytes) {
      problems.push(problem('E_FILE_TOO_LARGE', at(0), `the file is ${text.length} characters long; the limit is ${limits.fileBytes}`, 'split the scenario or remove generated bulk; scenarios are meant to be written by hand'));
      return { document: empty, problems };
    }
    // YAML 1.2 ends lines at LF, CRLF or a lone CR, but the parser knows only the first two: a lone
    // CR becomes LF, which keeps every offset.
    const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
    const deep = findExcessiveYamlNesting(source, limits.nesting);
    if (deep !== undefined) {
      problems.push(problem('E_TOO_DEEP', at(deep), `nesting deeper than ${limits.nesting} levels`, 'flatten the structure; no part of the format needs this depth'));
      return { document: empty, problems };
    }
    const yaml = yamlModule();
    const lines = new yaml.LineCounter();
    // The parser's tokens are read one top-level token at a time, and reading stops at a second
    // document or after a few stray tokens: the yaml package composes a stream of thousands of stray
    // closing brackets in quadratic time, and a scenario file holds one document anyway.
    const tokens = [];
    let documentTokens = 0;
    let secondDocument: number | undefined;
    let strayTokens = 0;
    for (const token of new yaml.Parser(lines.addNewLine).parse(source)) {
      if (token.type === 'document' && ++documentTokens === 2) {
        secondDocument = token.offset;
        break;
      }
      if (token.type === 'error' && ++strayTokens > MAX_SYNTAX_ERRORS) break;
      tokens.push(token);
    }
    const composer = new yaml.Composer({ keepSourceTokens: true, prettyErrors: false, schema: 'core', version: '1.2', merge: false, uniqueKeys: false, intAsBigInt: false });
    const documents = Array.from(composer.compose(tokens));
    const withLines = new YamlDocument(file, text, undefined, undefined, lines, new Map());
    const located = (offset: number): SourceLocation => withLines.locationOfOffset(offset);
    const errors = documents.length > 0 ? documents.flatMap((d) => d.errors) : composer.streamInfo().errors;
    if (documents.length === 0 && errors.length === 0) {
      const message = text.trim() === '' ? 'the file is empty' : 'the file holds no value, only comments';
      problems.push(problem('E_YAML_SYNTAX', located(0), message, 'a scenario is a YAML mapping; run `parley new <name> --yaml` for a starting point'));
      return { document: withLines, problems };
    }
    for (const e of errors.slice(0, MAX_SYNTAX_ERRORS)) {
      problems.push(problem('E_YAML_SYNTAX', located(e.pos[0]), `invalid YAML: ${e.message}`, syntaxHint(e.code)));
    }
    if (errors.length > MAX_SYNTAX_ERRORS || strayTokens > MAX_SYNTAX_ERRORS) {
      const last = problems[problems.length - 1]!;
      problems[problems.length - 1] = { ...last, message: `${last.message} (the first ${MAX_SYNTAX_ERRORS} syntax errors are shown; the file has more)` };
    }
    const doc = documents[0];
    if (doc === undefined) return { document: withLines, problems };
    if (secondDocument !== undefined) {
      problems.push(
        problem('E_YAML_DOCUMENTS', located(secondDocument), 'the file holds more than one YAML document; a scenario file holds one', 'keep one document: remove this `---` and what follows, or put each scenario in a file of its own'),
      );
    }
    if (doc.directives.yaml.explicit && doc.directives.yaml.version !== '1.2') {
      problems.push(
        problem('E_YAML_VERSION', located(Math.max(0, text.search(/^%YAML/m))), `the file declares YAML ${doc.directives.yaml.version}; scenario files are read as YAML 1.2`, 'remove the %YAML directive, and check the values YAML 1.1 reads differently: yes/no/on/off are strings in YAML 1.2, write true/false'),
      );
    }
    if (problems.length > 0) return { document: withLines, problems };
    const builder = new ValueBuilder(source, located, problems);
    const value = builder.build(doc.contents);
    return { document: new YamlDocument(file, text, doc.contents, value, lines, builder.aliasTargets), problems };
  }

  /** 1-based line and column of a character offset. */
  locationOfOffset(offset: number): SourceLocation {
    if (this.lines === undefined) {
      // Before parsing (size and depth problems): count lines by hand, only up to the offset.
      let line = 1;
      let lineStart = 0;
      for (let i = 0; i < offset && i < this.text.length; i++) {
        const c = this.text.charCodeAt(i);
        if (c === 10 || (c === 13 && this.text.charCodeAt(i + 1) !== 10)) {
          line += 1;
          lineStart = i + 1;
        }
      }
      return { file: this.file, line, column: offset - lineStart + 1 };
    }
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  locate(path: Path): SourceLocation {
    return this.locationOfOffset(this.find(path).node?.range?.[0] ?? 0);
  }

  locateKey(path: Path): SourceLocation {
    const found = this.find(path);
    const key = found.complete ? found.key : undefined;
    return this.locationOfOffset((key ?? found.node)?.range?.[0] ?? 0);
  }

  /**
   * Location of character `index` of the string at path, through the scalar's quoting, escapes,
   * folding and block indentation. When the scalar's text cannot be traced (yamlScalarOffsets), the
   * location is the start of its content: approximate, never past the scalar.
   */
  locateInString(path: Path, index: number): SourceLocation {
    const { node } = this.find(path, true);
    const yaml = yamlModule();
    if (node === undefined || !yaml.isScalar(node) || typeof node.value !== 'string') return this.locate(path);
    const token = node.srcToken as YamlScalarToken | undefined;
    if (token === undefined) return this.locate(path);
    const offsets = yamlScalarOffsets(token, node.value);
    const offset = offsets?.[Math.max(0, Math.min(index, offsets.length - 1))] ?? yamlScalarContentStart(token);
    return this.locationOfOffset(offset);
  }

  /**
   * The node at a path, or the deepest existing ancestor (so a missing key points at its map);
   * `complete` when the whole path was found, with the key node of its last step when that was a
   * map's key. Aliases on the way lead into the node they copy; one at the path's end is itself the
   * answer (the problem is where the copy was asked for), unless `throughAlias`.
   */
  private find(path: Path, throughAlias = false): { node: YamlNode | undefined; key?: YamlNode; complete: boolean } {
    const yaml = yamlModule();
    let node = this.root ?? undefined;
    let key: YamlNode | undefined;
    for (const segment of path) {
      if (node !== undefined && yaml.isAlias(node)) node = this.aliasTargets.get(node);
      if (node === undefined) return { node, complete: false };
      let next: YamlNode | undefined;
      let nextKey: YamlNode | undefined;
      if (yaml.isMap(node) && typeof segment === 'string') {
        for (const pair of node.items) {
          if (keyText(pair.key) === segment) {
            nextKey = pair.key as YamlNode;
            next = (pair.value as YamlNode | null) ?? nextKey;
          }
        }
      } else if (yaml.isSeq(node) && typeof segment === 'number') {
        next = (node.items[segment] as YamlNode | null | undefined) ?? undefined;
      }
      if (next === undefined) return { node, complete: false };
      node = next;
      key = nextKey;
    }
    if (throughAlias && node !== undefined && yaml.isAlias(node)) node = this.aliasTargets.get(node);
    return { node, key, complete: true };
  }
}

/** A map key as the scenario sees it: scalars by their value's text; anything else has none. */
function keyText(key: unknown): string | undefined {
  const yaml = yamlModule();
  if (!yaml.isScalar(key)) return undefined;
  const v = key.value;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function problem(code: ErrorCode, location: SourceLocation, message: string, hint: string, path: Path = []): ScenarioProblem {
  return { code, severity: 'error', path, location, message, hint };
}

/** A hint for the `yaml` package's error codes that a hand-written scenario meets most. */
function syntaxHint(code: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces: YAML does not allow tabs for indentation';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and the closing bracket or quote just before this point';
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a key and its colon go on one line; quote a value that holds ": " or starts with a special character';
    case 'BAD_ALIAS':
      return 'an alias is written *name, after an anchor &name on an earlier value';
    default:
      return 'check the indentation (spaces only) and quote strings that hold ": ", " #" or start with one of { } [ ] , & * ! | > \' " % @ `';
  }
}

/**
 * Builds the plain value of a parsed document, checking what JSON files are checked for (forbidden
 * and duplicate keys, lone surrogates, numbers out of range) and what only YAML allows (tags, keys
 * that are not strings, aliases).
 */
class ValueBuilder {
  readonly aliasTargets = new Map<Alias, YamlNode>();
  /** The latest node with each anchor, in document order, as the walk reaches them. */
  private readonly anchors = new Map<string, YamlNode>();
  /** Values copied through aliases so far. */
  private aliasValues = 0;
  /** Aliases being expanded (the walk then copies nodes it has already walked once). */
  private expanding = 0;
  private stopped = false;
  private readonly yaml = yamlModule();

  constructor(
    private readonly text: string,
    private readonly at: (offset: number) => SourceLocation,
    private readonly problems: ScenarioProblem[],
  ) {}

  build(root: YamlNode | null): unknown {
    return root === null ? null : this.value(root, [], 0);
  }

  private report(code: ErrorCode, node: { range?: readonly number[] | null } | null | undefined, path: Path, message: string, hint: string): void {
    this.problems.push(problem(code, this.at(node?.range?.[0] ?? 0), message, hint, [...path]));
  }

  private value(node: YamlNode, path: (string | number)[], depth: number): unknown {
    if (this.stopped) return null;
    const { yaml } = this;
    if (this.expanding > 0) {
      this.aliasValues += 1;
      if (this.aliasValues > limits.yamlAliasValues) {
        this.stopped = true;
        this.report('E_YAML_ALIAS', node, path, `aliases copy more than ${limits.yamlAliasValues.toLocaleString('en-US')} values in all`, 'copy less through aliases (a file of nested aliases can expand to billions of values); write the repeated parts out, or use fewer levels of aliases');
        return null;
      }
    } else if (node.anchor !== undefined && !yaml.isAlias(node)) this.anchors.set(node.anchor, node);
    if (yaml.isAlias(node)) return this.alias(node, path, depth);
    if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      this.report('E_YAML_TAG', { range: [this.tagOffset(node)] }, path, `the tag ${node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed`, 'remove the tag: scenario files use YAML 1.2 core values only (strings, numbers, true/false, null, lists, mappings); quote the value to make it a string');
      return null;
    }
    if (yaml.isMap(node)) {
      if (depth + 1 > limits.nesting) return this.tooDeep(node, path);
      return this.map(node, path, depth + 1);
    }
    if (yaml.isSeq(node)) {
      if (depth + 1 > limits.nesting) return this.tooDeep(node, path);
      return node.items.map((item, i) => (item === null ? null : this.value(item as YamlNode, [...path, i], depth + 1)));
    }
    if (yaml.isScalar(node)) return this.scalar(node, path);
    this.report('E_YAML_SYNTAX', node, path, 'this value is not a YAML scalar, list or mapping', 'write a string, number, true/false, null, list or mapping');
    return null;
  }

  /** Where a node's tag is written: the last `!` before the node's value (tags come before it). */
  private tagOffset(node: YamlNode): number {
    const start = node.range?.[0] ?? 0;
    let i = this.text.lastIndexOf('!', start - 1);
    while (i > 0 && this.text[i - 1] === '!') i--;
    return i < 0 ? start : i;
  }

  private tooDeep(node: YamlNode, path: Path): null {
    this.stopped = true;
    this.report('E_TOO_DEEP', node, path, `nesting deeper than ${limits.nesting} levels`, 'flatten the structure; no part of the format needs this depth (aliases count as the value they copy)');
    return null;
  }

  private alias(node: Alias, path: (string | number)[], depth: number): unknown {
    let target = this.aliasTargets.get(node);
    if (target === undefined) {
      target = this.anchors.get(node.source);
      if (target === undefined) {
        this.report('E_YAML_ALIAS', node, path, `the alias *${node.source} has no anchor &${node.source} before it`, 'put &name on a value written before the alias, or check the spelling');
        return null;
      }
      this.aliasTargets.set(node, target);
    }
    this.expanding += 1;
    try {
      return this.value(target, path, depth);
    } finally {
      this.expanding -= 1;
    }
  }

  private map(node: YAMLMap, path: (string | number)[], depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keyNodes = new Map<string, YamlNode>();
    for (const pair of node.items as Pair<YamlNode | null, YamlNode | null>[]) {
      const keyNode = pair.key;
      const key = keyText(keyNode);
      if (key === undefined || keyNode === null) {
        const what = keyNode === null ? 'an empty key' : this.yaml.isAlias(keyNode) ? 'an alias as a key' : this.yaml.isScalar(keyNode) ? 'a null key' : 'a list or mapping as a key';
        this.report('E_YAML_KEY', keyNode ?? pair.value ?? node, path, `${what}: keys must be strings`, 'write the key as a plain or quoted string');
        continue;
      }
      if (keyNode.tag !== undefined && !CORE_TAGS.has(keyNode.tag)) {
        this.report('E_YAML_TAG', { range: [this.tagOffset(keyNode)] }, [...path, key], `the tag ${keyNode.tag} is not allowed`, 'remove the tag from the key');
        continue;
      }
      if (hasLoneSurrogate(key)) {
        this.problems.push(loneSurrogateProblem([...path], this.at(keyNode.range?.[0] ?? 0), 'key'));
        continue;
      }
      if (FORBIDDEN_KEYS.has(key)) {
        this.report('E_FORBIDDEN_KEY', keyNode, [...path, key], `the key '${key}' is not allowed`, 'rename it: keys that reach JavaScript prototypes are rejected in scenario files');
        continue;
      }
      if (key === '<<' && this.yaml.isScalar(keyNode) && keyNode.type === 'PLAIN') {
        this.report('E_YAML_KEY', keyNode, [...path, key], 'merge keys (<<: *name) are YAML 1.1, not YAML 1.2', 'write the merged keys out, or copy the whole value with an alias (key: *name)');
        continue;
      }
      const first = keyNodes.get(key);
      if (first !== undefined) {
        // Only the walk through the file itself reports duplicates: an alias's copy repeats them.
        if (this.expanding === 0) {
          const was = this.at(first.range?.[0] ?? 0);
          this.report('E_DUPLICATE_KEY', keyNode, [...path, key], `the key '${key}' appears twice in this mapping: first at ${was.line}:${was.column}, again here`, 'remove or rename one of them: YAML readers keep only one');
        }
      } else keyNodes.set(key, keyNode);
      const valueNode = pair.value;
      out[internalized(key)] = valueNode === null ? null : this.value(valueNode, [...path, key], depth);
    }
    return out;
  }

  private scalar(node: Scalar, path: Path): unknown {
    const v = node.value;
    if (typeof v === 'string') {
      if (hasLoneSurrogate(v)) {
        if (this.expanding === 0) this.problems.push(loneSurrogateProblem([...path], this.at(node.range?.[0] ?? 0), 'string'));
        return '';
      }
      return v.length <= 100 ? internalized(v) : v;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) {
        if (this.expanding === 0) {
          const written = /^[-+]?\.(inf|nan)$/i.test((node.srcToken as YamlScalarToken | undefined)?.source ?? '');
          this.report('E_NUMBER_RANGE', node, path, written ? `${Number.isNaN(v) ? '.nan' : '.inf'} is not a number a scenario can use` : 'this number is too large to represent', 'use a finite number within ±1.7e308');
        }
        return 0;
      }
      return v;
    }
    if (typeof v === 'boolean' || v === null) return v;
    this.report('E_YAML_TAG', node, path, 'this value is not a string, number, boolean or null', 'write a YAML 1.2 core value');
    return null;
  }
}
