import fc from 'fast-check';

/**
 * Mutations of a scenario, as data, so fast-check can shrink them and print the one that failed.
 * Structural mutations edit the parsed JSON (drop or rename a key, change a value's type, swap two
 * values, insert junk); textual ones edit the file's characters (truncate, insert, delete).
 */
export type ScenarioMutation =
  | { readonly kind: 'drop'; readonly at: number }
  | { readonly kind: 'rename'; readonly at: number; readonly key: string }
  | { readonly kind: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'swap'; readonly at: number; readonly other: number }
  | { readonly kind: 'insert'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'truncate'; readonly offset: number }
  | { readonly kind: 'splice'; readonly offset: number; readonly remove: number; readonly junk: string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Keys worth trying: prototype names, the format's own keys, and anything. */
const keyArb = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'),
  fc.constantFrom('id', 'when', 'expr', 'target', 'initial', 'states', 'type', 'p', 'to', 'event', 'on', 'always', 'entry', 'in', 'offer', 'terms', 'guard', 'params', 'final'),
  fc.string({ maxLength: 12 }),
);

/** Values worth trying: wrong types, extremes, hostile expressions, and any JSON. */
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53, 1e6, true, false, null, '', [], {}),
  fc.constantFrom(
    'world.budgetPressure / 0.0',
    'log(0.0)',
    'sqrt(-1.0)',
    'param.newcomerRisk / 0.0',
    'world.budgetPressure + 1e308 * 10.0',
    '0.0 / 0.0 > 1.0',
    "tracks.newcomer.state == 'contract'",
    'self.rounds >= 1.0',
    'value.counterpart',
    'dyn(world).nothing',
    'dyn(world).constructor',
    "world['__proto__']",
    '__proto__',
    'constructor',
    "''.constructor.constructor('return process')()",
    "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.matches('^(a+)+$')",
    'talks',
    'contract',
    'AGREE',
    'others',
    '*',
    'fiveYear',
    "'fiveYear'",
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

export const mutationArb: fc.Arbitrary<ScenarioMutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), key: keyArb }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: valueArb }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), key: keyArb, value: valueArb }),
  fc.record({ kind: fc.constant('truncate' as const), offset: fc.nat() }),
  fc.record({
    kind: fc.constant('splice' as const),
    offset: fc.nat(),
    remove: fc.nat({ max: 8 }),
    junk: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '/*', '//', '\n', '\u0000', '\uFEFF', '"__proto__":{},')),
  }),
);

/** Every path in a JSON value, parents before children. */
function paths(value: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function get(root: Json, path: Path): Json {
  let v: Json = root;
  for (const s of path) v = (v as Record<string | number, Json>)[s] as Json;
  return v;
}

/** Sets an own property, even one named "__proto__" (plain assignment would set the prototype). */
function own(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const parent = get(root, path.slice(0, -1)) as Record<string | number, Json>;
  own(parent, path[path.length - 1]!, value);
  return root;
}

/** Applies mutations in order to a scenario's text; returns the new text. */
export function mutateScenario(text: string, mutations: readonly ScenarioMutation[]): string {
  let current = text;
  for (const m of mutations) {
    if (m.kind === 'truncate') {
      current = current.slice(0, m.offset % (current.length + 1));
      continue;
    }
    if (m.kind === 'splice') {
      const at = m.offset % (current.length + 1);
      current = current.slice(0, at) + m.junk + current.slice(at + m.remove);
      continue;
    }
    let root: Json;
    try {
      root = JSON.parse(current) as Json;
    } catch {
      continue; // an earlier textual mutation broke the JSON; structural ones no longer apply
    }
    const all = paths(root);
    const path = all[m.at % all.length]!;
    const key = path[path.length - 1];
    const parent = path.length > 0 ? (get(root, path.slice(0, -1)) as Json) : undefined;
    switch (m.kind) {
      case 'drop':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else if (parent && typeof parent === 'object') delete (parent as Record<string, Json>)[key as string];
        break;
      case 'rename':
        if (parent && typeof parent === 'object' && !Array.isArray(parent)) {
          // Rebuild the object so the renamed key keeps its place.
          const rebuilt = {};
          for (const [k, v] of Object.entries(parent)) own(rebuilt, k === key ? m.key : k, v);
          root = setAt(root, path.slice(0, -1), rebuilt as Json);
        }
        break;
      case 'replace':
        root = setAt(root, path, structuredClone(m.value) as Json);
        break;
      case 'swap': {
        const other = all[m.other % all.length]!;
        const isPrefix = (a: Path, b: Path) => a.length <= b.length && a.every((s, i) => s === b[i]);
        if (isPrefix(path, other) || isPrefix(other, path)) break;
        const a = get(root, path);
        const b = get(root, other);
        root = setAt(root, path, b);
        root = setAt(root, other, a);
        break;
      }
      case 'insert': {
        const target = get(root, path);
        if (Array.isArray(target)) target.push(structuredClone(m.value) as Json);
        else if (target !== null && typeof target === 'object') own(target, m.key, structuredClone(m.value));
        break;
      }
    }
    current = JSON.stringify(root, null, 2);
  }
  return current;
}
