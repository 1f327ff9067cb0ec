import { existsSync, linkSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { makeFolder } from './atomic-file.js';
import { onFile, OutputFileError } from './output-file-error.js';

/** The lock file's name in an output folder. */
export const LOCK_FILE = '.parley.lock';

/** What a lock file holds: who writes the folder. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** The command, for the message another process prints ("parley run scenarios/x.json ..."). */
  readonly command: string;
  /** ISO date the lock was taken. */
  readonly since: string;
}

/** Another live process writes the folder (or may: on another host its liveness cannot be checked). */
export class OutFolderLockedError extends Error {
  constructor(
    readonly folder: string,
    readonly owner: LockOwner,
    readonly sameHost: boolean,
  ) {
    super(`${folder} is being written by process ${owner.pid} on ${owner.host} (${owner.command}, since ${owner.since})`);
    this.name = 'OutFolderLockedError';
  }
}

/**
 * One writer per output folder. `take()` creates `.parley.lock` (exclusively) naming this process and
 * host; a lock left by a dead process on this host (kill -9, power loss) is taken over, a live one or
 * one from another host refuses with OutFolderLockedError. Once the folder is ours, the temporary
 * files (`.parley-tmp-<pid>-*`) of processes that no longer run are removed: they are what a killed
 * writer leaves behind.
 */
export class OutFolderLock {
  private held = false;
  private readonly onExit = () => this.release();

  private constructor(
    readonly folder: string,
    private readonly owner: LockOwner,
  ) {}

  static take(folder: string, command: string): OutFolderLock {
    if (existsSync(folder) && !statSync(folder).isDirectory()) throw new OutputFileError(folder, 'create', 'ENOTDIR');
    makeFolder(folder);
    const lock = new OutFolderLock(folder, { pid: process.pid, host: hostname(), command, since: new Date().toISOString() });
    lock.acquire();
    removeStaleTemps(folder);
    return lock;
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    process.off('exit', this.onExit);
    rmSync(join(this.folder, LOCK_FILE), { force: true });
  }

  private acquire(): void {
    const file = join(this.folder, LOCK_FILE);
    const text = JSON.stringify(this.owner) + '\n';
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.createExclusive(file, text)) {
        this.held = true;
        process.on('exit', this.onExit);
        return;
      }
      const existing = readOwner(file);
      if (existing === undefined) continue; // removed meanwhile, or half-written by a writer killed while taking it
      if (existing.host !== this.owner.host || isAlive(existing.pid)) throw new OutFolderLockedError(this.folder, existing, existing.host === this.owner.host);
      // A dead process's lock: move it aside (atomic), and check that what moved is the one judged
      // dead, not a lock a third process took meanwhile (then put that one back and refuse).
      const aside = join(this.folder, `.parley-tmp-${process.pid}-stale.lock`);
      try {
        renameSync(file, aside);
      } catch {
        continue;
      }
      const moved = readOwner(aside);
      if (moved && (moved.pid !== existing.pid || moved.since !== existing.since)) {
        try {
          linkSync(aside, file);
        } catch {
          /* someone else holds it now; refused below either way */
        }
        rmSync(aside, { force: true });
        throw new OutFolderLockedError(this.folder, moved, moved.host === this.owner.host);
      }
      rmSync(aside, { force: true });
    }
    throw new OutputFileError(file, 'lock', 'EBUSY');
  }

  /** Writes the lock aside, then links it into place: it appears whole or not at all (EEXIST: taken). */
  private createExclusive(file: string, text: string): boolean {
    const temp = join(this.folder, `.parley-tmp-${process.pid}-new.lock`);
    try {
      onFile(file, 'create', () => writeFileSync(temp, text));
      try {
        linkSync(temp, file);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw new OutputFileError(file, 'create', (error as NodeJS.ErrnoException).code ?? 'EIO');
      }
    } finally {
      rmSync(temp, { force: true });
    }
  }
}

function readOwner(file: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string') return { pid: o.pid, host: o.host, command: String(o.command ?? 'parley'), since: String(o.since ?? '?') };
  } catch {
    /* not a lock parley wrote (locks appear whole: see createExclusive): no writer to name */
  }
  return { pid: 0, host: hostname(), command: 'an unreadable lock file', since: '?' };
}

/** Whether a process of this host runs with that pid (EPERM: it runs, as another user). */
function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false; // our own pid: a previous life of this pid number
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `.parley-tmp-<pid>-*` files of processes that no longer run on this host. */
export function removeStaleTemps(folder: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = /^\.parley-tmp-(\d+)-/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && isAlive(pid)) continue;
    rmSync(join(folder, name), { force: true });
    removed.push(name);
  }
  return removed;
}
