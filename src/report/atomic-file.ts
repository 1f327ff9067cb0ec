import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { injectedFaults } from './injected-faults.js';
import { asOutputFileError, onFile } from './output-file-error.js';

/**
 * A file written atomically: bytes go to a temporary file in the same folder (so the rename cannot
 * cross file systems), which is flushed to disk and renamed over the target on `commit()`. Readers
 * see the old file or the whole new one, never half of it; `abort()` leaves no trace. Writes are
 * buffered, so streaming a million runs.csv lines costs few system calls. A failing system call
 * throws an OutputFileError naming the target file and the cause (ENOSPC, EROFS...).
 *
 * `commit()` is `prepare()` (everything on disk, nothing renamed) then `rename()`: two files that
 * must change together prepare both, then rename both.
 *
 * @example
 *   const f = new AtomicFile('out/runs.csv'); f.write(header); f.write(rows); f.commit();
 */
export class AtomicFile {
  readonly temp: string;
  private fd: number | undefined;
  private buffer: string[] = [];
  private buffered = 0;
  private prepared = false;

  constructor(readonly path: string) {
    makeFolder(dirname(path));
    // Named like the .gitignore's `.parley-tmp-*`, so a crash's leftovers are recognisable (and the
    // next batch in the folder removes them: see out-folder-lock.ts).
    this.temp = join(dirname(path), `.parley-tmp-${process.pid}-${basename(path)}`);
    this.fd = onFile(path, 'create', () => openSync(this.temp, 'w'));
  }

  write(text: string): void {
    this.buffer.push(text);
    this.buffered += text.length;
    if (this.buffered > 1 << 20) this.flush();
  }

  /** Raw bytes (copying another file's content), after everything written so far. */
  writeBytes(bytes: Uint8Array): void {
    this.flush();
    if (this.fd === undefined) return;
    this.writeAll(bytes);
  }

  /** Flushes and fsyncs the temporary file and closes it; `rename()` then puts it in place. */
  prepare(): void {
    if (this.fd === undefined) return;
    this.flush();
    const fd = this.fd;
    onFile(this.path, 'write', () => fsyncSync(fd));
    closeSync(fd);
    this.fd = undefined;
    this.prepared = true;
  }

  /** Renames the prepared file over the target, durably where the system allows. */
  rename(): void {
    if (!this.prepared) return;
    onFile(this.path, 'rename', () => renameSync(this.temp, this.path));
    this.prepared = false;
    syncFolder(dirname(this.path));
  }

  commit(): void {
    this.prepare();
    this.rename();
  }

  /** Removes the temporary file (after a failure, or to drop what was written). */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        /* already failing; removing the file is what matters */
      }
      this.fd = undefined;
    }
    this.prepared = false;
    rmSync(this.temp, { force: true });
  }

  private flush(): void {
    if (this.buffer.length === 0 || this.fd === undefined) return;
    const bytes = Buffer.from(this.buffer.join(''), 'utf8');
    this.buffer = [];
    this.buffered = 0;
    this.writeAll(bytes);
  }

  private writeAll(bytes: Uint8Array): void {
    try {
      injectedFaults.failWrite(this.path);
      for (let off = 0; off < bytes.length; ) off += writeSync(this.fd!, bytes, off);
    } catch (error) {
      throw asOutputFileError(error, this.path, 'write');
    }
  }
}

/** Writes a whole file atomically. */
export function writeFileAtomic(path: string, text: string): void {
  const f = new AtomicFile(path);
  try {
    f.write(text);
    f.commit();
  } catch (error) {
    f.abort();
    throw error;
  }
}

/** Makes renames in a folder durable (not possible on every platform; harmless where it is not). */
export function syncFolder(folder: string): void {
  try {
    const dir = openSync(folder, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    /* directories cannot be fsynced on some systems */
  }
}

/**
 * Creates a folder and its parents, naming the real cause when it cannot: Node's recursive mkdir
 * reports ENOENT where the system said EROFS or EACCES, so the first missing folder is made alone
 * to learn why.
 */
export function makeFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw asOutputFileError(error, folder, 'create');
    let missing = folder;
    while (dirname(missing) !== missing && !existsSync(dirname(missing))) missing = dirname(missing);
    try {
      mkdirSync(missing);
    } catch (inner) {
      throw asOutputFileError(inner, folder, 'create');
    }
    onFile(folder, 'create', () => mkdirSync(folder, { recursive: true }));
  }
}
