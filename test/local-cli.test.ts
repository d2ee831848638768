import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from './helpers/cli';

/**
 * The bundled CLI as a user runs it: `bounces local` in one process, the data commands in
 * others, finding it through DIR/stack.json.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'bounces-cli-'));
const stackFile = join(dataDir, 'stack.json');

const run = (...args: string[]) => runCli(args, { timeout: 90_000 });

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

/**
 * `bounces local` as a terminal runs it: the leader of its own process group, so a test can
 * send the group a Ctrl-C (SIGINT to every process of the foreground group).
 */
function spawnPipeline(dir: string): Pipeline {
  const child = spawn('node', [CLI, 'local', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The pid in DIR/stack.json, once the pipeline that owns it has written it. */
function stackOwner(dir: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, 'stack.json'), 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
}

async function startPipeline(dir = dataDir): Promise<Pipeline> {
  const started = spawnPipeline(dir);
  // A pipeline killed with -9 leaves its stack.json: wait for this one's.
  const ready = () => stackOwner(dir) === started.child.pid;
  await until(() => ready() || started.child.exitCode !== null, 60_000, 'stack.json');
  if (!ready()) throw new Error(`bounces local exited early:\n${started.output()}`);
  return started;
}

/** Ctrl-C as `npm start` delivers it: the terminal signals the group, then npm forwards it once more. */
function ctrlC(pipeline: Pipeline): void {
  process.kill(-pipeline.child.pid!, 'SIGINT');
  pipeline.child.kill('SIGINT');
}

async function stopAll(pipeline: Pipeline | undefined, dir: string): Promise<void> {
  if (pipeline && pipeline.child.exitCode === null) {
    pipeline.child.kill('SIGTERM');
    await Promise.race([pipeline.exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  }
  for (const pid of javaProcessesFor(dir)) process.kill(Number(pid), 'SIGKILL');
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

afterAll(async () => {
  await stopAll(pipeline, dataDir);
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

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

  it('says an unknown address may be mailed (exit 0), and refuses an invalid one', async () => {
    // Like `check`: nothing recorded means mailable, not an error.
    const unknown = await local('status', 'nobody@example.org');
    expect(unknown.code).toBe(0);
    expect(unknown.stderr).toBe('');
    expect(unknown.stdout).toMatch(/^suppressed +no: nothing is recorded for this address; it may be mailed$/m);
    const unknownJson = await local('status', 'Nobody@Example.org', '--json');
    expect(unknownJson.code).toBe(0);
    expect(JSON.parse(unknownJson.stdout)).toEqual({
      recipient: 'nobody@example.org',
      suppressed: false,
      bounceCount: 0,
      complaintCount: 0,
      events: [],
    });
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

  it('keeps dead letters on a Ctrl-C of the terminal: the emulators outlive the save, no stack trace', async () => {
    pipeline = await startPipeline();
    ctrlC(pipeline);
    expect(await pipeline.exited).toBe(0);
    expect(pipeline.output()).not.toMatch(/^\s+at /m);
    expect(pipeline.output()).toMatch(/Saved 0 queued and 1 dead-lettered message/);
    expect(javaProcessesFor(dataDir)).toEqual([]);
    expect(readFileSync(join(dataDir, 'dlq-backlog.jsonl'), 'utf8')).toContain('not JSON');

    pipeline = await startPipeline();
    const letters = JSON.parse((await local('dlq', 'list', '--json')).stdout);
    expect(letters).toHaveLength(1);
  }, 150_000);

  it('reaps the DynamoDB Local that a kill -9 of the pipeline left behind, and loses no dead letter', async () => {
    pipeline.child.kill('SIGKILL');
    await pipeline.exited;
    const orphans = javaProcessesFor(dataDir);
    expect(orphans).toHaveLength(1);

    pipeline = await startPipeline();
    const running = javaProcessesFor(dataDir);
    expect(running).toHaveLength(1);
    expect(running).not.toContain(orphans[0]);
    // The killed run could not save, so the backlog its start restored is kept for the next.
    expect(JSON.parse((await local('dlq', 'list', '--json')).stdout)).toHaveLength(1);
    pipeline.child.kill('SIGTERM');
    expect(await pipeline.exited).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);
  }, 150_000);
});

describe('starting `bounces local`', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'bounces-start-'));
    dirs.push(dir);
    return dir;
  };
  const started: Pipeline[] = [];

  afterAll(async () => {
    for (const [index, dir] of dirs.entries()) {
      await stopAll(started[index], dir);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('lets exactly one of two started at the same instant run; the other is refused', async () => {
    const dir = freshDir();
    const both = [spawnPipeline(dir), spawnPipeline(dir)];
    started.push(...both);
    const first = await Promise.race(both.map((candidate) => candidate.exited.then(() => candidate)));
    expect(first.child.exitCode).toBe(2);
    expect(first.output()).toMatch(/already running on/);
    const runner = both.find((candidate) => candidate !== first)!;
    await until(() => existsSync(join(dir, 'stack.json')), 60_000, 'stack.json');
    expect(runner.child.exitCode).toBeNull();
    runner.child.kill('SIGTERM');
    expect(await runner.exited).toBe(0);
  }, 150_000);

  it('stops cleanly on a Ctrl-C during start-up, without blaming Java', async () => {
    const dir = freshDir();
    const early = spawnPipeline(dir);
    started.push(early);
    await until(() => early.output().includes('Starting'), 30_000, 'start-up');
    ctrlC(early);
    expect(await early.exited).toBe(0);
    expect(early.output()).not.toMatch(/Java/);
    expect(early.output()).not.toMatch(/^\s+at /m);
    expect(javaProcessesFor(dir)).toEqual([]);
  }, 150_000);
});
