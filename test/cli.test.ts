import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Command, Help } from 'commander';
import { defaultParallelism, explicitParallelism } from '../cli/classify-lines';
import { COMMANDS, commandToLoad } from '../cli/commands';
import { VerdictSchema } from '../shared/verdict';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'bounces.js');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function bounces(args: readonly string[], input?: string): Promise<Result> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (data: string) => (stdout += data));
  child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
  child.stdin.end(input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const jsonLines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);

const mail = { timestamp: '2025-03-01T10:00:00.000Z', messageId: 'msg-1', source: 'news@sender.example' };

function bounceLine(...addresses: string[]): string {
  return JSON.stringify({
    notificationType: 'Bounce',
    mail,
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: addresses.map((emailAddress) => ({
        emailAddress,
        status: '5.1.1',
        diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      })),
      timestamp: '2025-03-01T10:00:02.000Z',
      feedbackId: 'fb-1',
    },
  });
}

const complaintLine = JSON.stringify({
  Type: 'Notification',
  Message: JSON.stringify({
    notificationType: 'Complaint',
    mail,
    complaint: {
      complainedRecipients: [{ emailAddress: 'dan@example.com' }],
      timestamp: '2025-03-01T11:00:00.000Z',
      feedbackId: 'fb-2',
    },
  }),
});

const deliveryLine = JSON.stringify({
  eventType: 'Delivery',
  mail,
  delivery: { timestamp: '2025-03-01T10:00:01.000Z', recipients: ['eve@example.com'] },
});

const openLine = JSON.stringify({ eventType: 'Open', mail, open: { timestamp: '2025-03-01T12:00:00.000Z' } });

const GOOD_INPUT = [bounceLine('ann@Example.com', 'bob@example.com'), '', complaintLine, deliveryLine, openLine, '  ', ''].join(
  '\n',
);

