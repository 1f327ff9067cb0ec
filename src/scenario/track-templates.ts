import { z } from 'zod';
import type { SourceDocument } from './source-document.js';
import type { ScenarioProblem } from './scenario-error.js';
import type { ErrorCode } from './error-codes.js';
import { ExpandedDocument, type Origin, type StringPiece } from './expanded-document.js';
import { trackInstanceSchema, trackTemplateSchema, type TrackTemplate } from './scenario-schema.js';
import { schemaProblems } from './schema-problems.js';
import { didYouMean } from './did-you-mean.js';
import { internalized } from './internalized.js';
import { limits } from './limits.js';

type Path = readonly (string | number)[];
type Instance = { readonly track: string; readonly template: string };

/** The parameter every template has without declaring it: the id of the track being made. */
const TRACK_PARAM = 'track';

/** Keys that could reach an object's prototype (the parser refuses them; spliced keys must not make one). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** "$${" (an escaped "${") or a "${name}" placeholder. */
const PLACEHOLDER = /\$\$\{|\$\{([^}]*)\}/g;

/** What the templates section and the tracks' "use" and "with" must look like before expansion. */
const templatesSection = z.looseObject({
  templates: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be an identifier: a letter, then letters, digits or _'), trackTemplateSchema).optional(),
});

/**
 * Expands track templates: every track written `{ "use": "name", "with": {...}, ...overrides }` is
 * replaced by the template's track with the parameters substituted and the overrides merged in,
 * and the "templates" section is dropped. The result maps every expanded path back to where it is
 * written. Problems (unknown template or parameter, wrong type...) are located in the file; when
 * there are any, the document is the one written.
 */
export function expandTrackTemplates(written: SourceDocument): { document: ExpandedDocument; problems: ScenarioProblem[] } {
  const root = written.value;
  const out = new ExpandedDocument(written, withCopiedTracks(root));
  if (!isPlainObject(root) || (root.templates === undefined && !Object.values(isPlainObject(root.tracks) ? root.tracks : {}).some((t) => isPlainObject(t) && 'use' in t))) {
    return { document: out, problems: [] };
  }
  const problems: ScenarioProblem[] = [];
  const parsed = templatesSection.safeParse(root);
  if (!parsed.success) return { document: out, problems: schemaProblems(templatesSection, parsed.error.issues, written) };
  const templates = (parsed.data.templates ?? {}) as Record<string, TrackTemplate>;
  const expander = new TemplateExpander(written, problems);
  for (const [name, template] of Object.entries(templates)) expander.checkTemplate(name, template);

  const tracks: Record<string, unknown> = {};
  const writtenTracks = isPlainObject(root.tracks) ? root.tracks : undefined;
  if (writtenTracks !== undefined && Object.keys(writtenTracks).length > limits.tracks) {
    // Checked again after expansion; here so that no template is copied into thousands of tracks.
    return { document: out, problems: [problem('E_LIMIT', ['tracks'], written, `${Object.keys(writtenTracks).length} tracks; the limit is ${limits.tracks}`, 'merge tracks or split the scenario', true)] };
  }
  for (const [id, track] of Object.entries(writtenTracks ?? {})) {
    if (!isPlainObject(track) || !('use' in track)) {
      tracks[id] = copy(track);
      continue;
    }
    const at: Path = ['tracks', id];
    const instance = trackInstanceSchema.safeParse(track);
    if (!instance.success) {
      schemaProblems(trackInstanceSchema, instance.error.issues, written, [...at], problems);
      continue;
    }
    const name = instance.data.use;
    const template = templates[name];
    if (template === undefined) {
      const names = Object.keys(templates);
      problems.push(problem('E_UNKNOWN_TEMPLATE', [...at, 'use'], written, `track '${id}' uses template '${name}', which is not declared`, didYouMean(name, names) ?? 'declare it under "templates"'));
      continue;
    }
    const made = expander.instantiate(id, name, template, track);
    if (made !== undefined) tracks[id] = made;
  }
  if (problems.length > 0) return { document: out, problems };

  const value: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(root)) {
    if (key === 'templates') continue;
    value[key] = key === 'tracks' && writtenTracks !== undefined ? tracks : v;
  }
  const document = new ExpandedDocument(written, value);
  for (const [path, origin, replaces] of expander.origins) document.record(path, origin, replaces);
  return { document, problems };
}

