import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * A file written atomically: bytes go to a temporary file in the same folder (so the rename cannot
 * cross file systems), which is flushed to disk and renamed over the target on `commit()`. Readers
 * see the old file or the whole new one, never half of it; `abort()` leaves no trace. Writes are
 * buffered, so streaming a million runs.csv lines costs few system calls.
 *
 * @example
 *   const f = new AtomicFile('out/runs.csv'); f.write(header); f.write(rows); f.commit();
 */
export class AtomicFile {
  readonly temp: string;
  private fd: number | undefined;
  private buffer: string[] = [];
  private buffered = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    // Named like the .gitignore's `.parley-tmp-*`, so a crash's leftovers are recognisable.
    this.temp = join(dirname(path), `.parley-tmp-${process.pid}-${basename(path)}`);
    this.fd = openSync(this.temp, 'w');
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
    for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off);
  }

  commit(): void {
    if (this.fd === undefined) return;
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
    renameSync(this.temp, this.path);
    // Make the rename itself durable (not possible on every platform; harmless where it is not).
    try {
      const dir = openSync(dirname(this.path), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    } catch {
      /* directories cannot be fsynced on some systems */
    }
  }

  abort(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.temp, { force: true });
  }

  private flush(): void {
    if (this.buffer.length === 0 || this.fd === undefined) return;
    const bytes = Buffer.from(this.buffer.join(''), 'utf8');
    for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off);
    this.buffer = [];
    this.buffered = 0;
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
