import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The bundled CLI (`npm run build` writes it; the global setup builds it). */
export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'bounces.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `bounces ARGS` in a node process of its own, as a user runs it. Never rejects: a
 * failing command resolves with its exit code (1 when it was killed or could not start).
 */
export function runCli(args: readonly string[], options: { timeout: number; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], options, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
