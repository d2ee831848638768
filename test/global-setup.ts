import '../cli/quiet-warnings';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { startEmulators } from '../shared/local/emulators';

declare module 'vitest' {
  export interface ProvidedContext {
    snsSqsEndpoint: string;
    dynamoEndpoint: string;
  }
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The CLI as users run it, built once for the whole run: test files run `dist/bounces.js`
 * in parallel, so none of them may rebuild it.
 */
async function buildDist(): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
  } catch (error) {
    throw new Error(`the build failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
}

/**
 * One pair of real emulators for the whole run, on free ports so a running `bounces local`
 * never collides. Test files isolate themselves by creating their own uniquely named tables,
 * topics and queues.
 */
export default async function setup(project: TestProject) {
  const [emulators, build] = await Promise.allSettled([startEmulators(), buildDist()]);
  if (emulators.status === 'rejected') throw emulators.reason;
  if (build.status === 'rejected') {
    await emulators.value.stop();
    throw build.reason;
  }
  project.provide('snsSqsEndpoint', emulators.value.snsSqsEndpoint);
  project.provide('dynamoEndpoint', emulators.value.dynamoEndpoint);
  return () => emulators.value.stop();
}
