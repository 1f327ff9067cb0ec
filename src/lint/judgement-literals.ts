/** Where a literal sits: a probability, a reservation value, or a condition (where only deadlines count). */
export type JudgementRole = 'probability' | 'reservation' | 'deadline';

/** A numeric literal of an expression: its text, value and position (in the expression's text). */
export interface JudgementLiteral {
  readonly text: string;
  readonly value: number;
  readonly index: number;
}

const NUMBER = String.raw`(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)`;
/** `round`, or a track's time fields: `self.rounds`, `tracks.us.entered`. */
const TIME = String.raw`(?:(?<![A-Za-z0-9_.])round(?![A-Za-z0-9_])|(?<![A-Za-z0-9_.])(?:self|tracks\s*\.\s*[A-Za-z][A-Za-z0-9_]*)\s*\.\s*(?:rounds|entered)(?![A-Za-z0-9_]))`;
const COMPARE = String.raw`(?:<=|>=|==|!=|<|>)`;
/** A time term (perhaps a sum or difference of them), compared with a number; or the number first. */
const DEADLINE_AFTER = new RegExp(String.raw`${TIME}(?:\s*[-+]\s*${TIME})*\s*${COMPARE}\s*(${NUMBER})(?![A-Za-z0-9_])`, 'g');
const DEADLINE_BEFORE = new RegExp(String.raw`(?<![A-Za-z0-9_.])(${NUMBER})\s*${COMPARE}\s*${TIME}`, 'g');
const ANY_NUMBER = new RegExp(String.raw`(?<![A-Za-z0-9_.])(${NUMBER})(?![A-Za-z0-9_])`, 'g');

/**
 * The literals of a CEL expression that encode a judgement, by role:
 * - probability and reservation: every numeric literal;
 * - deadline: a numeric literal compared (<, <=, >, >=, ==, !=) directly with `round`, `self.rounds`,
 *   `self.entered`, `tracks.<id>.rounds` or `tracks.<id>.entered`, or a sum or difference of those
 *   (`round - self.entered >= 4`). Other numbers in conditions (`self.stage >= 3`, `world.tension > 0.5`)
 *   are not deadlines and are left alone.
 * 0 and 1 are exempt in every role. Text inside string literals is ignored.
 *
 * @example judgementLiterals('self.rounds >= 6 && self.stage >= 3', 'deadline') // [{ text: '6', value: 6, index: 15 }]
 */
export function judgementLiterals(source: string, role: JudgementRole): JudgementLiteral[] {
  // Blank out string literals, keeping every offset.
  const code = source.replace(/'''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"/g, (s) => ' '.repeat(s.length));
  const found = new Map<number, JudgementLiteral>();
  const add = (text: string, index: number) => {
    const value = Number(text);
    if (value === 0 || value === 1 || !Number.isFinite(value)) return;
    found.set(index, { text, value, index });
  };
  if (role === 'deadline') {
    for (const m of code.matchAll(DEADLINE_AFTER)) add(m[1]!, m.index + m[0].length - m[1]!.length);
    for (const m of code.matchAll(DEADLINE_BEFORE)) add(m[1]!, m.index + m[0].indexOf(m[1]!));
  } else {
    for (const m of code.matchAll(ANY_NUMBER)) add(m[1]!, m.index);
  }
  return [...found.values()].sort((a, b) => a.index - b.index);
}
