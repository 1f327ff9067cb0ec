import type { SourceDocument } from './source-document.js';
import type { SourceLocation } from './scenario-error.js';

type Path = readonly (string | number)[];

/**
 * Where one piece of a spliced string comes from: characters [start, end) of the expanded string
 * are characters from `from` onwards of the string written at `path` (template text or a parameter
 * value), or, when `path` is not a string (a number spliced in), the value at `path` itself.
 */
export interface StringPiece {
  readonly start: number;
  readonly end: number;
  readonly path: Path;
  readonly from: number;
}

/** Where an expanded value is written in the file, and which template instance produced it. */
export interface Origin {
  /** The path of the value in the file as written. */
  readonly path: Path;
  /** For a string built by splicing parameters into template text: where each piece comes from. */
  readonly pieces?: readonly StringPiece[];
  /** The track and template, when the value comes from a template's body or a parameter. */
  readonly instance?: { readonly track: string; readonly template: string };
}

interface OriginNode {
  origin?: Origin;
  readonly children: Map<string | number, OriginNode>;
}

/**
 * A scenario after templates and shorthands are expanded: its value is what the schema and the
 * checker see, and every path in it is mapped back to where it is written in the file, so problems
 * found later point at the template body, the parameter value or the instance that produced them.
 * Paths without a recorded origin are written in the file where they stand.
 */
export class ExpandedDocument implements SourceDocument {
  private readonly origins: OriginNode = { children: new Map() };

  constructor(
    /** The document as written (parsed, before expansion). */
    readonly written: SourceDocument,
    readonly value: unknown,
  ) {}

  get file(): string {
    return this.written.file;
  }

  get text(): string {
    return this.written.text;
  }

  /**
   * Records where the value at an expanded path is written; `replaces` forgets what was recorded
   * below it (a value replaced whole by an override).
   */
  record(path: Path, origin: Origin, replaces = false): void {
    let node = this.origins;
    for (const segment of path) {
      let next = node.children.get(segment);
      if (next === undefined) {
        next = { children: new Map() };
        node.children.set(segment, next);
      }
      node = next;
    }
    node.origin = origin;
    if (replaces) node.children.clear();
  }

  /**
   * The origin of the value at path: the deepest recorded ancestor's, with the rest of the path
   * appended (a subtree copied whole is recorded at its root only). Exact: whether the origin was
   * recorded for the path itself (so its key and string pieces apply).
   */
  originOf(path: Path): { origin: Origin; exact: boolean } {
    let node: OriginNode | undefined = this.origins;
    let best: Origin | undefined;
    let depth = 0;
    for (let i = 0; i < path.length && node !== undefined; i++) {
      node = node.children.get(path[i]!);
      if (node?.origin !== undefined) {
        best = node.origin;
        depth = i + 1;
      }
    }
    if (best === undefined) return { origin: { path }, exact: true };
    if (depth === path.length) return { origin: best, exact: true };
    return { origin: { path: [...best.path, ...path.slice(depth)], instance: best.instance }, exact: false };
  }

  /** The track instance and template that produced the value at path, if a template did. */
  instanceAt(path: Path): { readonly track: string; readonly template: string } | undefined {
    return this.originOf(path).origin.instance;
  }

  locate(path: Path): SourceLocation {
    return this.written.locate(this.originOf(path).origin.path);
  }

  locateKey(path: Path): SourceLocation {
    return this.written.locateKey(this.originOf(path).origin.path);
  }

  locateInString(path: Path, index: number): SourceLocation {
    const { origin, exact } = this.originOf(path);
    if (!exact || origin.pieces === undefined) return this.written.locateInString(origin.path, index);
    const piece = origin.pieces.find((p) => index >= p.start && index < p.end) ?? origin.pieces[origin.pieces.length - 1];
    if (piece === undefined) return this.written.locate(origin.path);
    return this.written.locateInString(piece.path, piece.from + Math.max(0, index - piece.start));
  }
}
