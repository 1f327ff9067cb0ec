import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runParley, stackTraceLines } from './run-parley.js';

/**
 * What a batch does when its files cannot be written (#18: ENOSPC, EROFS, EACCES), and what
 * --resume and merge do with batch files that were cut short or tampered with (#22, items 6-8):
 * exit 2, one line naming the file and the cause, no stack trace, the last good checkpoint intact,
 * and --resume working once the cause is gone.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-write-failures-'));
afterAll(() => {
  spawnSync('umount', [join(dir, 'tiny')], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

const scenario = 'scenarios/supplier-duel.json';
const batch = ['run', scenario, '--runs', '6000', '--seed', '9', '--workers', '2', '--quiet'];
const reference = join(dir, 'reference');

beforeAll(async () => {
  const r = await runParley([...batch, '--out', reference]);
  expect(r.code, r.stderr).toBe(0);
});

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

function expectSameAsReference(folder: string): void {
  expect(readFileSync(join(folder, 'runs.csv')).equals(readFileSync(join(reference, 'runs.csv'))), `${folder}/runs.csv differs from the uninterrupted batch's`).toBe(true);
  expect(readFileSync(join(folder, 'summary.json'), 'utf8')).toBe(readFileSync(join(reference, 'summary.json'), 'utf8'));
  expect(readdirSync(folder).filter((f) => !['runs.csv', 'summary.json', 'checkpoint.json'].includes(f))).toEqual([]);
}

describe('a write that fails during a batch', () => {
  const cases: [fault: string, file: string, cause: string, keeps: number][] = [
    ['fail:ENOSPC:runs.partial.csv:4', 'runs.partial.csv', 'no space left on device (ENOSPC)', 1500],
    ['fail:EROFS:checkpoint.json:3', 'checkpoint.json', 'read-only file system (EROFS)', 1000],
    ['fail:EACCES:summary.json:0', 'summary.json', 'permission denied (EACCES)', 6000],
  ];
  for (const [fault, file, cause, keeps] of cases) {
    it(`${fault}: exits 2 with one line naming ${file} and the cause, keeps the checkpoint of ${keeps} runs, and --resume finishes the batch`, async () => {
      const out = join(dir, fault.replace(/:/g, '-'));
      const r = await runParley([...batch, '--out', out, '--checkpoint-every', '0'], { env: { PARLEY_FAULT: fault } });
      expect(stackTraceLines(r.stderr)).toEqual([]);
      expect(r.code, r.stderr).toBe(2);
      expect(lines(r.stderr), r.stderr).toHaveLength(1);
      expect(r.stderr).toContain(`E_WRITE_FAILED: cannot write ${join(out, file)}: ${cause}`);
      expect(r.stderr).toContain('--resume');
      const cp = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
      expect(cp.range.end).toBe(keeps);
      expect(readdirSync(out).filter((f) => f.startsWith('.parley'))).toEqual([]);
      const resumed = await runParley([...batch, '--out', out, '--resume']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expectSameAsReference(out);
    });
  }

  it('a real full disk (a 300 kB tmpfs) stops with ENOSPC and resumes elsewhere once copied', async (ctx) => {
    const tiny = join(dir, 'tiny');
    mkdirSync(tiny);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=300k', 'tmpfs', tiny], { encoding: 'utf8' });
    if (mount.status !== 0) {
      ctx.skip(`cannot mount a tmpfs here (${(mount.stderr || mount.error?.message || '').trim()}); the injected ENOSPC above covers the same path`);
      return;
    }
    const out = join(tiny, 'out');
    const r = await runParley([...batch, '--out', out, '--checkpoint-every', '0']);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(r.code, r.stderr).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/E_WRITE_FAILED: cannot write \S+: no space left on device \(ENOSPC\)/);
    // "Once space is back": the folder moved to a disk with room.
    const moved = join(dir, 'moved');
    cpSync(out, moved, { recursive: true });
    const resumed = await runParley([...batch, '--out', moved, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expectSameAsReference(moved);
  });

  it('--out on a read-only file system names the folder and EROFS (not the ENOENT Node reports)', async (ctx) => {
    const ro = join(dir, 'read-only');
    mkdirSync(ro);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', ro], { encoding: 'utf8' });
    if (mount.status !== 0) {
      ctx.skip(`cannot mount a read-only tmpfs here (${(mount.stderr || mount.error?.message || '').trim()}); the injected EROFS above covers writes`);
      return;
    }
    try {
      for (const [out, file] of [[join(ro, 'a', 'b'), join(ro, 'a', 'b')], [ro, join(ro, '.parley.lock')]] as const) {
        const r = await runParley([...batch, '--out', out]);
        expect(stackTraceLines(r.stderr)).toEqual([]);
        expect(r.code, r.stderr).toBe(2);
        expect(lines(r.stderr), r.stderr).toEqual([`parley: E_WRITE_FAILED: cannot create ${file}: read-only file system (EROFS)`]);
      }
    } finally {
      spawnSync('umount', [ro]);
    }
  });

  it('--out on a file, or on /dev/null, exits 2 with one line and no stack trace', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    for (const out of [file, '/dev/null']) {
      const r = await runParley([...batch, '--out', out]);
      expect(stackTraceLines(r.stderr)).toEqual([]);
      expect(r.code, r.stderr).toBe(2);
      expect(lines(r.stderr), r.stderr).toEqual([`parley: E_WRITE_FAILED: cannot create ${out}: not a folder, or a part of its path is not (ENOTDIR)`]);
    }
  });
});

/** runs.csv as a parley before the track path columns wrote it: every `<track>_path` field dropped. */
function withoutPathColumns(csv: string): string {
  const fields = (line: string) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.filter((f, i, all) => i < all.length - 1 || f !== '').map((f) => f.replace(/,$/, ''));
  const lines = csv.split('\n').filter((l) => l !== '');
  const drop = new Set(fields(lines[0]!).flatMap((name, i) => (name.endsWith('_path') ? [i] : [])));
  expect(drop.size).toBe(2);
  return lines.map((l) => fields(l).filter((_, i) => !drop.has(i)).join(',') + '\n').join('');
}

