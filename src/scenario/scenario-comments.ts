import { createScanner, parseTree, SyntaxKind, type Node } from 'jsonc-parser';
import { scenarioFileFormat } from './scenario-file-format.js';
import { yamlModule } from './yaml-module.js';

type Path = readonly (string | number)[];

/**
 * The comments of a scenario file, each attached to the value it annotates, whatever the syntax:
 * `parley convert` writes them back at the same places in the other syntax. A comment is a list of
 * lines of text without the comment markers (`//`, `/* *\/`, `#`). Paths are keys of the value (as
 * `JSON.stringify(path)`); `[]` is the whole scenario.
 */
export interface ScenarioComments {
  /** Comments at the top of the file, before the scenario's first key. */
  readonly top: string[];
  /** Comments on the lines before a property or an array element. */
  readonly before: Map<string, string[]>;
  /** A comment after a value on the same line (after the opening bracket of an object or array). */
  readonly trailing: Map<string, string[]>;
  /** Comments after the last entry of an object or array (`[]`: the end of the file). */
  readonly end: Map<string, string[]>;
}

export function emptyComments(): ScenarioComments {
  return { top: [], before: new Map(), trailing: new Map(), end: new Map() };
}

/** Whether a file's comments hold anything (besides the YAML schema comment, which is not one). */
export function hasComments(comments: ScenarioComments): boolean {
  return comments.top.length > 0 || comments.before.size > 0 || comments.trailing.size > 0 || comments.end.size > 0;
}

export function pathKey(path: Path): string {
  return JSON.stringify(path);
}

function add(map: Map<string, string[]>, path: Path, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const key = pathKey(path);
  const existing = map.get(key);
  if (existing === undefined) map.set(key, [...lines]);
  else for (const line of lines) existing.push(line);
}

/** The comments of a scenario file's text, read in the syntax its name says; `value` is what it parsed to. */
export function sourceComments(text: string, file: string, value: unknown): ScenarioComments {
  return scenarioFileFormat(file) === 'yaml' ? yamlComments(text, value) : jsoncComments(text);
}

/** The lines of a JSON comment's text: `// x` is `x`; a block comment gives one line per line, without a leading `*`. */
function jsoncCommentLines(raw: string): string[] {
  if (raw.startsWith('//')) return [raw.slice(2).replace(/^ /, '').trimEnd()];
  const lines = raw.slice(2, raw.endsWith('*/') ? -2 : undefined).replace(/^\*+/, '').split(/\r\n|\r|\n/);
  const decorated = lines.length > 1 && lines.slice(1).every((l) => /^\s*(\*|$)/.test(l));
  const clean = lines.map((line, i) => (i > 0 && decorated ? line.replace(/^\s*\*/, '') : line).trim());
  while (clean.length > 0 && clean[0] === '') clean.shift();
  while (clean.length > 0 && clean.at(-1) === '') clean.pop();
  return clean.length === 0 ? [''] : clean;
}

interface Token {
  readonly kind: SyntaxKind;
  readonly offset: number;
  readonly end: number;
}

/**
 * The comments of a JSON-with-comments text. A comment is attached to the first thing it can
 * annotate: one on the line of a value (after it or its comma) trails that value, one on the line of
 * an opening bracket trails the object or array it opens; one on lines of its own annotates the
 * property or element that follows, or, before a closing bracket, ends that object or array. Comments
 * before the scenario's opening brace are the top of the file; after its closing brace, the end.
 */
