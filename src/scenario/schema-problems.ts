import { z } from 'zod';
import type { SourceDocument } from './source-document.js';
import type { ErrorCode } from './error-codes.js';
import type { ScenarioProblem } from './scenario-error.js';
import { didYouMean } from './did-you-mean.js';

type Path = (string | number)[];

/** Object keys the schema allows at a path (through records, arrays, unions, lazies, defaults). */
function knownKeysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let current: z.ZodType[] = [schema];
  for (const segment of [...path, null]) {
    const next: z.ZodType[] = [];
    const keys = new Set<string>();
    const visit = (s: z.ZodType, depth: number): void => {
      if (depth > 20) return;
      const def = (s as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
      switch (def.type) {
        case 'optional':
        case 'default':
        case 'nullable':
        case 'prefault':
          visit(def.innerType as z.ZodType, depth + 1);
          return;
        case 'lazy':
          visit((def.getter as () => z.ZodType)(), depth + 1);
          return;
        case 'pipe':
          visit(def.in as z.ZodType, depth + 1);
          return;
        case 'union':
          for (const o of def.options as z.ZodType[]) visit(o, depth + 1);
          return;
        case 'object': {
          const shape = def.shape as Record<string, z.ZodType>;
          if (segment === null) for (const k of Object.keys(shape)) keys.add(k);
          else if (typeof segment === 'string' && shape[segment]) next.push(shape[segment]);
          return;
        }
        case 'record':
          if (segment !== null) next.push(def.valueType as z.ZodType);
          return;
        case 'array':
          if (typeof segment === 'number') next.push(def.element as z.ZodType);
          return;
        default:
          return;
      }
    };
    for (const s of current) visit(s, 0);
    if (segment === null) return [...keys];
    current = next;
  }
  return [];
}

function issueDepth(issues: readonly z.core.$ZodIssue[]): number {
  let d = 0;
  for (const i of issues) d = Math.max(d, i.path.length + (i.code === 'invalid_union' ? issueDepth(bestBranch(i.errors)) : 0));
  return d;
}

/** Of a union's failed branches, the one the author most likely meant: deepest issues, then fewest. */
function bestBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] {
  let best: readonly z.core.$ZodIssue[] = branches[0] ?? [];
  let bestScore = -Infinity;
  for (const b of branches) {
    const score = issueDepth(b) * 100 - b.length;
    if (score > bestScore) {
      bestScore = score;
      best = b;
    }
  }
  return best;
}

/**
 * When a union failed because a naming field matched no branch, that field's path (relative to the
 * union) and every value it could take: a discriminated union's "no matching discriminator", or a
 * plain union whose every branch rejects the same field as a wrong literal.
 */
function unmatchedTag(issue: z.core.$ZodIssueInvalidUnion): { path: Path; values: string[] } | undefined {
  const extra = issue as unknown as { discriminator?: unknown; options?: unknown[] };
  if (issue.errors.length === 0 && typeof extra.discriminator === 'string' && Array.isArray(extra.options)) {
    // zod's issue path already ends at the discriminator.
    return { path: [], values: extra.options.map(String) };
  }
  if (issue.errors.length < 2) return undefined;
  let key: string | undefined;
  const values: string[] = [];
  for (const branch of issue.errors) {
    const wrong = branch.find((i) => i.code === 'invalid_value' && i.path.length === 1 && typeof i.path[0] === 'string');
    if (wrong === undefined || wrong.code !== 'invalid_value') return undefined;
    const field = wrong.path[0] as string;
    if (key !== undefined && field !== key) return undefined;
    key = field;
    for (const v of wrong.values) if (!values.includes(String(v))) values.push(String(v));
  }
  return key === undefined ? undefined : { path: [key], values };
}

