/**
 * The same string, internalized by V8 (a property key always is). The engine compares strings from
 * the scenario with each other all the time (state keys, enum values of the world and of terms, the
 * literals in expressions): two internalized strings compare by pointer, while a string built at
 * run time or sliced from the file by the JSON parser is compared character by character.
 */
export function internalized(text: string): string {
  const holder: Record<string, true> = Object.create(null) as Record<string, true>;
  holder[text] = true;
  const key = Object.keys(holder)[0];
  return key === text ? key : text;
}
