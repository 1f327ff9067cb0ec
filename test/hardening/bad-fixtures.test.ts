import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../load-fixture.js';
import { runParley, stackTraceLines } from './run-parley.js';

/**
 * Every file in test/fixtures/bad/ is a hostile or broken scenario, in JSON or YAML. Its first lines
 * say what Parley must answer (after `#` in a YAML file):
 *   // expect: E_CODE line:column       `parley validate` rejects it there
 *   // expect-run: E_CODE line:column   it loads, and `parley run --seed 1` stops there
 * The real CLI must exit 2, name the code and file:line:column, print no stack trace, and not hang.
 */
interface Expectation {
  readonly file: string;
  readonly phase: 'validate' | 'run';
  readonly code: string;
  readonly line: number;
  readonly column: number;
}

const dir = 'test/fixtures/bad';
const expectations: Expectation[] = readdirSync(`${repoRoot}${dir}`)
  .filter((name) => /\.(json|ya?ml)$/.test(name))
  .sort()
  .map((name) => {
    const file = `${dir}/${name}`;
    const header = readFileSync(`${repoRoot}${file}`, 'utf8').split('\n').slice(0, 5).join('\n');
    const m = /^(?:\/\/|#) expect(-run)?: (E_[A-Z_]+) (\d+):(\d+)\r?$/m.exec(header);
    if (!m) throw new Error(`${file}: no "// expect: E_CODE line:column" header`);
    return { file, phase: m[1] ? 'run' : 'validate', code: m[2]!, line: Number(m[3]), column: Number(m[4]) };
  });

/** The stderr line that reports the expected problem, if any (a problem line or a run-time error line). */
function reportLine(stderr: string, x: Expectation): string | undefined {
  const at = `${x.file}:${x.line}:${x.column} `;
  return stderr.split('\n').find((line) => line.includes(at) && new RegExp(`\\b${x.code}\\b`).test(line));
}

describe('hostile and broken scenario files (test/fixtures/bad)', () => {
  it('has a corpus of at least 30 files, each with an expectation', () => {
    expect(expectations.length).toBeGreaterThanOrEqual(30);
    expect(expectations.filter((x) => x.phase === 'run').length).toBeGreaterThanOrEqual(5);
  });

  // A loop, not describe.each: each's '$file' prints the path quoted and cut at 40 characters.
  for (const x of expectations) describe.concurrent(x.file, () => {
    if (x.phase === 'validate') {
      it(`is rejected by validate with ${x.code} at ${x.line}:${x.column}, exit 2, no stack trace`, async () => {
        const r = await runParley(['validate', x.file]);
        expect(stackTraceLines(r.stderr)).toEqual([]);
        expect(r.code, r.stderr).toBe(2);
        expect(reportLine(r.stderr, x), `expected ${x.code} at ${x.file}:${x.line}:${x.column} in:\n${r.stderr}`).toBeDefined();
      });
      // `run` loads through the same loader; check it on the files that attack the runtime.
      if (/^(reach|loop|proto)-/.test(x.file.split('/').pop()!)) it('is refused by run too (exit 2, no stack trace, no hang)', async () => {
        const r = await runParley(['run', x.file, '--seed', '1']);
        expect(stackTraceLines(r.stderr)).toEqual([]);
        expect(r.code, r.stderr).toBe(2);
        expect(reportLine(r.stderr, x), r.stderr).toBeDefined();
      });
    } else {
      it('loads cleanly (the problem only shows at run time)', async () => {
        const r = await runParley(['validate', x.file]);
        expect(r.code, r.stderr).toBe(0);
      });
      it(`stops the run with ${x.code} at ${x.line}:${x.column}, exit 2, no stack trace, no hang`, async () => {
        const r = await runParley(['run', x.file, '--seed', '1']);
        expect(stackTraceLines(r.stderr)).toEqual([]);
        expect(r.code, r.stderr).toBe(2);
        expect(reportLine(r.stderr, x), `expected ${x.code} at ${x.file}:${x.line}:${x.column} in:\n${r.stderr}`).toBeDefined();
      });
    }
  });
});