let dir: string;
const tempFile = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bounces-cli-test-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bounces classify', () => {
  function expectGoodOutput(result: Result): void {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const verdicts = jsonLines(result.stdout).map((line) => VerdictSchema.parse(line));
    expect(verdicts.map((verdict) => [verdict.recipient, verdict.reason, verdict.suppress])).toEqual([
      ['ann@example.com', 'userunknown', true],
      ['bob@example.com', 'userunknown', true],
      ['dan@example.com', 'feedback', true],
    ]);
  }

  it('classifies a file: one verdict line per bounced or complaining recipient, exit 0', async () => {
    expectGoodOutput(await bounces(['classify', tempFile('good.jsonl', GOOD_INPUT)]));
  });

  it('classifies stdin when no file is given, or "-"', async () => {
    expectGoodOutput(await bounces(['classify'], GOOD_INPUT));
    expectGoodOutput(await bounces(['classify', '-'], GOOD_INPUT));
  });

  it('accepts CRLF line endings', async () => {
    expectGoodOutput(await bounces(['classify'], GOOD_INPUT.replaceAll('\n', '\r\n')));
  });

  it('reports bad lines by line number, in stream order, goes on, and exits 1', async () => {
    const input = [
      bounceLine('ann@example.com'),
      'not json',
      '',
      '[1, 2]',
      complaintLine,
      JSON.stringify({ notificationType: 'Bounce', mail }),
      // A type SES may add later is valid output that carries no verdict: no line, no error.
      JSON.stringify({ notificationType: 'Bouncy', mail }),
    ].join('\n');
    const file = tempFile('bad.jsonl', input);
    const result = await bounces(['classify', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`bounces: 3 lines of ${file} rejected as not SES notifications; see the {"line", "error"} objects in the output\n`);
    const lines = jsonLines(result.stdout);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ recipient: 'ann@example.com' });
    expect(lines[1]).toEqual({ line: 2, error: expect.stringMatching(/^input is not JSON/) });
    expect(lines[2]).toEqual({ line: 4, error: 'input is not a JSON object' });
    expect(lines[3]).toMatchObject({ recipient: 'dan@example.com', reason: 'feedback' });
    expect(lines[4]).toEqual({ line: 6, error: expect.stringMatching(/^invalid Bounce notification: bounce: /) });
  });

  it('exits 0 with no output for empty input', async () => {
    expect(await bounces(['classify'], '')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('exits 2 with a clear error when the file does not exist', async () => {
    const missing = join(dir, 'missing.jsonl');
    const result = await bounces(['classify', missing]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `bounces: error: no such file: ${missing}\n` });
  });

  it('exits 2 when FILE is a directory', async () => {
    const result = await bounces(['classify', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`bounces: error: cannot read ${dir}: it is a directory\n`);
  });

  it('gives the same output, in input order, with worker threads as on one thread', async () => {
    // Enough lines that the workers start, with bad lines throughout to check line numbers.
    const lines = Array.from({ length: 6_000 }, (_, i) =>
      i % 997 === 0 ? `not json ${i}` : bounceLine(`user${i}@example.com`),
    );
    const file = tempFile('many.jsonl', `${lines.join('\n')}\n`);
    const single = await bounces(['classify', '--jobs', '1', file]);
    const parallel = await bounces(['classify', '--jobs', '3', file]);
    expect(single.code).toBe(1);
    expect(parallel).toEqual(single);
    const output = jsonLines(parallel.stdout) as { line?: number; recipient?: string }[];
    expect(output).toHaveLength(6_000);
    expect(output.filter((line) => line.line).map((line) => line.line)).toEqual([1, 998, 1995, 2992, 3989, 4986, 5983]);
    expect(output.at(-1)).toMatchObject({ recipient: 'user5999@example.com' });
  });

  it('starts worker threads by default only where they pay: never on 2 CPUs or fewer, else past 25,000 lines', () => {
    expect(defaultParallelism(1)).toEqual({ jobs: 1, afterLines: Infinity });
    expect(defaultParallelism(2)).toEqual({ jobs: 1, afterLines: Infinity });
    expect(defaultParallelism(4)).toEqual({ jobs: 3, afterLines: 25_000 });
    expect(defaultParallelism(32)).toEqual({ jobs: 8, afterLines: 25_000 });
    expect(explicitParallelism(3)).toEqual({ jobs: 3, afterLines: 2_000 });
  });

  it('rejects a --jobs that is not a whole number from 1 to 64', async () => {
    const result = await bounces(['classify', '--jobs', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--jobs <n>' argument '0' is invalid. expected a whole number from 1 to 64.");
  });

  it('stops quietly when the reader goes away (| head)', () => {
    const big = tempFile('big.jsonl', `${bounceLine('ann@example.com', 'bob@example.com')}\n`.repeat(20_000));
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" classify "${big}" | head -n 1`], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(jsonLines(result.stdout)).toHaveLength(1);
  });
});

describe('bounces explain', () => {
  const SPAMHAUS = '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org';

  it('explains a Spamhaus listing: reason, its meaning, who acts, delisting link and rule', async () => {
    const result = await bounces(['explain', SPAMHAUS]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^reason +blocked: The sending IP or domain is on a blocklist/m);
    expect(result.stdout).toMatch(/^permanence +permanent \(status 5\.7\.1, reply code 554\)$/m);
    expect(result.stdout).toMatch(/^suppress +no/m);
    expect(result.stdout).toMatch(/^who acts +you, the sender/m);
    expect(result.stdout).toMatch(/^blocklist +.*spamhaus/im);
    expect(result.stdout).toMatch(/^delisting +https:\/\/\S*spamhaus\S*$/m);
    expect(result.stdout).toMatch(/^rule +blocked\./m);
  });

  it('says to suppress an unknown user', async () => {
    const result = await bounces(['explain', 'smtp; 550 5.1.1 <ann@example.com>: user unknown']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^reason +userunknown: The mailbox does not exist/m);
    expect(result.stdout).toMatch(/^suppress +yes/m);
    expect(result.stdout).not.toMatch(/^delisting/m);
  });

  it('prints the classification as JSON with --json, using --status and --reply-code', async () => {
    const result = await bounces(['explain', 'mailbox unavailable', '--status', '5.1.1', '--reply-code', '550', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      reason: 'userunknown',
      status: '5.1.1',
      replyCode: 550,
      suppress: true,
      rule: expect.any(String),
    });
  });

  it.each([
    [['explain', 'text', '--status', '5.7'], /--status.*5\.7.*is invalid/],
    [['explain', 'text', '--reply-code', 'abc'], /--reply-code.*abc.*is invalid/],
    [['explain'], /missing required argument 'text'/],
    [['explain', 'text', '--nope'], /unknown option '--nope'/],
    [['nope'], /unknown command 'nope'/],
  ])('exits 2 on the usage error %j', async (args, message) => {
    const result = await bounces(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^bounces: error: /);
    expect(result.stderr).toMatch(message);
  });
});

describe('--help', () => {
  it.each([
    [['--help'], ['classify', 'explain', 'Examples:', 'Exit codes:', 'userunknown']],
    [['classify', '--help'], ['bounces classify [options] [file]', 'Arguments:', 'stdin', 'Examples:', 'Exit codes:', '{"line": N, "error": "..."}']],
    [['explain', '--help'], ['bounces explain [options] <text>', '--status <code>', '--reply-code <code>', '--json', 'Examples:', 'Exit codes:']],
    [['help', 'classify'], ['bounces classify', 'Exit codes:']],
  ])('%j is complete', async (args, expected) => {
    const result = await bounces(args);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    for (const text of expected) expect(result.stdout).toContain(text);
  });
});

describe('start-up: only the command that runs is loaded', () => {
  it.each([
    [['--version'], undefined],
    [['-V'], undefined],
    [['--help'], undefined],
    [[], undefined],
    [['help'], undefined],
    [['nope', '--help'], undefined],
    [['check', 'ann@example.com', '--local'], 'check'],
    [['explain', '--help'], 'explain'],
    [['help', 'dlq'], 'dlq'],
    [['help', 'nope'], undefined],
  ])('bounces %j loads %s', (args, loaded) => {
    expect(commandToLoad(args)).toBe(loaded);
  });

  it("lists each command in top-level help as the command's own module declares it", async () => {
    const help = new Help();
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const program = new Command('bounces');
      (await entry.load()).register(program);
      const [command] = program.commands;
      expect(command?.name()).toBe(name);
      expect(`${name} ${entry.usage}`.trimEnd()).toBe(help.subcommandTerm(command!));
      expect(entry.summary).toBe(command!.summary());
    }
  });

  it('answers --version and --help from the table, and still names an unknown command', async () => {
    expect((await bounces(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await bounces(['--help']);
    for (const [name, entry] of Object.entries(COMMANDS)) {
      expect(help.stdout).toMatch(new RegExp(`^  ${name} ${entry.usage.replace(/[[\].]/g, '\\$&')}`.trimEnd(), 'm'));
    }
    const unknown = await bounces(['chek']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'chek'");
    expect(unknown.stderr).toContain('check');
  });
});

describe('quiet-warnings', () => {
  it("drops the AWS SDK's NodeVersionSupportWarning and passes every other warning on", async () => {
    const seen: string[] = [];
    const listener = (warning: Error) => seen.push(warning.message);
    process.on('warning', listener);
    try {
      await import('../cli/quiet-warnings');
      process.emitWarning('NodeVersionSupportWarning: The AWS SDK for JavaScript (v3) will require node >=22.');
      process.emitWarning('typed notice', 'NodeVersionSupportWarning');
      process.emitWarning('object notice', { type: 'NodeVersionSupportWarning' });
      process.emitWarning(Object.assign(new Error('error notice'), { name: 'NodeVersionSupportWarning' }));
      process.emitWarning('something else', 'CustomWarning');
      await new Promise((resolve) => setImmediate(resolve));
      expect(seen).toEqual(['something else']);
    } finally {
      process.off('warning', listener);
    }
  });

  it('keeps the CLI quiet when the AWS SDK would warn', () => {
    const script = `import '${join(ROOT, 'cli', 'quiet-warnings.ts')}'; process.emitWarning('NodeVersionSupportWarning: upgrade'); process.emitWarning('kept');`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
    expect(result.stderr).toContain('kept');
  });
});

describe('the build', () => {
  it('leaves dist/bounces.js executable, so `npx bounces` runs it as a program', () => {
    accessSync(CLI, constants.X_OK);
    const result = spawnSync(CLI, ['--version'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('runs once, in the global setup: test files that rebuilt dist/ broke the ones running the CLI from it', () => {
    const testDir = join(ROOT, 'test');
    const rebuilding = readdirSync(testDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && file !== 'global-setup.ts')
      .filter((file) => /scripts\/build\.mjs['"]/.test(readFileSync(join(testDir, file), 'utf8')));
    expect(rebuilding).toEqual([]);
  });
});