class TemplateExpander {
  /** Origins of the expanded tracks, recorded on the final document once expansion succeeds. */
  readonly origins: [Path, Origin, boolean][] = [];

  /** What expansion has made so far, counted as limits.templateExpansion counts it. */
  private made = 0;
  private overLimit = false;

  constructor(
    private readonly written: SourceDocument,
    private readonly problems: ScenarioProblem[],
  ) {}

  /** Counts values made; false (after reporting it once) when expansion would exceed its limit. */
  private count(units: number, raw: Path): boolean {
    this.made += units;
    if (this.made <= limits.templateExpansion) return true;
    if (!this.overLimit) {
      this.overLimit = true;
      this.problems.push(
        problem('E_LIMIT', raw, this.written, `expanding the track templates would make more than ${limits.templateExpansion.toLocaleString('en-US')} values`, 'use the template in fewer tracks, or put large values in it less often'),
      );
    }
    return false;
  }

  /** Checks a template's own declarations: defaults of the declared type, no nested "use". */
  checkTemplate(name: string, template: TrackTemplate): void {
    const at: Path = ['templates', name];
    if ('use' in template.track) {
      this.problems.push(
        problem('E_TEMPLATE_NESTED', [...at, 'track', 'use'], this.written, `template '${name}' uses another template: templates do not nest`, 'write the track out in this template, or make the other template cover both', true),
      );
    }
    for (const [param, decl] of Object.entries(template.params)) {
      if (param === TRACK_PARAM) {
        this.problems.push(problem('E_TEMPLATE_PARAM', [...at, 'params', param], this.written, `'${TRACK_PARAM}' is the id of the track being made and cannot be declared`, 'rename the parameter', true));
      } else if (decl.default !== undefined && decl.default !== null && !hasType(decl.default, decl.type)) {
        this.problems.push(problem('E_TEMPLATE_PARAM_TYPE', [...at, 'params', param, 'default'], this.written, `the default of '${param}' is ${describe(decl.default)}, not ${article(decl.type)}`));
      }
    }
  }

  /** The track made from a template for one instance, or undefined after reporting why not. */
  instantiate(id: string, name: string, template: TrackTemplate, track: Record<string, unknown>): Record<string, unknown> | undefined {
    const at: Path = ['tracks', id];
    const given = isPlainObject(track.with) ? track.with : {};
    const before = this.problems.length;
    const values = new Map<string, { value: unknown; path: Path }>();
    values.set(TRACK_PARAM, { value: id, path: [...at] });
    for (const [param, value] of Object.entries(given)) {
      const decl = template.params[param];
      if (decl === undefined) {
        this.problems.push(
          problem('E_TEMPLATE_PARAM', [...at, 'with', param], this.written, `template '${name}' has no parameter '${param}'`, didYouMean(param, Object.keys(template.params)) ?? `declare it under "templates.${name}.params"`, true),
        );
      } else if (value !== null && !hasType(value, decl.type)) {
        this.problems.push(problem('E_TEMPLATE_PARAM_TYPE', [...at, 'with', param], this.written, `'${param}' of template '${name}' is ${article(decl.type)}; this is ${describe(value)}`));
      } else values.set(param, { value, path: [...at, 'with', param] });
    }
    for (const [param, decl] of Object.entries(template.params)) {
      if (values.has(param) || param in given) continue;
      if (decl.default !== undefined) values.set(param, { value: decl.default, path: ['templates', name, 'params', param, 'default'] });
      else {
        this.problems.push(
          problem(
            'E_TEMPLATE_PARAM_MISSING',
            [...at, track.with === undefined ? 'use' : 'with'],
            this.written,
            `track '${id}' does not give parameter '${param}' of template '${name}', which has no default`,
            `add "with": { "${param}": <${decl.type}> }${decl.description ? ` (${decl.description})` : ''}`,
          ),
        );
      }
    }
    if (this.problems.length > before) return undefined;
    const instance: Instance = { track: id, template: name };
    const body = this.substitute(template.track, ['templates', name, 'track'], at, values, instance);
    if (!isPlainObject(body)) return undefined;
    for (const [key, value] of Object.entries(track)) {
      if (key === 'use' || key === 'with') continue;
      this.merge(body, key, value, [...at, key]);
    }
    this.origins.push([at, { path: at }, false]);
    return body;
  }

