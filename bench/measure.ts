import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BounceEvidence } from '../shared/rules';

/** Helpers shared by the sections: the input they measure over, and statistics. */

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
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

// Recent, so the handler's timestamp window (a year back, a day ahead) accepts them.
const MAIL_TIMESTAMP = new Date(Date.now() - 3_600_000).toISOString();
const BOUNCE_TIMESTAMP = new Date(Date.now() - 3_598_000).toISOString();

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


export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * `count` SES notifications as they reach the queue (SNS envelopes unwrapped to the SNS message
 * they carry), from the classifier section's realistic mix: bounces, complaints, deliveries, opens.
 */
export async function notificationLines(count: number): Promise<{ lines: string[]; source: string }> {
  const { evidence, source } = loadCorpus();
  const dir = await mkdtemp(join(tmpdir(), 'bounces-bench-'));
  try {
    const file = join(dir, 'notifications.jsonl');
    await writeNotifications(file, count, evidence);
    const lines = (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const value = JSON.parse(line) as { Type?: string; Message?: string };
        return value.Type === 'Notification' && typeof value.Message === 'string' ? value.Message : line;
      });
    return { lines, source };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What SNS delivers to SQS: the message in an envelope. */
export const envelope = (message: string, id: number) => JSON.stringify({ Type: 'Notification', MessageId: `bench-${id}`, Message: message });
