import { yamlModule } from './yaml-module.js';

/**
 * Returns the offset where the nesting of a YAML text's collections first exceeds max, by an
 * estimate that never exceeds the real depth; undefined when the estimate stays within max.
 *
 * Run before parsing: the `yaml` package composes documents recursively (a few hundred brackets or
 * `- - - ...` levels overflow the stack) and builds its syntax tree slowly on deep input (a million
 * levels take seconds). This reads the lexer's tokens only, which cost little whatever the depth,
 * and quoted strings, comments and block scalars are single tokens there, so brackets inside them
 * do not count.
 *
 * Block collections are counted by the columns of their indicators and keys (a `-`, a `?`, or a key
 * before `:` further right than the enclosing one opens a level), flow collections by their
 * brackets. A sequence written at its parent key's column, or a single-pair map inside a flow
 * sequence, is not counted, so a text passes this scan with at most about twice max levels: the
 * exact depth is checked on the parsed document.
 */
export function findExcessiveYamlNesting(text: string, max: number): number | undefined {
  const { Lexer } = yamlModule();
  /** Columns of the open block collections, innermost last. */
  const columns: number[] = [];
  let flow = 0;
  let offset = 0;
  let column = 0;
  /** Column of the last scalar or flow collection begun on this line outside brackets: a key, if a ':' follows. */
  let keyColumn: number | undefined;
  let scalarNext = false;
  const open = (at: number): void => {
    while (columns.length > 0 && columns[columns.length - 1]! > at) columns.pop();
    if (columns.length === 0 || columns[columns.length - 1]! < at) columns.push(at);
  };
  for (const token of new Lexer().lex(text)) {
    // Control tokens (document mode, flow error end, scalar marker) take no room in the text.
    if (token === '\x02' || token === '\x18') continue;
    if (token === '\x1f') {
      scalarNext = true;
      continue;
    }
    const start = offset;
    const startColumn = column;
    if (scalarNext) {
      scalarNext = false;
      if (flow === 0) keyColumn = startColumn;
    } else {
      switch (token[0]) {
        case '[':
        case '{':
          if (flow === 0) keyColumn = startColumn;
          flow += 1;
          break;
        case ']':
        case '}':
          if (flow > 0) flow -= 1;
          break;
        case '-':
          if (token === '---') columns.length = 0;
          else if (token === '-' && flow === 0) open(startColumn);
          break;
        case '?':
          if (flow === 0) open(startColumn);
          break;
        case ':':
          if (flow === 0) open(keyColumn ?? startColumn);
          keyColumn = undefined;
          break;
        case '"':
        case "'":
          if (flow === 0) keyColumn = startColumn;
          break;
      }
    }
    offset += token.length;
    const lastBreak = Math.max(token.lastIndexOf('\n'), token.lastIndexOf('\r'));
    column = lastBreak < 0 ? column + token.length : token.length - lastBreak - 1;
    // An implicit key is written on one line: nothing before a line break is one.
    if (lastBreak >= 0) keyColumn = undefined;
    if (columns.length + flow > max) return start;
  }
  return undefined;
}
