import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Browser, launchChromium } from '../scripts/chromium';
import type { DashboardSources } from '../shared/dashboard/assemble';
import { AddressAnswerSchema, DashboardDataSchema } from '../shared/dashboard/model';
import { type DashboardAssets, loadAssets, renderPage } from '../shared/dashboard/page';
import { type DashboardServer, startDashboardServer } from '../shared/dashboard/server';
import { listDeadLetters, resendable } from '../shared/dead-letters';
import { localClientConfig } from '../shared/local/emulators';
import { QueuePoller } from '../shared/local/poller';
import { loadHandler } from '../shared/local/run-local';
import { writeStackFile } from '../shared/local/stack-file';
import { type LocalStack, createTopology } from '../shared/local/topology';
import { createQueryService } from '../shared/query';
import { publishLines, sendMessages, waitUntilEmpty } from '../shared/queues';
import { type BounceStore, createBounceStore } from '../shared/store';
import { bounceBody, complaintBody } from './helpers/bounce-fixtures';
import { CLI, runCli } from './helpers/cli';

/**
 * The dashboard over a seeded local pipeline (SNS -> SQS -> the real handler -> DynamoDB on
 * the emulators), in Debian's headless Chromium: the live page and the static report.
 */

const id = randomUUID().slice(0, 8);
const snsSqs = localClientConfig(inject('snsSqsEndpoint'));
const sns = new SNSClient(snsSqs);
const sqs = new SQSClient(snsSqs);
const dynamo = new DynamoDBClient(localClientConfig(inject('dynamoEndpoint')));

const MINUTE_MS = 60_000;
/**
 * The seed counts back from the latest noon (UTC) at least an hour ago: inside the 2-day
 * window whenever the test runs, and clear of midnight, where the incident store slices its
 * runs (runs across that edge are the incident store's tests' business, not the dashboard's).
 */
const ANCHOR = (() => {
  const noon = new Date();
  noon.setUTCHours(12, 0, 0, 0);
  if (noon.getTime() > Date.now() - 60 * MINUTE_MS) noon.setUTCDate(noon.getUTCDate() - 1);
  return noon.getTime();
})();
const ago = (minutes: number) => new Date(ANCHOR - minutes * MINUTE_MS).toISOString();

/** A receiver naming a DMARC failure (our wording), and Gmail's trailer naming the provider. */
const DMARC_REFUSAL = '550 5.7.26 DMARC check failed for the sending domain, message refused. gsmtp';
const SPAMHAUS_DELIST = 'spamhaus';

/**
 * The seed, and what it implies: a blocklist run across three domains (an incident with a
 * delisting link), DMARC failures at Gmail (an incident at google), dead addresses, full
 * mailboxes, a complaint, and one malformed message that ends in the dead-letter queue.
 */
const SEED = {
  blocked: Array.from({ length: 6 }, (_, n) => bounceBody(`listed${n}@${['a', 'b', 'c'][n % 3]}.test`, ago(180 - n), 'blocklisted')),
  authfailure: Array.from({ length: 5 }, (_, n) => {
    const body = bounceBody(`dmarc${n}@gmail.com`, ago(120 - n));
    const recipient = body.bounce.bouncedRecipients[0] as { status: string; diagnosticCode: string };
    recipient.status = '5.7.26';
    recipient.diagnosticCode = `smtp; ${DMARC_REFUSAL}`;
    return body;
  }),
  userunknown: Array.from({ length: 4 }, (_, n) => bounceBody(`gone${n}@dead.test`, ago(300 - 10 * n))),
  mailboxfull: Array.from({ length: 2 }, (_, n) => bounceBody(`full${n}@dead.test`, ago(60 - n), 'soft')),
  complaint: [complaintBody('angry@c.test', ago(30))],
};
const MALFORMED = '{"notificationType": "Bounce", "bounce": ';
const PARSE_ERROR = 'NotificationParseError: SNS Message is not JSON';

/**
 * A message already dead-lettered with the handler's error, as a restart of `bounces local`
 * restores one (dead-lettering itself is the local pipeline test's subject; waiting out
 * visibility timeouts here would only slow this file down).
 */
