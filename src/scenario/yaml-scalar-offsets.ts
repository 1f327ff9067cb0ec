/** A scalar's token as the `yaml` package's syntax tree keeps it (the fields read here). */
export interface YamlScalarToken {
  readonly type: string;
  /** Where the token starts in the text: its opening quote, first character or block header. */
  readonly offset: number;
  /** The raw text: the scalar with its quotes, or a block scalar's content lines after its header. */
  readonly source: string;
  /** The indentation of the collection that holds it (block scalars count their own from it). */
  readonly indent: number;
  /** A block scalar's header and what follows it on its line. */
  readonly props?: readonly { readonly source: string }[];
}

/** A piece of one source line and the text it stands for in the value. */
interface Unit {
  readonly offset: number;
  readonly text: string;
  /** Characters it takes in the file (an escape takes several). */
  readonly width: number;
  /** Unescaped space or tab, which folding trims at the ends of lines. */
  readonly blank: boolean;
}

interface Line {
  units: Unit[];
  /** Offset of the line's end (its line break, or the end of the scalar). */
  readonly end: number;
  /** A double-quoted line ending in `\`: joined to the next without a space. */
  readonly escapedBreak: boolean;
}

/**
 * For each character of a YAML scalar's value, the offset in the file where it is written, plus one
 * last entry for the end of the value; undefined when the value cannot be traced back.
 *
 * YAML writes a string in five ways, and the value is not the raw text in any of them: plain and
 * quoted scalars fold line breaks into spaces and trim indentation, single quotes double `''`,
 * double quotes have escapes (`\n`, `\u00e9`, a `\` before a line break), block scalars (`|`, `>`)
 * drop their indentation and fold or keep line breaks. Each source line is cut into units (one per
 * written character or escape) as YAML reads them, then matched in order against the value the
 * parser produced; line breaks become the spaces or newlines between them. The match is checked
 * to the last character, so a file it cannot follow gives undefined, never a wrong column.
 *
 * @example
 * // text: 'guard: "self.rounds >= \\u0036"', token at offset 7
 * yamlScalarOffsets(token, 'self.rounds >= 6')?.[15] // 23: the backslash of \u0036
 */
export function yamlScalarOffsets(token: YamlScalarToken, value: string): number[] | undefined {
  const lines = token.type === 'block-scalar' ? blockLines(token) : flowLines(token);
  return lines === undefined ? undefined : align(lines, value);
}

/** Where a scalar's content starts: after its opening quote or block header line. */
export function yamlScalarContentStart(token: YamlScalarToken): number {
  if (token.type === 'block-scalar') return token.offset + (token.props ?? []).reduce((n, p) => n + p.source.length, 0);
  return token.offset + (token.type === 'scalar' ? 0 : 1);
}

/** Splits text at YAML line breaks (LF, CRLF, CR), giving each line's start offset and text. */
function splitLines(text: string, base: number): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      out.push({ start: base + start, text: text.slice(start, i) });
      if (c === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  out.push({ start: base + start, text: text.slice(start) });
  return out;
}

function flowLines(token: YamlScalarToken): Line[] | undefined {
  const quoted = token.type !== 'scalar';
  const quote = token.type === 'double-quoted-scalar' ? '"' : "'";
  const src = token.source;
  if (quoted && (src.length < 2 || src[src.length - 1] !== quote)) return undefined;
  const body = quoted ? src.slice(1, -1) : src;
  const raw = splitLines(body, token.offset + (quoted ? 1 : 0));
  const lines: Line[] = [];
  for (const [n, { start, text }] of raw.entries()) {
    const units: Unit[] = [];
    let escapedBreak = false;
    for (let i = 0; i < text.length; ) {
      const c = text[i]!;
      if (token.type === 'single-quoted-scalar' && c === "'" && text[i + 1] === "'") {
        units.push({ offset: start + i, text: "'", width: 2, blank: false });
        i += 2;
      } else if (token.type === 'double-quoted-scalar' && c === '\\') {
        if (i === text.length - 1) {
          escapedBreak = true;
          i += 1;
          continue;
        }
        const escape = decodeEscape(text, i);
        if (escape === undefined) return undefined;
        units.push({ offset: start + i, text: escape.text, width: escape.length, blank: false });
        i += escape.length;
      } else {
        units.push({ offset: start + i, text: c, width: 1, blank: c === ' ' || c === '\t' });
        i += 1;
      }
    }
    // Folding trims the whitespace around line breaks: not before an escaped one, nor at the quotes.
    if (n > 0) while (units.length > 0 && units[0]!.blank) units.shift();
    if (n < raw.length - 1 && !escapedBreak) while (units.length > 0 && units[units.length - 1]!.blank) units.pop();
    lines.push({ units, end: start + text.length, escapedBreak });
  }
  return lines;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

/** The text and raw length of the double-quoted escape at i (a backslash). */
function decodeEscape(text: string, i: number): { text: string; length: number } | undefined {
  const c = text[i + 1]!;
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { text: simple, length: 2 };
  const digits = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  const hex = text.slice(i + 2, i + 2 + digits);
  if (digits === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return undefined;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) return undefined;
  return { text: String.fromCodePoint(code), length: 2 + digits };
}

function blockLines(token: YamlScalarToken): Line[] | undefined {
  const header = token.props?.[0]?.source ?? '';
  const explicit = /[1-9]/.exec(header);
  const raw = splitLines(token.source, yamlScalarContentStart(token));
  let indent: number;
  if (explicit) indent = token.indent + Number(explicit[0]);
  else {
    const first = raw.find((l) => l.text.trim() !== '');
    indent = first === undefined ? Number.POSITIVE_INFINITY : /^ */.exec(first.text)![0].length;
  }
  return raw.map(({ start, text }) => {
    const skip = Math.min(indent, /^ */.exec(text)![0].length);
    const units = text
      .slice(skip)
      .split('')
      .map((c, i) => ({ offset: start + skip + i, text: c, width: 1, blank: false }));
    return { units, end: start + text.length, escapedBreak: false };
  });
}

/**
 * Matches the lines' units against the value in order. Between two lines the value may hold only
 * spaces and newlines (what folding made of the line breaks and blank lines); each of those points
 * at the end of the last line with text before it.
 */
function align(lines: readonly Line[], value: string): number[] | undefined {
  const offsets: number[] = [];
  let v = 0;
  let previousEnd = lines[0]?.end ?? 0;
  let lastUnit: Unit | undefined;
  for (const line of lines) {
    if (line.units.length === 0) continue;
    let skip = 0;
    while (!unitsMatch(line.units, value, v + skip)) {
      const c = value[v + skip];
      if (c !== ' ' && c !== '\n') return undefined;
      skip++;
    }
    for (let k = 0; k < skip; k++) offsets.push(previousEnd);
    v += skip;
    for (const unit of line.units) {
      for (let k = 0; k < unit.text.length; k++) offsets.push(unit.offset);
      v += unit.text.length;
      lastUnit = unit;
    }
    previousEnd = line.end;
  }
  const trailing = v < value.length;
  while (v < value.length) {
    if (value[v] !== ' ' && value[v] !== '\n') return undefined;
    offsets.push(previousEnd);
    v++;
  }
  offsets.push(lastUnit === undefined || trailing ? previousEnd : lastUnit.offset + lastUnit.width);
  return offsets;
}

function unitsMatch(units: readonly Unit[], value: string, at: number): boolean {
  let v = at;
  for (const unit of units) {
    if (!value.startsWith(unit.text, v)) return false;
    v += unit.text.length;
  }
  return true;
}

