import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../load-fixture.js';
import { ERROR_CODES, WARNING_CODES } from '../../src/scenario/error-codes.js';
import { errorCodeReference } from '../../src/lint/error-code-reference.js';
import { lintRules } from '../../src/lint/lint-rules.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** Every quoted code literal in src/ ('E_…', "W_…", `E_…`), outside the catalogue itself, with where it is. */
function codesUsedInSource(): Map<string, string> {
  const used = new Map<string, string>();
  for (const file of sourceFiles(`${repoRoot}src`)) {
    if (file.endsWith('error-codes.ts')) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/['"`]([EW]_[A-Z][A-Z_]*)['"`]/g)) used.set(m[1]!, file.slice(repoRoot.length));
  }
  return used;
}

describe('the catalogue of error and warning codes', () => {
  it('holds every code used in src/ (add a new one to src/scenario/error-codes.ts with its meaning)', () => {
    const used = codesUsedInSource();
    expect(used.size).toBeGreaterThan(80);
    const missing = [...used].filter(([code]) => !(code in ERROR_CODES) && !(code in WARNING_CODES)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it("marks exactly the lint rules' codes as 'lint', and gives every other code a meaning", () => {
    const ruleCodes = lintRules.map((r) => r.code).sort();
    const marked = Object.entries(WARNING_CODES).filter(([, meaning]) => meaning === 'lint').map(([code]) => code).sort();
    expect(marked).toEqual(ruleCodes);
    for (const [code, meaning] of [...Object.entries(ERROR_CODES), ...Object.entries(WARNING_CODES)]) {
      if (meaning !== 'lint') expect(meaning.length, code).toBeGreaterThan(10);
      expect(code).toMatch(/^[EW]_[A-Z]+(_[A-Z]+)*$/);
    }
  });

  it('is listed in docs/error-codes.md as `npm run docs` writes it (run it when this fails)', () => {
    const doc = readFileSync(`${repoRoot}docs/error-codes.md`, 'utf8');
    expect(doc).toBe(errorCodeReference());
    for (const code of [...Object.keys(ERROR_CODES), ...Object.keys(WARNING_CODES)]) expect(doc).toContain(`| \`${code}\` |`);
  });
});