async function deadLetter(store: BounceStore): Promise<void> {
  const messageId = `dead-${id}`;
  await store.recordFailure(messageId, new Error(PARSE_ERROR), MALFORMED);
  await sendMessages(sqs, stack.dlqUrl, [resendable(MALFORMED, messageId)]);
}

let stack: LocalStack;
let poller: QueuePoller;
let sources: DashboardSources;
let assets: DashboardAssets;
let server: DashboardServer;
let browser: Browser;
/** A data dir whose stack.json points the CLI's --local at this file's pipeline. */
const dataDir = mkdtempSync(join(tmpdir(), 'dashboard-cli-'));
const reportFile = join(dataDir, 'report.html');
let report: { stdout: string };

async function writeReport(): Promise<{ stdout: string }> {
  const run = await runCli(['report', '--html', reportFile, '--since', '2d', '--local', '--data', dataDir], { timeout: 60_000 });
  if (run.code !== 0) throw new Error(`bounces report exited ${run.code}: ${run.stderr}`);
  return { stdout: run.stdout };
}

beforeAll(async () => {
  stack = await createTopology({
    snsSqsEndpoint: inject('snsSqsEndpoint'),
    dynamoEndpoint: inject('dynamoEndpoint'),
    names: {
      topic: `dash-${id}`,
      queue: `dash-${id}`,
      deadLetterQueue: `dash-${id}-dlq`,
      tables: { recipients: `DashRecipients-${id}`, events: `DashEvents-${id}` },
    },
    // Long enough that no batch, slow on a busy machine, is received twice.
    visibilityTimeoutSeconds: 30,
  });
  const handler = await loadHandler(stack, { logLevel: 'SILENT' });
  poller = new QueuePoller({ sqs, queueUrl: stack.queueUrl, queueArn: stack.queueArn, region: stack.region, handler, concurrency: 2 });
  poller.start();
  const lines = Object.values(SEED).flat().map((body) => JSON.stringify(body));
  const store = createBounceStore({ client: dynamo, tables: stack.tables });
  await Promise.all([publishLines(sns, stack.topicArn, lines), deadLetter(store)]);
  await waitUntilEmpty(sqs, stack.queueUrl, { timeoutMs: 30_000, pollMs: 50 });
  sources = {
    description: 'test pipeline',
    query: createQueryService({ client: dynamo, tables: stack.tables }),
    deadLetters: () => listDeadLetters(sqs, stack.dlqUrl, (ids) => store.getFailures(ids)),
  };
  // dist/dashboard, which the test setup built from the sources as they are now.
  assets = loadAssets();
  writeStackFile({ ...stack, pid: process.pid, startedAt: new Date().toISOString(), dataDir });
  server = await startDashboardServer({ sources, since: '2d', assets });
  // The report as a user writes it, with the CLI; the browser opens it from disk.
  [report, browser] = await Promise.all([writeReport(), launchChromium()]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await poller?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  sns.destroy();
  sqs.destroy();
  dynamo.destroy();
});

/** A page that records console errors, uncaught exceptions and every request it makes. */
async function openPage(): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  return { page, errors, requests };
}

/** A table's rows as text cells, found by its caption. */
function tableRows(page: Page, caption: string): Promise<string[][]> {
  return page.evaluate((wanted) => {
    const found = Array.from(document.querySelectorAll('table')).find((table) => table.caption?.textContent?.startsWith(wanted));
    if (!found) return [];
    return Array.from(found.rows, (row) => Array.from(row.cells, (cell) => cell.textContent?.trim() ?? ''));
  }, caption);
}

/** The total row of the timeline table as {column: value}. */
async function timelineTotals(page: Page): Promise<Record<string, string>> {
  const rows = await tableRows(page, 'Bounces per hour');
  const header = rows[0] ?? [];
  const total = rows.find((row) => row[0] === 'total') ?? [];
  return Object.fromEntries(header.map((column, index) => [column, total[index] ?? '']));
}