/** Turns zod issues into located problems with codes and hints. */
export function schemaProblems(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  doc: SourceDocument,
  base: Path = [],
  out: ScenarioProblem[] = [],
): ScenarioProblem[] {
  for (const issue of issues) {
    const path = [...base, ...(issue.path as Path)];
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const allowed = knownKeysAt(schema, path);
          out.push({
            code: 'E_UNKNOWN_KEY',
            severity: 'error',
            path: [...path, key],
            location: doc.locateKey([...path, key]),
            message: `unknown key '${key}'`,
            hint: didYouMean(key, allowed) ?? 'remove it',
          });
        }
        break;
      case 'invalid_union': {
        // A value that names no branch of the union (`"type": "sett"` among set/signal/news): one
        // problem on the naming field, not the problems of whichever branch looked closest.
        const tag = unmatchedTag(issue);
        if (tag !== undefined) {
          const tagPath = [...path, ...tag.path];
          const value = valueAt(doc.value, tagPath);
          const field = String(tagPath[tagPath.length - 1] ?? 'value');
          const expected = `expected one of ${tag.values.map((v) => `'${v}'`).join(', ')}`;
          const close = typeof value === 'string' ? didYouMean(value, tag.values) : undefined;
          out.push({
            code: 'E_VALUE',
            severity: 'error',
            path: tagPath,
            location: doc.locate(tagPath),
            message: close?.startsWith('did you mean') ? `invalid ${field} ${JSON.stringify(value)}: ${expected}` : `invalid ${field} ${JSON.stringify(value)}`,
            hint: close?.startsWith('did you mean') ? close : expected,
          });
        } else if (issue.errors.length > 0) schemaProblems(schema, bestBranch(issue.errors), doc, path, out);
        else out.push(simple('E_SCHEMA', path, doc, issue.message));
        break;
      }
      case 'invalid_type': {
        const value = valueAt(doc.value, path);
        if (value === undefined) {
          out.push({
            code: 'E_MISSING',
            severity: 'error',
            path,
            location: doc.locate(path),
            message: `'${String(path[path.length - 1])}' is required here`,
            hint: `add "${String(path[path.length - 1])}": <${issue.expected}>`,
          });
        } else {
          out.push({
            code: 'E_TYPE',
            severity: 'error',
            path,
            location: doc.locate(path),
            message: `expected ${issue.expected}, found ${describe(value)}`,
            hint:
              issue.expected === 'number' && typeof value === 'string'
                ? numberHint(path)
                : issue.expected === 'boolean' && typeof value === 'string' && /^(y|n|yes|no|on|off)$/i.test(value)
                  ? `write true or false: '${value}' is a string in JSON and in YAML 1.2 (only YAML 1.1 read it as a boolean)`
                  : undefined,
          });
        }
        break;
      }
      case 'invalid_value':
        out.push({
          code: 'E_VALUE',
          severity: 'error',
          path,
          location: doc.locate(path),
          message: `invalid value ${JSON.stringify(valueAt(doc.value, path))}`,
          hint:
            didYouMean(String(valueAt(doc.value, path)), issue.values.map(String)) ??
            `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        });
        break;
      case 'invalid_key': {
        const key = String(path[path.length - 1]);
        // The keys of a state's "on" are event names, which are UPPER_CASE.
        const event = path[path.length - 2] === 'on' && /^[A-Za-z][A-Za-z0-9_]*$/.test(key);
        out.push({
          code: 'E_NAME',
          severity: 'error',
          path,
          location: doc.locateKey(path),
          message: event ? `'${key}' is not an event name: event names are UPPER_CASE` : `'${key}' is not a valid name`,
          hint: event ? `write "${eventName(key)}" (and send the same name from moves, responses and signals)` : 'names are identifiers: a letter, then letters, digits or _',
        });
        break;
      }
      default: {
        const value = valueAt(doc.value, path);
        const event = issue.code === 'invalid_format' && String((issue as { pattern?: unknown }).pattern) === String(EVENT_NAME) && typeof value === 'string';
        if (event && /^[A-Za-z][A-Za-z0-9_]*$/.test(value)) {
          out.push({ ...simple('E_FORMAT', path, doc, `'${value}' is not an event name: event names are UPPER_CASE`), hint: `write "${eventName(value)}"` });
        } else out.push(simple(issue.code === 'invalid_format' ? 'E_FORMAT' : 'E_SCHEMA', path, doc, issue.message));
      }
    }
  }
  return out;
}

/** The pattern of event names in the schema. */
const EVENT_NAME = /^[A-Z][A-Z0-9_]*$/;

/** An UPPER_CASE event name for a name written otherwise: rivalSigned -> RIVAL_SIGNED, agree -> AGREE. */
function eventName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function simple(code: ErrorCode, path: Path, doc: SourceDocument, message: string): ScenarioProblem {
  return { code, severity: 'error', path, location: doc.locate(path), message: message.replace(/^Invalid input: /, '') };
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = root;
  for (const s of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.prototype.hasOwnProperty.call(v, s) ? (v as Record<string | number, unknown>)[s] : undefined;
  }
  return v;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * What to write where a number was expected and a string found: the number without quotes; for a
 * move's offer bounds, also where an expression is allowed instead (the default).
 */
function numberHint(path: readonly PropertyKey[]): string {
  const n = path.length;
  if (n >= 6 && path[0] === 'tracks' && path[2] === 'moves' && path[n - 3] === 'offer' && (path[n - 1] === 'min' || path[n - 1] === 'max')) {
    return `write the number without quotes: an offer's bounds are numbers, fixed at load; its "default" may be an expression (e.g. "world.price * 1.1"), evaluated when the move is made and clamped to the bounds`;
  }
  return 'write the number without quotes';
}
