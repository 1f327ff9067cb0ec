import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

export interface WatchOptions {
  /** Quiet time after the last change before re-checking: editors write a file in several steps. */
  readonly debounceMs?: number;
  /** Where reports go; the screen is cleared before each one when it is a terminal. */
  readonly output?: NodeJS.WriteStream;
  readonly signal?: AbortSignal;
}

/**
 * Runs `check` now and again whenever one of `files` changes, until Ctrl-C (or `signal`). Watches
 * the files' folders rather than the files: many editors save by writing a new file and renaming it
 * over the old one, which ends a watch on the file itself.
 */
export function watchFiles(files: readonly string[], check: () => void, options: WatchOptions = {}): Promise<void> {
  const out = options.output ?? process.stdout;
  const debounceMs = options.debounceMs ?? 150;
  const wanted = new Map<string, Set<string>>();
  for (const f of files) {
    const dir = dirname(resolve(f));
    wanted.set(dir, (wanted.get(dir) ?? new Set()).add(basename(f)));
  }
  const report = (): void => {
    if (out.isTTY) out.write('\x1b[2J\x1b[3J\x1b[H');
    else out.write('\n');
    out.write(`[${new Date().toLocaleTimeString()}] watching ${files.length} file${files.length === 1 ? '' : 's'}; Ctrl-C to stop\n\n`);
    check();
  };
  report();
  return new Promise((done) => {
    let timer: NodeJS.Timeout | undefined;
    const watchers: FSWatcher[] = [];
    const stop = (): void => {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      process.off('SIGINT', stop);
      done();
    };
    for (const [dir, names] of wanted) {
      watchers.push(
        watch(dir, (_event, name) => {
          if (name !== null && !names.has(String(name))) return;
          if (timer) clearTimeout(timer);
          timer = setTimeout(report, debounceMs);
        }),
      );
    }
    process.once('SIGINT', stop);
    options.signal?.addEventListener('abort', stop, { once: true });
  });
}
