import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The bundled CLI as a user runs it: `bounces local` in one process, the data commands in
 * others, finding it through DIR/stack.json.
 */

const CLI = join(import.meta.dirname, '..', 'dist', 'bounces.js');
const dataDir = mkdtempSync(join(tmpdir(), 'bounces-cli-'));
const stackFile = join(dataDir, 'stack.json');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', [CLI, ...args], { timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const local = (...args: string[]) => run(...args, '--local', '--data', dataDir);

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Pipeline {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function startPipeline(): Promise<Pipeline> {
  const child = spawn('node', [CLI, 'local', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await until(() => existsSync(stackFile) || child.exitCode !== null, 60_000, 'stack.json');
  if (!existsSync(stackFile)) throw new Error(`bounces local exited early:\n${output}`);
  return { child, output: () => output, exited };
}

/** Java processes whose command line names the data dir: DynamoDB Local started for it. */
function javaProcessesFor(dir: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmdline.includes('java') && cmdline.includes(dir);
      } catch {
        return false; // exited meanwhile
      }
    });
}

const ADDRESS = 'cli-test@example.net';
const notification = (recipient: string) =>
  JSON.stringify({
    notificationType: 'Bounce',
    mail: { messageId: 'cli-mail-1', timestamp: new Date().toISOString(), source: 'news@example.com' },
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      feedbackId: 'cli-feedback-1',
      timestamp: new Date().toISOString(),
      bouncedRecipients: [
        { emailAddress: recipient, status: '5.1.1', diagnosticCode: `smtp; 550 5.1.1 <${recipient}>: User unknown` },
      ],
    },
  });

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await startPipeline();
}, 120_000);

afterAll(() => {
  if (pipeline?.child.exitCode === null) pipeline.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('bounces CLI against `bounces local`', () => {
  it('refuses a second pipeline on the same data dir', async () => {
    const second = await run('local', '--data', dataDir);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/already running/);
  });

  it('sends notifications and waits until each is processed or dead-lettered', async () => {
    const file = join(dataDir, 'input.jsonl');
    writeFileSync(file, `${notification(ADDRESS)}\n\nthis line is not JSON\n`);
    const result = await local('send', file, '--wait', '--json');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ published: 2, processed: 1, deadLettered: 1 });
  }, 60_000);

  it('shows the status of a recipient', async () => {
    const result = await local('status', ADDRESS, '--json');
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status).toMatchObject({ recipient: ADDRESS, suppressed: true, reason: 'userunknown', bounceCount: 1 });
    expect(status.events).toHaveLength(1);
  });

  it('says so for an unknown or invalid address', async () => {
    const unknown = await local('status', 'nobody@example.org');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/nothing is recorded for nobody@example.org/);
    const invalid = await local('status', 'not-an-address');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/not an e-mail address/);
  });

  it('counts what was stored', async () => {
    const stats = JSON.parse((await local('stats', '--json')).stdout);
    expect(stats).toMatchObject({ events: 1, recipients: 1, suppressed: 1, byReason: { userunknown: 1 } });
  });

  it('lists the dead-lettered message with its error', async () => {
    const letters = JSON.parse((await local('dlq', 'list', '--json')).stdout);
    expect(letters).toHaveLength(1);
    expect(letters[0].body).toContain('this line is not JSON');
    expect(letters[0].error).toMatch(/not JSON/);
  });

  it('stops cleanly on SIGTERM, and keeps dead letters across a restart', async () => {
    pipeline.child.kill('SIGTERM');
    expect(await pipeline.exited).toBe(0);
    expect(existsSync(stackFile)).toBe(false);
    expect(javaProcessesFor(dataDir)).toEqual([]);
    expect(readFileSync(join(dataDir, 'dlq-backlog.jsonl'), 'utf8')).toContain('not JSON');

    const noPipeline = await local('stats');
    expect(noPipeline.code).toBe(2);
    expect(noPipeline.stderr).toMatch(/no local pipeline running/);

    pipeline = await startPipeline();
    const letters = JSON.parse((await local('dlq', 'list', '--json')).stdout);
    expect(letters).toHaveLength(1);
    expect(letters[0].error).toMatch(/not JSON/);
    pipeline.child.kill('SIGTERM');
    expect(await pipeline.exited).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);
  }, 60_000);
});