  /** Copies template text with the parameters put in, recording where each expanded value is written. */
  private substitute(node: unknown, raw: Path, expanded: Path, values: Map<string, { value: unknown; path: Path }>, instance: Instance): unknown {
    if (!this.count(1, raw)) return null;
    if (typeof node === 'string') {
      const whole = /^\$\{([^}]*)\}$/.exec(node);
      if (whole) {
        const param = this.param(whole[1]!, raw, 0, values);
        if (param === undefined) return node;
        if (!this.count(size(param.value), raw)) return null;
        this.origins.push([expanded, { path: param.path, instance }, false]);
        return copy(param.value);
      }
      const spliced = this.splice(node, raw, values);
      if (!this.count(Math.floor(spliced.text.length / 100), raw)) return null;
      this.origins.push([expanded, { path: raw, instance, pieces: spliced.pieces }, false]);
      return spliced.text;
    }
    this.origins.push([expanded, { path: raw, instance }, false]);
    if (Array.isArray(node)) return node.map((item, i) => this.substitute(item, [...raw, i], [...expanded, i], values, instance));
    if (!isPlainObject(node)) return node;
    const out: Record<string, unknown> = {};
    const keyFrom = new Map<string, string>();
    for (const [key, value] of Object.entries(node)) {
      const name = key.includes('$') ? this.splice(key, [...raw, key], values, true).text : key;
      const first = keyFrom.get(name);
      if (FORBIDDEN_KEYS.has(name)) {
        this.problems.push(problem('E_FORBIDDEN_KEY', [...raw, key], this.written, `the key '${key}' becomes '${name}', which is not allowed`, 'choose parameter values that make an ordinary name', true));
        continue;
      }
      if (first !== undefined) {
        this.problems.push(problem('E_DUPLICATE_KEY', [...raw, key], this.written, `the keys '${first}' and '${key}' both become '${name}' in track '${instance.track}'`, 'give the parameters values that keep the keys apart', true));
        continue;
      }
      keyFrom.set(name, key);
      const v = this.substitute(value, [...raw, key], [...expanded, name], values, instance);
      // A property whose whole value is a parameter set to null is left out.
      if (v === null && typeof value === 'string' && /^\$\{[^}]*\}$/.test(value)) continue;
      out[name] = v;
    }
    return out;
  }

  /** Text with placeholders spliced in, and where each piece of it comes from. */
  private splice(text: string, raw: Path, values: Map<string, { value: unknown; path: Path }>, isKey = false): { text: string; pieces: StringPiece[] } {
    const pieces: StringPiece[] = [];
    let outText = '';
    let last = 0;
    const literal = (from: number, to: number): void => {
      if (to <= from) return;
      pieces.push({ start: outText.length, end: outText.length + (to - from), path: raw, from });
      outText += text.slice(from, to);
    };
    for (const m of text.matchAll(PLACEHOLDER)) {
      const index = m.index;
      literal(last, index);
      last = index + m[0].length;
      if (m[0] === '$${') {
        pieces.push({ start: outText.length, end: outText.length + 2, path: raw, from: index + 1 });
        outText += '${';
        continue;
      }
      const param = this.param(m[1]!, raw, index, values, isKey);
      if (param === undefined) {
        outText += m[0];
        continue;
      }
      if (typeof param.value !== 'string' && typeof param.value !== 'number' && typeof param.value !== 'boolean') {
        this.problems.push(
          locatedInString('E_TEMPLATE_PARAM_TYPE', raw, index, this.written, `'${m[1]}' is ${describe(param.value)}: only a string, number or boolean can be spliced into text`, `make the placeholder the whole string ("\${${m[1]}}") to put the value itself`, isKey),
        );
        continue;
      }
      const piece = String(param.value);
      pieces.push({ start: outText.length, end: outText.length + piece.length, path: typeof param.value === 'string' ? param.path : raw, from: typeof param.value === 'string' ? 0 : index });
      outText += piece;
    }
    literal(last, text.length);
    return { text: outText.length <= 100 ? internalized(outText) : outText, pieces };
  }

  private param(name: string, raw: Path, index: number, values: Map<string, { value: unknown; path: Path }>, isKey = false): { value: unknown; path: Path } | undefined {
    const found = values.get(name);
    if (found !== undefined) return found;
    const template = String(raw[1]);
    this.problems.push(
      locatedInString(
        'E_TEMPLATE_PARAM',
        raw,
        index,
        this.written,
        `template '${template}' uses '\${${name}}', which is not one of its parameters`,
        didYouMean(name, [...values.keys()]) ?? `declare it under "templates.${template}.params", or write "$\${" for a literal "\${"`,
        isKey,
      ),
    );
    return undefined;
  }

  /** Merges an instance's override into the template's result: objects by key, the rest replaced, null deletes. */
  private merge(target: Record<string, unknown>, key: string, value: unknown, raw: Path): void {
    const expanded = raw;
    if (value === null) {
      delete target[key];
      return;
    }
    const base = target[key];
    if (isPlainObject(base) && isPlainObject(value)) {
      this.origins.push([expanded, { path: raw }, false]);
      for (const [k, v] of Object.entries(value)) this.merge(base, k, v, [...raw, k]);
      return;
    }
    this.origins.push([expanded, { path: raw }, true]);
    target[key] = copy(value);
  }
}

