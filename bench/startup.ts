import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, median } from './measure';
import type { BenchRow, BenchSection } from './run';

/** Runs of each command, taken in turn with `node -e 1` so drift of a shared machine hits both. */
const ROUNDS = 15;
/** The goal of issue 12: each command starts within this much of node's own start. */
const GOAL_MS = 150;

// Reports the process's own CPU time (user + system) as it exits.
const CPU_PROBE = `data:text/javascript,${encodeURIComponent(
  'process.on("exit", () => { const u = process.cpuUsage(); process.stderr.write(`\\ncpu-us=${u.user + u.system}\\n`); });',
)}`;

interface Run {
  wallMs: number;
  cpuMs: number;
  code: number | null;
}

function timeProcess(args: readonly string[]): Promise<Run> {
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', CPU_PROBE, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const cpu = /cpu-us=(\d+)/.exec(stderr)?.[1];
      if (!cpu) return reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`));
      resolve({ wallMs: performance.now() - start, cpuMs: Number(cpu) / 1000, code });
    });
  });
}

/** `bounces local` on a fresh data dir, for the commands that talk to a running pipeline. */
async function startLocal(dataDir: string): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, ['dist/bounces.js', 'local', '--data', dataDir], { cwd: ROOT, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 90_000;
  while (!existsSync(join(dataDir, 'stack.json'))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('bounces local did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return async () => {
    child.kill('SIGTERM');
    await exited;
  };
}

/**
 * How long `bounces` takes to answer, above node's own start: --version, top-level help,
 * explain, classify of one line, and check/status against a local pipeline (one lookup each).
 * Wall clock of whole processes, so it includes the lookup; the CPU figure is steadier on a
 * busy machine.
 */
export const startupSection: BenchSection = {
  name: 'startup',
  async run(): Promise<BenchRow[]> {
    const build = await timeProcess(['scripts/build.mjs']);
    if (build.code !== 0) throw new Error('build failed: run `npm run build` to see why');
    const dir = await mkdtemp(join(tmpdir(), 'bounces-startup-'));
    const stop = await startLocal(join(dir, 'local'));
    try {
      const oneLine = join(dir, 'one.jsonl');
      await writeFile(
        oneLine,
        `${JSON.stringify({
          notificationType: 'Bounce',
          mail: { timestamp: '2025-03-01T10:00:00.000Z', messageId: 'startup-1', source: 'news@example.com' },
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            feedbackId: 'startup-fb-1',
            timestamp: '2025-03-01T10:00:02.000Z',
            bouncedRecipients: [{ emailAddress: 'ann@example.com', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
          },
        })}\n`,
      );
      const local = ['--local', '--data', join(dir, 'local')];
      const commands: [string, string[]][] = [
        ['bounces --version', ['--version']],
        ['bounces --help', ['--help']],
        ['bounces explain TEXT', ['explain', '550 5.1.1 user unknown']],
        ['bounces classify (one line)', ['classify', oneLine]],
        ['bounces check ADDR --local', ['check', 'ann@example.com', ...local]],
        ['bounces status ADDR --local', ['status', 'ann@example.com', ...local]],
      ];
      const rows: BenchRow[] = [];
      for (const [metric, args] of commands) {
        await timeProcess(['dist/bounces.js', ...args]); // warms the file cache
        const node: Run[] = [];
        const cli: Run[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          node.push(await timeProcess(['-e', '1']));
          cli.push(await timeProcess(['dist/bounces.js', ...args]));
        }
        const wall = median(cli.map((run) => run.wallMs)) - median(node.map((run) => run.wallMs));
        const cpu = median(cli.map((run) => run.cpuMs)) - median(node.map((run) => run.cpuMs));
        rows.push({
          metric: `${metric}, over node -e 1`,
          value: `+${wall.toFixed(0)} ms`,
          note: `median wall ${median(cli.map((run) => run.wallMs)).toFixed(0)} ms vs ${median(node.map((run) => run.wallMs)).toFixed(0)} ms; CPU +${cpu.toFixed(0)} ms; ${ROUNDS} runs each, in turn; goal <= +${GOAL_MS} ms`,
        });
      }
      return rows;
    } finally {
      await stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