describe('--resume checks the rows it continues (#22 item 6)', () => {
  const tampered: [what: string, change: (folder: string) => void, message: RegExp][] = [
    ['extra rows appended to runs.csv', (f) => appendFileSync(join(f, 'runs.csv'), readFileSync(join(f, 'runs.csv'), 'utf8').split('\n').slice(1, 3).join('\n') + '\n'), /runs\.csv: holds \d+ bytes, the checkpoint recorded 6000 rows/],
    ['runs.csv cut short', (f) => writeFileSync(join(f, 'runs.csv'), readFileSync(join(f, 'runs.csv')).subarray(0, 5000)), /runs\.csv: holds 5000 bytes/],
    ['a row changed in place (same length)', (f) => writeFileSync(join(f, 'runs.csv'), readFileSync(join(f, 'runs.csv'), 'utf8').replace('\n17,playBoth,', '\n71,playBoth,')), /sha256 mismatch/],
    ['runs.csv from another seed', (f) => cpSync(join(dir, 'other-seed', 'runs.csv'), join(f, 'runs.csv')), /runs\.csv: /],
    // A finished folder of a parley from before the track path columns: its runs.csv lacks them
    // (and summary.json alone vouches for it, by its row count).
    ['a runs.csv written before the <track>_path columns', (f) => {
      rmSync(join(f, 'checkpoint.json'));
      writeFileSync(join(f, 'runs.csv'), withoutPathColumns(readFileSync(join(f, 'runs.csv'), 'utf8')));
    }, /runs\.csv: was written before runs\.csv had track paths: it lacks the columns incumbent_path, newcomer_path \(each track's sequence of states\)[^\n]*\n {4}hint: finish the batch with the parley version that started it, or start a new --out folder/],
    ['no checkpoint, and runs.csv with two rows too many', (f) => {
      rmSync(join(f, 'checkpoint.json'));
      appendFileSync(join(f, 'runs.csv'), readFileSync(join(f, 'runs.csv'), 'utf8').split('\n').slice(1, 3).join('\n') + '\n');
    }, /hold 6002 rows, summary\.json counts 6000/],
  ];

  beforeAll(async () => {
    const r = await runParley(['run', scenario, '--runs', '6000', '--seed', '10', '--workers', '2', '--quiet', '--out', join(dir, 'other-seed')]);
    expect(r.code, r.stderr).toBe(0);
  });

  for (const [what, change, message] of tampered) {
    it(`refuses ${what} with E_BATCH_FILE, exit 2, and changes nothing`, async () => {
      const out = join(dir, `tampered-${what.replace(/\W+/g, '-')}`);
      cpSync(reference, out, { recursive: true });
      change(out);
      const before = readFileSync(join(out, 'runs.csv'));
      const r = await runParley(['run', scenario, '--runs', '8000', '--seed', '9', '--workers', '2', '--quiet', '--out', out, '--resume']);
      expect(stackTraceLines(r.stderr)).toEqual([]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('E_BATCH_FILE');
      expect(r.stderr).toMatch(message);
      expect(readFileSync(join(out, 'runs.csv')).equals(before)).toBe(true);
    });
  }

  it('continues a finished batch to more --runs, byte-identical to one straight batch', async () => {
    const out = join(dir, 'extended');
    cpSync(reference, out, { recursive: true });
    const r = await runParley(['run', scenario, '--runs', '8000', '--seed', '9', '--workers', '2', '--quiet', '--out', out, '--resume']);
    expect(r.code, r.stderr).toBe(0);
    const straight = join(dir, 'straight-8000');
    expect((await runParley(['run', scenario, '--runs', '8000', '--seed', '9', '--workers', '2', '--quiet', '--out', straight])).code).toBe(0);
    expect(readFileSync(join(out, 'runs.csv')).equals(readFileSync(join(straight, 'runs.csv')))).toBe(true);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(readFileSync(join(straight, 'summary.json'), 'utf8'));
  });
});

describe('merge refuses shards it cannot trust (#22 items 7 and 8)', () => {
  const shards = [1, 2].map((k) => join(dir, `shard-${k}`));
  beforeAll(async () => {
    for (const [i, out] of shards.entries()) {
      const r = await runParley(['run', scenario, '--runs', '4000', '--seed', '9', '--workers', '2', '--quiet', '--shard', `${i + 1}/2`, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  const summary = (f: string) => JSON.parse(readFileSync(join(f, 'summary.json'), 'utf8'));
  const rewrite = (f: string, edit: (s: ReturnType<typeof summary>) => unknown) => {
    const s = summary(f);
    const replaced = edit(s);
    writeFileSync(join(f, 'summary.json'), JSON.stringify(replaced === undefined ? s : replaced, null, 2));
  };
  const cases: [what: string, change: (folder: string) => void, message: RegExp][] = [
    ['a runs.csv cut short mid-row', (f) => writeFileSync(join(f, 'runs.csv'), readFileSync(join(f, 'runs.csv')).subarray(0, 7000)), /last row is cut short/],
    ['a runs.csv missing its last rows', (f) => writeFileSync(join(f, 'runs.csv'), readFileSync(join(f, 'runs.csv'), 'utf8').split('\n').slice(0, 1500).join('\n') + '\n'), /has 1499 rows, its summary\.json counts 2000/],
    ['an empty runs.csv', (f) => writeFileSync(join(f, 'runs.csv'), ''), /empty, or no header line/],
    ['a negative outcome count', (f) => rewrite(f, (s) => void (s.aggregate[0].outcomes[0] = -5)), /outcomes must be a list of counts/],
    ['outcome counts that do not add up to the runs', (f) => rewrite(f, (s) => void (s.aggregate[0].outcomes[0] += 7)), /outcomes add up to \d+, not to its 2000 runs/],
    ['metric counts that do not add up', (f) => rewrite(f, (s) => void (s.aggregate[0].metrics[0].n += 1)), /n and missing must be counts adding up/],
    ['runs that disagree with the range', (f) => rewrite(f, (s) => void (s.runs = 1)), /range of runs is missing or impossible/],
    ['a summary.json that is null', (f) => rewrite(f, () => null), /not a parley batch summary/],
    ['a summary.json without range', (f) => rewrite(f, (s) => void delete s.range), /range of runs is missing or impossible/],
    ['an empty aggregate', (f) => rewrite(f, (s) => void (s.aggregate = [])), /aggregate has 0 arms, the batch has 1/],
    ['a summary.json that is not JSON', (f) => writeFileSync(join(f, 'summary.json'), '{"formatVersion": 1,'), /not valid JSON/],
  ];
  for (const [what, change, message] of cases) {
    it(`refuses a shard with ${what}: exit 2, E_BATCH_FILE, no stack trace, no output`, async () => {
      const bad = join(dir, `merge-bad-${what.replace(/\W+/g, '-')}`);
      cpSync(shards[0]!, bad, { recursive: true });
      change(bad);
      const out = join(dir, `merged-${what.replace(/\W+/g, '-')}`);
      const r = await runParley(['merge', bad, shards[1]!, '--out', out, '--quiet']);
      expect(stackTraceLines(r.stderr)).toEqual([]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('E_BATCH_FILE');
      expect(r.stderr).toMatch(message);
      // Refused before the output folder was touched, or after: then left empty (no lock, no temporary file).
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    });
  }

  it('merges the untouched shards into what one batch writes', async () => {
    const out = join(dir, 'merged');
    const r = await runParley(['merge', ...shards, '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const whole = join(dir, 'whole-4000');
    expect((await runParley(['run', scenario, '--runs', '4000', '--seed', '9', '--workers', '2', '--quiet', '--out', whole])).code).toBe(0);
    expect(readFileSync(join(out, 'runs.csv')).equals(readFileSync(join(whole, 'runs.csv')))).toBe(true);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(readFileSync(join(whole, 'summary.json'), 'utf8'));
  });
});