function problem(code: ErrorCode, path: Path, doc: SourceDocument, message: string, hint?: string, atKey = false): ScenarioProblem {
  return { code, severity: 'error', path, location: atKey ? doc.locateKey(path) : doc.locate(path), message, hint };
}

function locatedInString(code: ErrorCode, path: Path, index: number, doc: SourceDocument, message: string, hint: string | undefined, isKey: boolean): ScenarioProblem {
  // Keys are located at the key (their characters are not addressable by the document).
  return { code, severity: 'error', path, location: isKey ? doc.locateKey(path) : doc.locateInString(path, index), message, hint };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function hasType(value: unknown, type: TrackTemplate['params'][string]['type']): boolean {
  if (type === 'any') return true;
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return isPlainObject(value);
  return typeof value === type;
}

/**
 * The value with its top level and its tracks copied, so that later expansion steps may rewrite
 * them in place (and replace or drop top-level sections) without touching the document as written.
 */
function withCopiedTracks(root: unknown): unknown {
  if (!isPlainObject(root)) return root;
  if (!isPlainObject(root.tracks)) return { ...root };
  return { ...root, tracks: copy(root.tracks) };
}

/** How many values a copy of value makes, as limits.templateExpansion counts them. */
function size(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + size(v), 1);
  if (isPlainObject(value)) return Object.values(value).reduce((n: number, v) => n + size(v), 1);
  return typeof value === 'string' ? 1 + Math.floor(value.length / 100) : 1;
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  return value;
}

function article(type: string): string {
  return type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value === 'number' ? 'the number' : 'the boolean'} ${String(value)}`;
}
