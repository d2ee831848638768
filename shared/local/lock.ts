import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './stack-file';

/** A data dir held by a live process: the pid that holds it. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`a local pipeline is already running on ${dataDir} (pid ${pid})`);
  }
}

/** Create `path` holding our pid, only if it does not exist (O_CREAT | O_EXCL: atomic). */
function createExclusive(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The pid a lock file names; undefined when it is gone or half-written. */
function holder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

const RETRY_MS = 50;
const ATTEMPTS = 100;

/**
 * Take `DIR/lock` for this process, atomically: of two `bounces local` started at the same
 * instant, exactly one gets it. A lock whose process is gone (killed with -9, a crash) is
 * taken over; the takeover itself is guarded by a second exclusive file, so two processes
 * that find the same dead lock cannot both remove it. Returns the release function (also
 * run when this process exits). Throws DataDirLockedError while a live process holds it.
 */
export function lockDataDir(dataDir: string): () => void {
  const lock = join(dataDir, 'lock');
  const guard = join(dataDir, 'lock.takeover');
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (createExclusive(lock)) {
      const release = () => {
        process.removeListener('exit', release);
        if (holder(lock) === process.pid) rmSync(lock, { force: true });
      };
      process.once('exit', release);
      return release;
    }
    const pid = holder(lock);
    // A lock being written right now reads empty: wait for its pid rather than take it over.
    if (pid !== undefined && isAlive(pid)) throw new DataDirLockedError(dataDir, pid);
    if (pid !== undefined && createExclusive(guard)) {
      try {
        if (holder(lock) === pid) rmSync(lock, { force: true });
      } finally {
        rmSync(guard, { force: true });
      }
      continue;
    }
    const guardPid = holder(guard);
    if (guardPid !== undefined && !isAlive(guardPid)) rmSync(guard, { force: true });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RETRY_MS);
  }
  throw new Error(`cannot lock ${lock}: it stays unreadable; remove it if no \`bounces local\` runs on ${dataDir}`);
}
