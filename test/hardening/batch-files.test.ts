import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { JOURNAL_FILE, RunsJournal } from '../../src/report/runs-journal.js';
import { LOCK_FILE, OutFolderLock, OutFolderLockedError } from '../../src/report/out-folder-lock.js';
import { BatchFileError } from '../../src/montecarlo/batch-file-error.js';
import { AtomicFile } from '../../src/report/atomic-file.js';
import { OutputFileError } from '../../src/report/output-file-error.js';

/** The pieces a batch's files rest on, called directly: the rows journal, the folder lock, atomic files. */
const dir = mkdtempSync(join(tmpdir(), 'parley-batch-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const header = 'run,strategy,outcome\n';
const row = (i: number) => Buffer.from(`${i},s,deal\n`);

describe('RunsJournal', () => {
  it('records the synced prefix exactly (rows, bytes, sha256 of the file so far)', () => {
    const folder = join(dir, 'prefix');
    const j = RunsJournal.create(folder, header);
    for (let i = 0; i < 5; i++) j.append(row(i), 1);
    const p = j.sync();
    const bytes = readFileSync(join(folder, JOURNAL_FILE));
    expect(p).toEqual({ rows: 5, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    j.close();
  });

  it('resumes by cutting the rows written after the checkpoint, then appends where they were', () => {
    const folder = join(dir, 'cut');
    const j = RunsJournal.create(folder, header);
    j.append(Buffer.concat([row(0), row(1)]), 2);
    const p = j.sync();
    j.append(Buffer.concat([row(2), Buffer.from('3,s,de')]), 1); // a kill halfway through a block
    j.close();
    const r = RunsJournal.resume(folder, join(folder, JOURNAL_FILE), p, header);
    r.append(Buffer.concat([row(2), row(3)]), 2);
    r.sync();
    r.commit();
    expect(readFileSync(join(folder, 'runs.csv'), 'utf8')).toBe(header + '0,s,deal\n1,s,deal\n2,s,deal\n3,s,deal\n');
  });

  it('refuses a prefix whose bytes changed, whose rows are fewer, or whose header differs', () => {
    const folder = join(dir, 'tampered');
    const j = RunsJournal.create(folder, header);
    j.append(Buffer.concat([row(0), row(1)]), 2);
    const p = j.sync();
    j.close();
    const file = join(folder, JOURNAL_FILE);
    const good = readFileSync(file);
    writeFileSync(file, Buffer.from(good.toString().replace('1,s', '7,s')));
    expect(() => RunsJournal.resume(folder, file, p, header)).toThrow(/sha256 mismatch/);
    writeFileSync(file, good.subarray(0, good.length - 3));
    expect(() => RunsJournal.resume(folder, file, p, header)).toThrow(BatchFileError);
    writeFileSync(file, good);
    expect(() => RunsJournal.resume(folder, file, p, 'run,other,outcome\n')).toThrow(/other columns/);
    // The right file still resumes after the refusals (they changed nothing).
    expect(() => RunsJournal.resume(folder, file, p, header).close()).not.toThrow();
  });

  it('says which columns differ: those of a runs.csv from before the track paths, or any others; and writes nothing', () => {
    const folder = join(dir, 'old-columns');
    const old = 'run,strategy,outcome,a,b,x\n';
    const j = RunsJournal.create(folder, old);
    j.append(row(0), 1);
    const p = j.sync();
    j.commit();
    const csv = join(folder, 'runs.csv');
    const now = 'run,strategy,outcome,a,b,a_path,b_path,x\n';
    let error: unknown;
    try {
      RunsJournal.resume(folder, csv, p, now);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BatchFileError);
    expect((error as BatchFileError).problem).toBe("was written before runs.csv had track paths: it lacks the columns a_path, b_path (each track's sequence of states), which this version writes, so the batch cannot be continued in this folder");
    expect((error as BatchFileError).hint).toMatch(/^finish the batch with the parley version that started it, or start a new --out folder/);
    // Refused before the journal was created: the folder holds what it held.
    expect(readdirSync(folder).sort()).toEqual(['runs.csv']);
    // Other differences are named too, as other columns.
    expect(() => RunsJournal.resume(folder, csv, p, 'run,strategy,outcome,a,c,x\n')).toThrow('has other columns than this batch writes (lacks c; has b, which this batch does not write)');
    expect(() => RunsJournal.resume(folder, csv, p, 'run,strategy,outcome,b,a,x\n')).toThrow('(the same names in another order)');
    expect(() => RunsJournal.resume(folder, csv, p, old).close()).not.toThrow();
  });

  it('copies a finished runs.csv that is exactly the recorded prefix, and refuses one with rows added', () => {
    const folder = join(dir, 'finished');
    const j = RunsJournal.create(folder, header);
    j.append(row(0), 1);
    const p = j.sync();
    j.commit();
    const csv = join(folder, 'runs.csv');
    RunsJournal.resume(folder, csv, p, header).close();
    expect(statSync(csv).size).toBe(p.bytes); // left in place until the next commit
    appendFileSync(csv, row(1));
    expect(() => RunsJournal.resume(folder, csv, p, header)).toThrow(/cut short or added to/);
  });
});

describe('OutFolderLock', () => {
  it('refuses a folder locked by a live process of this host, and names it', () => {
    const folder = join(dir, 'live');
    const owner = { pid: process.ppid, host: hostname(), command: 'parley run x.json', since: '2026-01-01T00:00:00.000Z' };
    OutFolderLock.take(folder, 'first').release();
    writeFileSync(join(folder, LOCK_FILE), JSON.stringify(owner));
    let thrown: unknown;
    try {
      OutFolderLock.take(folder, 'second');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OutFolderLockedError);
    expect((thrown as OutFolderLockedError).owner).toEqual(owner);
    expect((thrown as Error).message).toContain(`process ${process.ppid} on ${hostname()}`);
  });

  it("takes over a dead process's lock, removes its temporary files, keeps a live process's, and releases", () => {
    const folder = join(dir, 'dead');
    OutFolderLock.take(folder, 'first').release();
    writeFileSync(join(folder, LOCK_FILE), JSON.stringify({ pid: 2 ** 30, host: hostname(), command: 'x', since: 'y' }));
    writeFileSync(join(folder, `.parley-tmp-${2 ** 30}-runs.csv`), 'half');
    writeFileSync(join(folder, `.parley-tmp-${process.ppid}-report.html`), 'another command still writing');
    const lock = OutFolderLock.take(folder, 'second');
    expect(JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(folder).sort()).toEqual([`.parley-tmp-${process.ppid}-report.html`, LOCK_FILE]);
    lock.release();
    expect(readdirSync(folder)).toEqual([`.parley-tmp-${process.ppid}-report.html`]);
  });

  it('refuses a lock from another host (its process cannot be checked)', () => {
    const folder = join(dir, 'remote');
    OutFolderLock.take(folder, 'first').release();
    writeFileSync(join(folder, LOCK_FILE), JSON.stringify({ pid: 1, host: `not-${hostname()}`, command: 'x', since: 'y' }));
    expect(() => OutFolderLock.take(folder, 'second')).toThrow(OutFolderLockedError);
  });
});

describe('AtomicFile', () => {
  it('names the target file when the system refuses to create it', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    let thrown: unknown;
    try {
      new AtomicFile(join(file, 'summary.json'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OutputFileError);
    expect((thrown as OutputFileError).file).toBe(file);
    expect((thrown as Error).message).toMatch(/^cannot create .*a-file: .*\((ENOTDIR|EEXIST)\)$/);
  });
});
