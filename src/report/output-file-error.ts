/**
 * A file Parley could not write, create, read back or rename, as data: the file, what was being done
 * and the system's error code (ENOSPC, EACCES, EROFS...). Only cli/ turns it into a message.
 *
 * @example
 *   new OutputFileError('out/runs.csv', 'write', 'ENOSPC') // "cannot write out/runs.csv: no space left on device (ENOSPC)"
 */
export class OutputFileError extends Error {
  constructor(
    readonly file: string,
    readonly operation: 'create' | 'write' | 'read' | 'rename' | 'lock',
    readonly errno: string,
  ) {
    super(`cannot ${operation} ${file}: ${describeErrno(errno)}`);
    this.name = 'OutputFileError';
  }
}

/** Runs a file-system call, turning a system error into an OutputFileError that names `file`. */
export function onFile<T>(file: string, operation: OutputFileError['operation'], call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw asOutputFileError(error, file, operation);
  }
}

/** A system error (with an errno code) as an OutputFileError; anything else unchanged. */
export function asOutputFileError(error: unknown, file: string, operation: OutputFileError['operation']): unknown {
  if (error instanceof OutputFileError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? new OutputFileError(file, operation, code) : error;
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'not a folder, or a part of its path is not',
  EISDIR: 'it is a folder',
  EEXIST: 'a file of that name is in the way',
  ENOENT: 'no such file or folder',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  EBUSY: 'resource busy',
  EXDEV: 'cannot rename across file systems',
};

/** "no space left on device (ENOSPC)": the cause in words, with the code to search for. */
export function describeErrno(code: string): string {
  const text = ERRNO_TEXT[code];
  return text ? `${text} (${code})` : code;
}