/** What every rendering of the seed must show, live or from the report. */
async function expectSeedFigures(page: Page): Promise<void> {
  expect(await timelineTotals(page)).toMatchObject({ blocked: '6', authfailure: '5', userunknown: '4', mailboxfull: '2', complaints: '1' });
  expect(await page.getAttribute('#timeline-chart', 'aria-label')).toContain('17 bounces');

  const incidents = page.locator('#incident-list article');
  await expect.poll(() => incidents.count()).toBe(2);
  const listed = incidents.filter({ hasText: 'Spamhaus' });
  await expect.poll(() => listed.count()).toBe(1);
  expect(await listed.textContent()).toContain('6 events');
  expect(await listed.locator('a').getAttribute('href')).toContain(SPAMHAUS_DELIST);
  expect(await incidents.filter({ hasText: 'authfailure at google' }).textContent()).toContain('5 events');

  const providers = await tableRows(page, 'Events by provider');
  expect(providers).toContainEqual(expect.arrayContaining(['google', '5']));
  const domains = await tableRows(page, 'Events by recipient domain');
  expect(domains).toContainEqual(expect.arrayContaining(['gmail.com', '5']));
  expect(domains).toContainEqual(expect.arrayContaining(['dead.test', '6']));
  // Four dead addresses and the complainer.
  expect(await page.textContent('#suppression-total')).toContain('5 suppressed in total');
  const deadLetters = await page.textContent('#dead-letter-list');
  expect(deadLetters).toContain('1 message in the dead-letter queue');
  expect(deadLetters).toContain(PARSE_ERROR);
}

/** Search with the keyboard only: focus the field, type, press Enter. */
async function searchFor(page: Page, address: string): Promise<string> {
  await page.focus('#search-input');
  await page.keyboard.type(address);
  await page.keyboard.press('Enter');
  const result = page.locator('#search-result article');
  await result.waitFor();
  return (await result.textContent()) ?? '';
}

describe('the dashboard in Chromium', () => {
  it('shows what the seed implies, with no console errors, and the search finds an address with its history', async () => {
    const { page, errors } = await openPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="ready"]');
    await expectSeedFigures(page);

    const found = await searchFor(page, 'DMARC2@gmail.com');
    expect(found).toContain('dmarc2@gmail.com');
    expect(found).toContain('authfailure at google');
    const history = await tableRows(page, 'History of dmarc2@gmail.com');
    expect(history.slice(1).map((row) => row[2])).toEqual(['authfailure']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refreshes its figures every minute', async () => {
    const { page, requests } = await openPage();
    await page.clock.install();
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="ready"]');
    const reads = () => requests.filter((url) => url.endsWith('/api/dashboard')).length;
    expect(reads()).toBe(1);
    await page.clock.runFor(61_000);
    await expect.poll(reads).toBe(2);
    await page.close();
  });

  it('is laid out for a phone without sideways scrolling of the page', async () => {
    const { page, errors } = await openPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="ready"]');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the static report opens from file:// with the network off and shows the same', async () => {
    const { page, errors, requests } = await openPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(reportFile).href);
    await page.waitForSelector('body[data-state="ready"]');
    await expectSeedFigures(page);
    expect(await searchFor(page, 'Listed0@A.Test')).toContain('Spamhaus');
    expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the reputation panel', () => {
  it("shows both SES rates against SES's review and pause levels, in words", async () => {
    // SES's rates live in CloudWatch; here the source hands the page a summary as a stack's would.
    const reputation = async () => ({
      bounceRate: { metric: 'Reputation.BounceRate', now: 0.062, at: ago(60), max: 0.071, level: 'review' as const, review: 0.05, pause: 0.1 },
      complaintRate: { metric: 'Reputation.ComplaintRate', level: 'unknown' as const, review: 0.001, pause: 0.005 },
    });
    const withReputation = await startDashboardServer({ sources: { ...sources, reputation }, since: '2d', assets });
    try {
      const { page, errors } = await openPage();
      await page.goto(withReputation.url);
      await page.waitForSelector('body[data-state="ready"]');
      const rows = await tableRows(page, 'SES reputation');
      expect(rows[1]).toEqual(['bounce rate', '6.20%', '7.10%', '5.00%', '10.00%', 'AT OR ABOVE the review level (5.00%): SES reviews the account']);
      expect(rows[2]?.slice(1, 3)).toEqual(['none', 'none']);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await withReputation.close();
    }
  });
});