export function jsoncComments(text: string): ScenarioComments {
  const comments = emptyComments();
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (root === undefined) return comments;
  const entryAt = new Map<number, Path>(); // where a property or element starts
  const valueEnd = new Map<number, Path>(); // where a value ends
  const opens = new Map<number, Path>(); // an object's or array's opening bracket
  const closes = new Map<number, Path>(); // its closing bracket
  const keyEnd = new Map<number, Path>(); // where a property's key ends
  const walk = (node: Node, path: Path): void => {
    valueEnd.set(node.offset + node.length, path);
    if (node.type !== 'object' && node.type !== 'array') return;
    opens.set(node.offset, path);
    closes.set(node.offset + node.length - 1, path);
    (node.children ?? []).forEach((child, i) => {
      if (node.type === 'object') {
        const [key, value] = child.children ?? [];
        if (key === undefined) return;
        const childPath = [...path, key.value as string];
        entryAt.set(child.offset, childPath);
        keyEnd.set(key.offset + key.length, childPath);
        if (value !== undefined) walk(value, childPath);
      } else {
        entryAt.set(child.offset, [...path, i]);
        walk(child, [...path, i]);
      }
    });
  };
  walk(root, []);

  const scanner = createScanner(text, false);
  const tokens: Token[] = [];
  const found: { raw: string; offset: number; previous: number }[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    const end = offset + scanner.getTokenLength();
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) found.push({ raw: text.slice(offset, end), offset, previous: tokens.length - 1 });
    else if (kind !== SyntaxKind.Trivia && kind !== SyntaxKind.LineBreakTrivia) tokens.push({ kind, offset, end });
  }
  const sameLine = (from: number, to: number): boolean => !/[\r\n]/.test(text.slice(from, to));
  for (const { raw, offset, previous } of found) {
    const lines = jsoncCommentLines(raw);
    const before = tokens[previous];
    const next = tokens[previous + 1];
    if (before !== undefined && sameLine(before.end, offset)) {
      const valueToken = before.kind === SyntaxKind.CommaToken ? tokens[previous - 1] : before;
      const trailed = valueToken === undefined ? undefined : valueEnd.get(valueToken.end);
      if (trailed !== undefined && valueToken !== undefined && !opens.has(valueToken.offset)) {
        add(comments.trailing, trailed, lines);
        continue;
      }
      const opened = opens.get(before.offset);
      if (opened !== undefined) {
        if (opened.length === 0) comments.top.push(...lines);
        else add(comments.trailing, opened, lines);
        continue;
      }
    }
    if (next === undefined) add(comments.end, [], lines);
    else if (entryAt.has(next.offset)) add(comments.before, entryAt.get(next.offset)!, lines);
    else if (closes.has(next.offset)) add(comments.end, closes.get(next.offset)!, lines);
    else if (next.offset === root.offset) comments.top.push(...lines);
    else if (before !== undefined && valueEnd.has(before.end)) add(comments.trailing, valueEnd.get(before.end)!, lines);
    else if (before?.kind === SyntaxKind.ColonToken && keyEnd.has(tokens[previous - 1]?.end ?? -1)) add(comments.before, keyEnd.get(tokens[previous - 1]!.end)!, lines);
    else add(comments.end, [], lines); // anywhere else: kept at the end of the file rather than lost
  }
  return comments;
}

/** The columns of the first `count` comment lines from offset `from` on (blank lines skipped). */
function commentColumns(text: string, from: number, count: number): number[] {
  const columns: number[] = [];
  let at = text.lastIndexOf('\n', from - 1) + 1;
  while (at < text.length && columns.length < count) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end === -1 ? text.length : end);
    const hash = line.search(/\S/);
    if (hash !== -1 && line[hash] === '#' && at + hash >= from) columns.push(hash);
    if (end === -1) break;
    at = end + 1;
  }
  return columns;
}

/** The comment lines of a YAML node's comment text (the `yaml` package keeps the text after `#`). */
function yamlCommentLines(comment: string | null | undefined): string[] {
  if (comment === undefined || comment === null) return [];
  return comment.split('\n').map((line) => line.replace(/^ /, '').trimEnd());
}

const YAML_SCHEMA_LINE = /^\s*yaml-language-server:\s*\$schema=/;

/**
 * The comments of a YAML text: a comment on the lines before a key or `- ` annotates that entry, one
 * after a value on its line trails it, one after `key:` trails the object or array below, one after
 * the last entry of a block ends it. The editors' schema comment is left out (it is the `$schema`).
 */
