import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BounceEvidence, classifyBounce } from '../shared/rules';
import type { BenchRow, BenchSection } from './run';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'dev.jsonl');

/** Used when the labelled corpus is not beside the project (it is not in a user's clone). */
const SYNTHETIC_DIAGNOSTICS: readonly [status: string, diagnostic: string][] = [
  ['5.1.1', '550 5.1.1 <ann@example.com>: Recipient address rejected: User unknown in virtual mailbox table'],
  ['5.1.1', "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos"],
  ['5.1.10', '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'],
  ['5.2.2', '552 5.2.2 The email account that you tried to reach is over quota.'],
  ['4.2.2', '452 4.2.2 Mailbox full'],
  ['5.7.1', '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org'],
  ['5.7.1', '550 5.7.1 Unauthenticated email from example.com is not accepted due to domain\'s DMARC policy'],
  ['5.7.26', '550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.'],
  ['4.7.0', "421 4.7.0 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address."],
  ['5.4.1', '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)'],
  ['5.3.4', '552 5.3.4 Message size exceeds fixed maximum message size'],
  ['5.1.2', '550 5.1.2 Host unknown'],
  ['4.4.7', '4.4.7 Message expired: unable to deliver in 840 minutes.'],
  ['5.0.0', 'Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.'],
  ['5.7.1', '554 5.7.1 Message rejected as spam by Content Filtering.'],
  ['5.0.0', '550 Requested action not taken: mailbox unavailable'],
];

interface Corpus {
  evidence: BounceEvidence[];
  source: string;
}

function bounceTypeOf(status: string | undefined): string {
  return status?.startsWith('4') ? 'Transient' : 'Permanent';
}

export function loadCorpus(): Corpus {
  if (existsSync(CORPUS)) {
    const evidence = readFileSync(CORPUS, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { diagnostic?: string; status?: string })
      .map(({ diagnostic, status }) => ({
        diagnostic: diagnostic ? `smtp; ${diagnostic}` : undefined,
        status: status || undefined,
        bounceType: bounceTypeOf(status),
      }));
    return { evidence, source: `dev corpus, ${evidence.length} diagnostics` };
  }
  const evidence = SYNTHETIC_DIAGNOSTICS.map(([status, diagnostic]) => ({
    diagnostic: `smtp; ${diagnostic}`,
    status,
    bounceType: bounceTypeOf(status),
  }));
  return { evidence, source: `synthetic set (no ../shared/corpus), ${evidence.length} diagnostics` };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const formatRate = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-US')}/s`;

const ROUNDS = 7;
const ROUND_MS = 300;

/** Classifications per second, one core: passes over the corpus until a round lasts ROUND_MS. */
function measureClassifier(evidence: readonly BounceEvidence[]): { rates: number[]; sink: number } {
  // Reading each result stops the engine from optimising the calls away.
  let sink = 0;
  const pass = () => {
    for (const item of evidence) sink += classifyBounce(item).rule.length;
  };
  let passes = 1;
  const warmUpEnd = performance.now() + 1_000;
  while (performance.now() < warmUpEnd) pass();
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < passes; i++) pass();
    if (performance.now() - start >= ROUND_MS) break;
    passes *= 2;
  }
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < passes; i++) pass();
    rates.push((passes * evidence.length) / ((performance.now() - start) / 1_000));
  }
  return { rates, sink };
}

export const classifierSection: BenchSection = {
  name: 'classifier',
  async run(): Promise<BenchRow[]> {
    const { evidence, source } = loadCorpus();
    const { rates } = measureClassifier(evidence);
    return [
      {
        metric: 'classifyBounce, median',
        value: formatRate(median(rates)),
        note: `${source}; 1 core, 1 s warm-up, ${ROUNDS} rounds of >=${ROUND_MS} ms`,
      },
      {
        metric: 'classifyBounce, min..max',
        value: `${formatRate(Math.min(...rates))} .. ${formatRate(Math.max(...rates))}`,
      },
    ];
  },
};

const MAIL_TIMESTAMP = '2025-03-01T10:00:00.000Z';
const BOUNCE_TIMESTAMP = '2025-03-01T10:00:02.000Z';

function mail(i: number, destination: string[]) {
  return {
    timestamp: MAIL_TIMESTAMP,
    messageId: `0100018f-${i.toString(16).padStart(8, '0')}-bench-000000`,
    source: 'news@sender.example',
    sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/sender.example',
    sendingAccountId: '123456789012',
    destination,
  };
}