describe('a source that fails', () => {
  it('the page says what failed, in an alert, instead of showing stale or empty figures', async () => {
    const failing = await startDashboardServer({
      sources: { ...sources, deadLetters: () => Promise.reject(new Error('the dead-letter queue cannot be reached')) },
      since: '2d',
      assets,
      onError: () => undefined,
    });
    try {
      const { page, errors } = await openPage();
      await page.goto(failing.url);
      await page.waitForSelector('body[data-state="failed"]');
      expect(await page.textContent('#problem[role="alert"]')).toBe('Could not load the figures: the dead-letter queue cannot be reached');
      // The browser's own note of the 500, nothing thrown by the page.
      expect(errors.every((error) => error.includes('500'))).toBe(true);
      await page.close();
    } finally {
      await failing.close();
    }
  });
});

describe('the dashboard server', () => {
  it('serves figures that match the schema, and refuses other hosts, methods and malformed addresses', async () => {
    const figures = await fetch(new URL('api/dashboard', server.url));
    expect(figures.headers.get('cache-control')).toBe('no-store');
    expect(DashboardDataSchema.parse(await figures.json()).timeline.bounces).toBe(17);

    const page = await fetch(server.url);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[^']+'/);

    // A name pointed at 127.0.0.1 by someone else's DNS (rebinding) gets nothing.
    const rebound = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get(new URL('api/dashboard', server.url), { headers: { host: 'attacker.example' } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        }).on('error', reject),
      );
    });
    expect(rebound).toBe(403);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
    const bad = await fetch(new URL('api/address?email=not-an-address', server.url));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ parameter: 'email' });
    const unknown = await fetch(new URL('api/address?email=nobody%40nowhere.test', server.url));
    expect(await unknown.json()).toEqual({ found: false, address: 'nobody@nowhere.test' });
    const known = AddressAnswerSchema.parse(await (await fetch(new URL('api/address?email=Gone0%40DEAD.test', server.url))).json());
    expect(known.found && known.view.status.suppressed).toBe(true);
  });

  it('the report escapes text that would end its data element', async () => {
    const data = DashboardDataSchema.parse(await (await fetch(new URL('api/dashboard', server.url))).json());
    const html = renderPage(assets, { mode: 'report', data: { ...data, source: '</script><script>alert(1)</script>' } });
    expect(html).not.toContain('</script><script>alert(1)');
  });
});

describe('the dashboard commands', () => {
  it('bounces report --html writes one self-contained file with the figures and the searchable addresses', async () => {
    expect(report.stdout).toMatch(/17 bounces, 1 complaint, 2 incidents/);
    const html = readFileSync(reportFile, 'utf8');
    const embedded = /<script type="application\/json" id="dashboard-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    const data = DashboardDataSchema.parse(JSON.parse(embedded));
    expect(data.timeline.bounces).toBe(17);
    expect(Object.keys(data.addresses ?? {})).toContain('dmarc2@gmail.com');
    // Nothing outside the file: no src or href attribute loads anything.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="(?!data:)/);
  });

  it('bounces dashboard prints its loopback URL and serves the pipeline until stopped', async () => {
    const child = spawn('node', [CLI, 'dashboard', '--since', '2d', '--local', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await expect.poll(() => /http:\/\/127\.0\.0\.1:\d+\//.exec(output)?.[0], { timeout: 30_000 }).toBeDefined();
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(output)?.[0] as string;
    const figures = DashboardDataSchema.parse(await (await fetch(new URL('api/dashboard', url))).json());
    expect(figures.timeline.bounces).toBe(17);
    expect(figures.deadLetters.count).toBe(1);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
