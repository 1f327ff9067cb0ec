/** Keys that could reach an object's prototype if a value were ever merged naively: refused in every scenario file. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