export function yamlComments(text: string, value: unknown): ScenarioComments {
  const yaml = yamlModule();
  const comments = emptyComments();
  const doc = yaml.parseDocument(text, { version: '1.2', schema: 'core', merge: false, uniqueKeys: false, keepSourceTokens: false });
  if (doc.errors.length > 0) return comments;
  const exists = (path: Path): boolean => {
    let v: unknown = value;
    for (const step of path) {
      if (v === null || typeof v !== 'object' || !Object.hasOwn(v, step)) return false;
      v = (v as Record<string | number, unknown>)[step];
    }
    return true;
  };
  // The nearest path that is in the value (a comment inside an alias's target stays with its place).
  const attach = (map: Map<string, string[]>, path: Path, lines: string[]): void => {
    let p = path;
    while (p.length > 0 && !exists(p)) p = p.slice(0, -1);
    if (p.length === path.length) add(map, p, lines);
    else add(comments.end, p, lines);
  };
  const withoutBlankEnds = (lines: string[]): string[] => {
    const out = lines.filter((l) => !YAML_SCHEMA_LINE.test(l));
    while (out.length > 0 && out[0] === '') out.shift();
    while (out.length > 0 && out.at(-1) === '') out.pop();
    return out;
  };
  const columnOf = (offset: number): number => offset - text.lastIndexOf('\n', offset - 1) - 1;
  // The block collections around a node, innermost last, with the column their entries start at.
  type Open = { readonly path: Path; readonly column: number };
  // Comment lines after a nested block's end that go before the next entry of the block they are in.
  const pending = new Map<string, string[]>();
  // A node's comments: `before` goes before the entry it is the value of (a collection's go before its
  // first entry), its trailing comment trails it (a block collection's ends it).
  const visit = (node: unknown, path: Path, entry: boolean, around: readonly Open[]): void => {
    if (yaml.isAlias(node) || !yaml.isNode(node)) return;
    const collection = yaml.isMap(node) || yaml.isSeq(node);
    const before = withoutBlankEnds(yamlCommentLines(node.commentBefore));
    const trailing = yamlCommentLines(node.comment);
    if (collection) {
      const first = node.items[0];
      if (before.length > 0) {
        if (first === undefined) attach(comments.end, path, before);
        else attach(comments.before, [...path, yaml.isPair(first) ? String(yaml.isScalar(first.key) ? first.key.value : first.key) : 0], before);
      }
      const column = node.range ? columnOf(node.range[0]) : 0;
      if (trailing.length > 0 && node.flow) attach(comments.trailing, path, trailing);
      else if (trailing.length > 0) {
        // The parser gives every comment line after a block's last entry to the innermost block; a
        // line indented less belongs to the enclosing
        // block whose entries start at or left of it, before its next entry if it has one.
        const written = node.range ? commentColumns(text, node.range[1], trailing.length) : [];
        const enclosing = [...around, { path, column }];
        trailing.forEach((line, i) => {
          const at = written[i] ?? column;
          const owner = [...enclosing].reverse().find((o) => o.column <= at) ?? enclosing[0]!;
          if (owner.path === path) attach(comments.end, path, [line]);
          else add(pending, owner.path, [line]);
        });
      }
      const carried = (childPath: Path): void => {
        const lines = pending.get(pathKey(path));
        if (lines === undefined) return;
        pending.delete(pathKey(path));
        attach(comments.before, childPath, lines);
      };
      node.items.forEach((item: unknown, i: number) => {
        carried(yaml.isPair(item) ? [...path, String(yaml.isScalar(item.key) ? item.key.value : item.key)] : [...path, i]);
        if (yaml.isPair(item)) {
          const key = String(yaml.isScalar(item.key) ? item.key.value : item.key);
          const childPath = [...path, key];
          if (yaml.isNode(item.key)) {
            attach(comments.before, childPath, withoutBlankEnds(yamlCommentLines(item.key.commentBefore)));
            attach(comments.trailing, childPath, yamlCommentLines(item.key.comment));
            // `key: # text` above a block object or list: the parser gives the text to the value's
            // comments before its first entry; it trails the property.
            const below = item.value;
            const keyEnd = item.key.range?.[1];
            if ((yaml.isMap(below) || yaml.isSeq(below)) && below.commentBefore && keyEnd !== undefined && /^[ \t]*:[ \t]*#/.test(text.slice(keyEnd))) {
              const [first = '', ...rest] = yamlCommentLines(below.commentBefore);
              attach(comments.trailing, childPath, [first]);
              below.commentBefore = rest.length === 0 ? null : rest.map((l) => (l === '' ? '' : ` ${l}`)).join('\n');
            }
          }
          visit(item.value, childPath, true, [...around, { path, column }]);
        } else visit(item, [...path, i], true, [...around, { path, column }]);
      });
      const left = pending.get(pathKey(path));
      if (left !== undefined) {
        pending.delete(pathKey(path));
        attach(comments.end, path, left);
      }
    } else {
      if (entry) attach(comments.before, path, before);
      attach(comments.trailing, path, trailing);
    }
  };
  visit(doc.contents, [], false, []);
  // Before the first key of the file: what comes before a blank line is the file's top.
  const firstKey = yaml.isMap(doc.contents) && doc.contents.items[0] !== undefined ? doc.contents.items[0] : undefined;
  const head = [...yamlCommentLines(doc.commentBefore), ...(firstKey && yaml.isNode(firstKey.key) ? yamlCommentLines(firstKey.key.commentBefore) : [])].filter((l) => !YAML_SCHEMA_LINE.test(l));
  if (firstKey !== undefined) {
    const firstPath = pathKey([String(yaml.isScalar(firstKey.key) ? firstKey.key.value : firstKey.key)]);
    const contentsBefore = yaml.isNode(doc.contents) ? withoutBlankEnds(yamlCommentLines(doc.contents.commentBefore)) : [];
    const lastBlank = head.lastIndexOf('');
    const top = withoutBlankEnds(head.slice(0, Math.max(lastBlank, 0)));
    const rest = withoutBlankEnds(head.slice(lastBlank + 1));
    comments.top.push(...top.filter((l) => l !== ''));
    const firstBefore = [...rest, ...contentsBefore];
    if (firstBefore.length > 0) comments.before.set(firstPath, firstBefore);
    else comments.before.delete(firstPath);
  } else comments.top.push(...withoutBlankEnds(head));
  add(comments.end, [], yamlCommentLines(doc.comment).filter((l) => l !== ''));
  for (const map of [comments.before, comments.trailing, comments.end]) {
    for (const [key, lines] of map) {
      const kept = lines.filter((l, i) => l !== '' || (i > 0 && i < lines.length - 1));
      if (kept.length === 0) map.delete(key);
      else map.set(key, kept);
    }
  }
  return comments;
}
