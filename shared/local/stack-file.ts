import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalStack } from './topology';

/**
 * `DIR/stack.json`: how other commands find a running `bounces local`, and how a second
 * instance on the same data dir notices the first.
 */
export interface StackFile extends LocalStack {
  pid: number;
  startedAt: string;
  dataDir: string;
}

export const DEFAULT_DATA_DIR = '.bounces';

export function stackFilePath(dataDir: string): string {
  return join(dataDir, 'stack.json');
}

/** True when a process with this id exists (EPERM: it exists but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The stack file of a live pipeline in `dataDir`; undefined when there is none or its owner died. */
export function readLiveStackFile(dataDir: string): StackFile | undefined {
  let text: string;
  try {
    text = readFileSync(stackFilePath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  let stack: StackFile;
  try {
    stack = JSON.parse(text) as StackFile;
  } catch {
    return undefined; // a half-written file from a crash: nobody owns it
  }
  return Number.isInteger(stack.pid) && isAlive(stack.pid) ? stack : undefined;
}

/** Written to a temporary file and renamed, so a reader never sees half a file. */
export function writeStackFile(stack: StackFile): void {
  const path = stackFilePath(stack.dataDir);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(stack, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function removeStackFile(dataDir: string): void {
  rmSync(stackFilePath(dataDir), { force: true });
}
