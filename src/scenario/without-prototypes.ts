/**
 * Gives every plain object in a parsed scenario a null prototype, in place. The loader and the engine
 * look names up in these objects (`d.issues[name]`, `name in d.parties`); with Object.prototype behind
 * them, a name from the file such as "toString" or "hasOwnProperty" would find a JavaScript function
 * instead of nothing, and a reference to it would pass as declared. Arrays keep their prototype.
 */
export function withoutPrototypes<T>(value: T): T {
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    if (Object.getPrototypeOf(v) === Object.prototype) Object.setPrototypeOf(v, null);
    for (const item of Object.values(v)) visit(item);
  };
  visit(value);
  return value;
}
