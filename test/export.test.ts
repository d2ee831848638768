import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EVENT_COLUMNS, writeRows } from '../cli/commands/export';
import { LineWriter } from '../cli/output';
import { localClientConfig } from '../shared/local/emulators';
import { writeStackFile } from '../shared/local/stack-file';
import { createQueryService } from '../shared/query';
import { csvCell, csvRow } from '../shared/query/csv';
import { type Seeded, idOf, seedEvents } from './helpers/query-fixtures';

const run = promisify(execFile);
const dynamoEndpoint = inject('dynamoEndpoint');
const dynamo = new DynamoDBClient(localClientConfig(dynamoEndpoint));

/** Diagnostics a hostile mail server could send back. */
const HOSTILE = [
  '=HYPERLINK("http://evil.test","click")',
  '+1+cmd|/c calc',
  '-2+3',
  '@SUM(A1)',
  '\t=1+1',
  '\r=1+1',
  'multi\nline, with "quotes"',
  'plain 550 5.1.1 user unknown',
];

/** RFC 4180, enough to read back what csvRow writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(cell), (cell = '');
    else if (char === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += char;
  }
  return rows;
}

describe('csv', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvRow(['x', undefined, null, 3, false])).toBe('x,,,3,false');
  });

  it('defuses cells a spreadsheet would run as formulas, but not our numbers', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
    expect(csvCell('=A1,"x"')).toBe('"\'=A1,""x"""');
    expect(csvCell(-1)).toBe('-1');
  });
});

describe('export', () => {
  let seeded: Seeded;
  let dataDir: string;

  beforeAll(async () => {
    seeded = await seedEvents(dynamo, 'Export', { notifications: 120, diagnostic: (n) => HOSTILE[n % HOSTILE.length] as string });
    // The CLI finds a `bounces local` by its stack file; this test process stands in for it.
    dataDir = mkdtempSync(join(tmpdir(), 'bounces-export-'));
    writeStackFile({
      pid: process.pid,
      startedAt: new Date().toISOString(),
      dataDir,
      snsSqsEndpoint: 'http://127.0.0.1:9',
      dynamoEndpoint,
      region: 'us-east-1',
      topicArn: 'arn:aws:sns:us-east-1:000000000000:unused',
      queueUrl: 'http://127.0.0.1:9/unused',
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:unused',
      dlqUrl: 'http://127.0.0.1:9/unused-dlq',
      tables: seeded.tables,
    });
  }, 120_000);

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    dynamo.destroy();
  });

  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run('node', ['dist/bounces.js', ...args, '--local', '--data', dataDir]);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('writes hostile diagnostics as CSV that reads back intact and runs no formula', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    const query = createQueryService({ client: dynamo, tables: seeded.tables });
    const rows = await writeRows(query.exportEvents(), 'csv', EVENT_COLUMNS, new LineWriter(stream));
    expect(rows).toBe(seeded.events.length);

    const [header, ...records] = parseCsv(chunks.join(''));
    expect(records).toHaveLength(seeded.events.length);
    const diagnostics = records.map((record) => record[(header as string[]).indexOf('diagnostic')] as string);
    expect(records.every((record) => record.length === header?.length)).toBe(true);
    expect(diagnostics.every((cell) => !/^[=+\-@\t\r]/.test(cell))).toBe(true);
    expect(new Set(diagnostics)).toEqual(
      new Set(HOSTILE.map((diagnostic) => (/^[=+\-@\t\r]/.test(diagnostic) ? `'${diagnostic}` : diagnostic))),
    );
  });

  it('exports suppressed recipients as JSON lines through the CLI', async () => {
    const { code, stdout } = await cli('export', '--suppressed', '--format', 'jsonl');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    const expected = new Set(seeded.events.filter((event) => event.suppress).map((event) => event.address));
    expect(new Set(lines.map((line) => line.address))).toEqual(expected);
    expect(lines).toHaveLength(expected.size);
  });

  it('rejects a missing or unknown --format as a usage error', async () => {
    expect((await cli('export')).code).toBe(2);
    expect((await cli('export', '--format', 'xml')).code).toBe(2);
  });

  it('check: 0 when every address may be mailed, 1 when one is suppressed, 2 for a bad address', async () => {
    const suppressed = seeded.events.find((event) => event.suppress)?.address as string;
    const fine = 'never-bounced@example.test';

    const ok = await cli('check', fine);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toMatch(/^never-bounced@example\.test\s+ok$/m);

    const blocked = await cli('check', fine, suppressed.toUpperCase().replace(/^R/, 'r'));
    expect(blocked.code).toBe(1);
    expect(blocked.stdout.trim().split('\n')).toHaveLength(2);
    expect(blocked.stdout).toMatch(new RegExp(`^${suppressed.replace('.', '\\.')}\\s+suppressed\\s+\\w+\\s+since 2026-`, 'm'));

    const bad = await cli('check', fine, 'not-an-address');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"not-an-address" is not an e-mail address/);
  });

  it('list and stats: clear errors for a bad date, reason or limit', async () => {
    const date = await cli('list', '--since', '2026-02-30');
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/"2026-02-30" is not a time/);
    expect((await cli('list', '--reason', 'nope')).code).toBe(2);
    expect((await cli('list', '--limit', '0')).code).toBe(2);
    expect((await cli('stats', '--by', 'week')).code).toBe(2);
    const cursor = await cli('list', '--cursor', 'bogus');
    expect(cursor.code).toBe(2);
    expect(cursor.stderr).toMatch(/cursor is damaged/);
  });

  it('list --json pages through the CLI: the pages hold each event at the domain exactly once', async () => {
    const list = async (...args: string[]) => JSON.parse((await cli('list', '--domain', 'big.test', '--json', ...args)).stdout);
    const first = await list('--limit', '5');
    expect(first.items).toHaveLength(5);
    const items = [...first.items];
    // The rest in large pages: the cursor, not the page size, is under test.
    for (let cursor = first.cursor; cursor; ) {
      const page = await list('--limit', '1000', '--cursor', cursor);
      items.push(...page.items);
      cursor = page.cursor;
    }
    const expected = seeded.events.filter((event) => event.domain === 'big.test');
    expect(expected.length).toBeGreaterThan(5);
    expect(items.map(idOf).sort()).toEqual(expected.map(idOf).sort());
    const stats = JSON.parse((await cli('stats', '--by', 'domain', '--json')).stdout);
    expect(stats).toMatchObject({ by: 'domain', total: seeded.events.length });
  });
});