/** A realistic mix: mostly bounces (some with two recipients), complaints, deliveries, opens. */
function sesNotification(i: number, evidence: readonly BounceEvidence[]): Record<string, unknown> {
  const recipient = (n: number) => `user${i}.${n}@Example${i % 97}.COM`;
  const kind = i % 10;
  if (kind === 0) {
    return {
      notificationType: 'Complaint',
      mail: mail(i, [recipient(0)]),
      complaint: {
        complainedRecipients: [{ emailAddress: recipient(0) }],
        timestamp: BOUNCE_TIMESTAMP,
        feedbackId: `0100018f-complaint-${i}`,
        complaintFeedbackType: 'abuse',
        userAgent: 'Yahoo!-Mail-Feedback/2.0',
      },
    };
  }
  if (kind === 1) {
    return {
      notificationType: 'Delivery',
      mail: mail(i, [recipient(0)]),
      delivery: {
        timestamp: BOUNCE_TIMESTAMP,
        processingTimeMillis: 812,
        recipients: [recipient(0)],
        smtpResponse: '250 2.0.0 OK 1709287202 x12si345 - gsmtp',
        reportingMTA: 'a8-50.smtp-out.amazonses.com',
      },
    };
  }
  if (kind === 2) return { eventType: 'Open', mail: mail(i, [recipient(0)]), open: { timestamp: BOUNCE_TIMESTAMP } };
  const count = i % 4 === 0 ? 2 : 1;
  const recipients = Array.from({ length: count }, (_, n) => {
    const item = evidence[(i + n) % evidence.length]!;
    return {
      emailAddress: recipient(n),
      action: 'failed',
      status: item.status,
      diagnosticCode: item.diagnostic,
    };
  });
  const first = evidence[i % evidence.length]!;
  return {
    notificationType: 'Bounce',
    mail: mail(i, recipients.map((r) => r.emailAddress)),
    bounce: {
      bounceType: first.bounceType,
      bounceSubType: 'General',
      bouncedRecipients: recipients,
      timestamp: BOUNCE_TIMESTAMP,
      feedbackId: `0100018f-bounce-${i}`,
      remoteMtaIp: '192.0.2.25',
      reportingMTA: 'dns; a8-50.smtp-out.amazonses.com',
    },
  };
}

/** The same notification in the three forms SES delivers, rotating. */
function line(i: number, evidence: readonly BounceEvidence[]): string {
  const notification = sesNotification(i, evidence);
  switch (i % 3) {
    case 0:
      return JSON.stringify({
        Type: 'Notification',
        MessageId: `b1c2-${i}`,
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ses-bounces',
        Message: JSON.stringify(notification),
        Timestamp: BOUNCE_TIMESTAMP,
        SignatureVersion: '1',
      });
    case 1: {
      if (!('notificationType' in notification)) return JSON.stringify(notification);
      const { notificationType, ...rest } = notification;
      return JSON.stringify({ eventType: notificationType, ...rest });
    }
    default:
      return JSON.stringify(notification);
  }
}

/** Write `count` notifications, one JSON line each, for benchmarks that need SES input. */
export async function writeNotifications(path: string, count: number, evidence: readonly BounceEvidence[]): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += `${line(i, evidence)}\n`;
    if (chunk.length >= 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

function run(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

// Reports the CLI process's own peak RSS as it exits, without a dependency on /usr/bin/time.
const RSS_PROBE = `data:text/javascript,${encodeURIComponent(
  'process.on("exit", () => process.stderr.write(`\\nmaxrss-kb=${process.resourceUsage().maxRSS}\\n`));',
)}`;

async function timeCli(file: string): Promise<{ seconds: number; rssMb: number }> {
  const start = performance.now();
  const { code, stderr } = await run(['--import', RSS_PROBE, 'dist/bounces.js', 'classify', file]);
  const seconds = (performance.now() - start) / 1_000;
  const rss = /maxrss-kb=(\d+)/.exec(stderr)?.[1];
  if (code !== 0 || !rss) throw new Error(`bounces classify exited ${code}: ${stderr}`);
  return { seconds, rssMb: Number(rss) / 1024 };
}

const LARGE = 200_000;
const SMALL = 20_000;
const CLI_ROUNDS = 3;

export const cliClassifySection: BenchSection = {
  name: 'cli',
  async run(): Promise<BenchRow[]> {
    const build = await run(['scripts/build.mjs']);
    if (build.code !== 0) throw new Error(`build failed: ${build.stderr}`);
    const { evidence, source } = loadCorpus();
    const dir = await mkdtemp(join(tmpdir(), 'bounces-bench-'));
    try {
      const large = join(dir, 'large.jsonl');
      const small = join(dir, 'small.jsonl');
      await writeNotifications(large, LARGE, evidence);
      await writeNotifications(small, SMALL, evidence);
      const sizeMb = (await stat(large)).size / 1024 / 1024;
      await timeCli(small);
      const runs: { seconds: number; rssMb: number }[] = [];
      for (let round = 0; round < CLI_ROUNDS; round++) runs.push(await timeCli(large));
      const smallRun = await timeCli(small);
      const seconds = median(runs.map((r) => r.seconds));
      const input = `${LARGE.toLocaleString('en-US')} notifications, ${sizeMb.toFixed(0)} MB; diagnostics from ${source}`;
      return [
        {
          metric: 'bounces classify FILE, median',
          value: formatRate(LARGE / seconds),
          note: `${input}; wall clock incl. node start-up, stdout to /dev/null, ${CLI_ROUNDS} rounds`,
        },
        {
          metric: `peak RSS, ${LARGE.toLocaleString('en-US')} notifications`,
          value: `${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB`,
          note: 'process.resourceUsage().maxRSS of the CLI process',
        },
        {
          metric: `peak RSS, ${SMALL.toLocaleString('en-US')} notifications`,
          value: `${smallRun.rssMb.toFixed(0)} MB`,
          note: 'same as above at a tenth of the input: memory does not grow with input',
        },
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
