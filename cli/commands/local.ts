import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type Command, InvalidArgumentError } from 'commander';
import { normaliseAddress } from '../../shared/address';
import { redateDemo } from '../../shared/local/demo-dates';
import { localClientConfig } from '../../shared/local/emulators';
import { loadAssets } from '../../shared/dashboard/page';
import { startDashboardServer } from '../../shared/dashboard/server';
import { type LocalPipeline, startLocalPipeline } from '../../shared/local/run-local';
import { DEFAULT_DATA_DIR, type StackFile } from '../../shared/local/stack-file';
import { parseNotification } from '../../shared/notification';
import { publishLines, waitUntilEmpty } from '../../shared/queues';
import { createBounceStore } from '../../shared/store';
import type { Party } from '../../shared/verdict';
import { EXIT, errorMessage, fail } from '../output';
import { type StackOptions, resolveStack } from '../stack';
import { formatFields, formatTable } from '../table';
import { DEFAULT_SINCE, dashboardSources } from './dashboard';
import { describeStats } from './stats';
import { currentReason } from './status';

const HELP_AFTER = `
Runs the whole pipeline on this machine, with no AWS account: the SNS/SQS emulator (fauxqs,
in this process) and AWS's DynamoDB Local (Java 17+), topic -> queue (+ dead-letter queue) ->
tables as the CDK stack defines them, and pollers that invoke the process-bounces handler the
way Lambda's SQS event source does. Runs until Ctrl-C or SIGTERM.

Data dir (--data, default .bounces/ in the current directory):
  stack.json           endpoints, ARNs and table names, while running; other commands read it
                       (--local). One pipeline per data dir.
  pipeline.log         the handler's logs (Powertools JSON)
  *.db                 DynamoDB Local's database: tables persist across restarts
  queue-backlog.jsonl  The emulator keeps queues in memory only, so on stop the messages still
  dlq-backlog.jsonl    in the queue and the dead-letter queue (with their errors) are saved
                       here and re-enqueued on the next start: nothing is lost across restarts.

--demo publishes samples/notifications.jsonl, waits until every message is processed and
prints a summary per recipient; the pipeline then keeps running.

Examples:
  $ npm start                                   # = bounces local --demo
  $ bounces local --data /tmp/bounces --port 4566
  $ bounces send samples/notifications.jsonl --local --wait
`;

interface LocalOptions {
  data: string;
  demo?: boolean;
  port?: number;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65534) throw new InvalidArgumentError('expected a port number.');
  return port;
}

/** Used when samples/notifications.jsonl is not there (an installed package without samples). */
const INLINE_SAMPLES = [
  {
    notificationType: 'Bounce',
    mail: { messageId: 'demo-mail-1', timestamp: '2026-01-05T09:00:00.000Z', source: 'news@example.com' },
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      feedbackId: 'demo-feedback-1',
      timestamp: '2026-01-05T09:00:02.000Z',
      bouncedRecipients: [
        { emailAddress: 'gone@example.net', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 <gone@example.net>: User unknown' },
      ],
    },
  },
  {
    notificationType: 'Bounce',
    mail: { messageId: 'demo-mail-2', timestamp: '2026-01-05T09:01:00.000Z', source: 'news@example.com' },
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      feedbackId: 'demo-feedback-2',
      timestamp: '2026-01-05T09:01:02.000Z',
      bouncedRecipients: [
        {
          emailAddress: 'ann@example.org',
          status: '5.7.1',
          diagnosticCode: 'smtp; 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
        },
      ],
    },
  },
  {
    notificationType: 'Complaint',
    mail: { messageId: 'demo-mail-3', timestamp: '2026-01-05T09:02:00.000Z', source: 'news@example.com' },
    complaint: {
      feedbackId: 'demo-feedback-3',
      timestamp: '2026-01-05T09:02:30.000Z',
      complaintFeedbackType: 'abuse',
      complainedRecipients: [{ emailAddress: 'angry@example.com' }],
    },
  },
].map((notification) => JSON.stringify(notification));

/** samples/ sits at the package root: two levels above this source file, one above the bundle. */
function findSamples(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth += 1) {
    const candidate = join(dir, 'samples', 'notifications.jsonl');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

function demoLines(): string[] {
  const file = findSamples();
  const lines = file
    ? readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
    : INLINE_SAMPLES;
  return redateDemo(lines, Date.now());
}

/** Every recipient the notifications name, normalised, in order of first appearance. */
function recipientsOf(lines: readonly string[]): string[] {
  const addresses = new Set<string>();
  for (const line of lines) {
    let notification;
    try {
      notification = parseNotification(line);
    } catch {
      continue; // a malformed sample ends in the dead-letter queue, not in the summary
    }
    const raw =
      notification.type === 'Bounce'
        ? notification.bounce.bouncedRecipients.map((recipient) => recipient.emailAddress)
        : notification.type === 'Complaint'
          ? notification.complaint.complainedRecipients.map((recipient) => recipient.emailAddress)
          : notification.type === 'Delivery'
            ? notification.delivery.recipients
            : [];
    for (const address of raw) {
      try {
        addresses.add(normaliseAddress(address));
      } catch {
        // not an address: nothing stored under it
      }
    }
  }
  return [...addresses];
}

function describeStack(stack: StackFile, logFile: string): string {
  return formatFields([
    ['SNS/SQS endpoint', stack.snsSqsEndpoint],
    ['DynamoDB endpoint', stack.dynamoEndpoint],
    ['query API', `${stack.apiUrl ?? '(not started)'}  (GET /recipients/{email}, /recipients, /stats, /suppressed, /incidents)`],
    ['topic', stack.topicArn],
    ['queue', stack.queueUrl],
    ['dead-letter queue', stack.dlqUrl],
    ['tables', `${stack.tables.recipients}, ${stack.tables.events}`],
    ['handler log', logFile],
    ['data dir', stack.dataDir],
  ]);
}

const PARTY_LABEL: Record<Party, string> = {
  recipient: 'recipient',
  sender: 'sender (you)',
  message: 'sender (message)',
  infrastructure: 'infrastructure',
  unknown: 'unknown',
  nobody: 'nobody (retry)',
};

async function demo(pipeline: LocalPipeline, write: (text: string) => void): Promise<void> {
  const { stack } = pipeline;
  const lines = demoLines();
  const snsSqs = localClientConfig(stack.snsSqsEndpoint);
  const sns = new SNSClient(snsSqs);
  const sqs = new SQSClient(snsSqs);
  const dynamo = new DynamoDBClient(localClientConfig(stack.dynamoEndpoint));
  try {
    write(`\nDemo: publishing ${lines.length} sample notifications to the topic...\n`);
    const started = performance.now();
    const before = pipeline.counters();
    await publishLines(sns, stack.topicArn, lines);
    await waitUntilEmpty(sqs, stack.queueUrl, { pollMs: 100 });
    const seconds = (performance.now() - started) / 1000;
    const after = pipeline.counters();
    const processed = after.processed - before.processed;
    write(
      `Processed ${processed} of ${lines.length} in ${seconds.toFixed(2)} s ` +
        `(${Math.round(processed / seconds)} notifications/s, ${after.batches - before.batches} batches).\n\n`,
    );

    const store = createBounceStore({ client: dynamo, tables: stack.tables });
    const rows: string[][] = [];
    for (const address of recipientsOf(lines)) {
      const recipient = await store.getRecipient(address);
      if (!recipient) continue;
      rows.push([
        address,
        currentReason(recipient) ?? '-',
        recipient.suppressed ? 'yes' : 'no',
        PARTY_LABEL[recipient.party ?? 'unknown'],
        recipient.action ?? '-',
        recipient.blocklist?.delistUrl ?? '',
      ]);
    }
    write(`${formatTable(['address', 'reason', 'suppress', 'who acts', 'action', 'delist link'], rows)}\n\n`);
    write(`${describeStats(await store.countStats())}\n`);
  } finally {
    sns.destroy();
    sqs.destroy();
    dynamo.destroy();
  }
}

/** ` --data DIR` when the data dir is not the default one, for commands printed to copy. */
const dataFlag = (dataDir: string) => (resolve(dataDir) === resolve(DEFAULT_DATA_DIR) ? '' : ` --data ${dataDir}`);

/** The window that shows the demo data: from the day of its oldest message. */
function demoSince(lines: readonly string[]): string {
  let oldest: string | undefined;
  for (const line of lines) {
    try {
      const notification = parseNotification(line);
      if (notification.type !== 'Bounce' && notification.type !== 'Complaint') continue;
      if (oldest === undefined || notification.mail.timestamp < oldest) oldest = notification.mail.timestamp;
    } catch {
      // a malformed sample shows in the dead-letter queue, not in the window
    }
  }
  return oldest?.slice(0, 10) ?? DEFAULT_SINCE;
}

/** The dashboard over this pipeline, served from this process on loopback. */
async function serveDashboard(options: StackOptions, since: string): Promise<{ url: string; close(): Promise<void> }> {
  const stack = await resolveStack(options);
  try {
    const server = await startDashboardServer({ sources: dashboardSources(stack, options), since, assets: loadAssets() });
    return {
      url: server.url,
      async close() {
        await server.close();
        stack.close();
      },
    };
  } catch (error) {
    stack.close();
    throw error;
  }
}

function exampleCommands(dataDir: string): string {
  const data = dataFlag(dataDir);
  return [
    `  npx bounces dashboard --local${data}`,
    `  npx bounces status <addr> --local${data}`,
    `  npx bounces stats --local${data}`,
    `  npx bounces send samples/notifications.jsonl --local${data} --wait`,
    `  npx bounces dlq list --local${data}`,
  ].join('\n');
}

/**
 * Under `npm start`, one Ctrl-C arrives twice: from the terminal, and forwarded by npm to its
 * child. Signals this close to the first are that same Ctrl-C, not a second one.
 */
const SAME_SIGNAL_MS = 1_000;

/**
 * Resolves on the first Ctrl-C or SIGTERM; a second one, pressed later, exits at once
 * (without saving the queues).
 */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    let first = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (first === 0) {
        first = Date.now();
        resolveSignal(signal);
      } else if (Date.now() - first > SAME_SIGNAL_MS) {
        process.stderr.write('bounces: stopped without saving the queues\n');
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
}

export function register(program: Command): void {
  program
    .command('local')
    .summary('run the whole pipeline locally on emulators')
    .description(
      'Run SNS -> SQS -> process-bounces -> DynamoDB on this machine, on emulators, with the same handler ' +
        'code as the deployed stack. Other commands reach it with --local.',
    )
    .option('--data <dir>', 'data dir: database, log, stack.json, saved queues', DEFAULT_DATA_DIR)
    .option('--demo', 'publish the sample notifications and print a summary')
    .option('--port <n>', 'SNS/SQS endpoint port; DynamoDB Local takes the next (default: free ports)', parsePort)
    .addHelpText('after', HELP_AFTER)
    .action(async (options: LocalOptions) => {
      const write = (text: string) => process.stdout.write(text);
      // Listen before starting, so a signal during start-up still stops the emulators cleanly.
      const stopped = stopSignal();
      const dataDir = resolve(options.data);
      mkdirSync(dataDir, { recursive: true });
      const logFile = join(dataDir, 'pipeline.log');
      const log = createWriteStream(logFile, { flags: 'a' });
      write(`Starting the local pipeline in ${dataDir}...\n`);
      let pipeline: LocalPipeline;
      try {
        pipeline = await startLocalPipeline({
          dataDir,
          port: options.port,
          log,
          onPollerError: (error) => log.write(`poller error: ${errorMessage(error)}\n`),
        });
      } catch (error) {
        fail(errorMessage(error));
      }
      write(`\n${describeStack(pipeline.stack, logFile)}\n`);
      const { queue, dlq } = pipeline.restored;
      if (queue + dlq > 0) {
        write(`\nRe-enqueued what the last run left: ${queue} message(s) to the queue, ${dlq} to the dead-letter queue.\n`);
      }
      const demoDone = options.demo
        ? demo(pipeline, write).catch((error) => write(`Demo failed: ${errorMessage(error)}\n`))
        : Promise.resolve();
      const signalledFirst = await Promise.race([demoDone.then(() => false), stopped.then(() => true)]);
      if (!signalledFirst) write(`\nPipeline running; Ctrl-C to stop. Try:\n${exampleCommands(options.data)}\n`);
      let dashboard: { url: string; close(): Promise<void> } | undefined;
      if (!signalledFirst && options.demo) {
        const since = demoSince(demoLines());
        try {
          dashboard = await serveDashboard({ local: true, data: dataDir }, since);
          write(
            `\nDashboard of the demo data (loopback only, refreshes every minute):\n  ${dashboard.url}\n` +
              `Served by this process; from another terminal: npx bounces dashboard --local${dataFlag(options.data)} --since ${since}\n`,
          );
        } catch (error) {
          write(`\nThe dashboard did not start: ${errorMessage(error)}\n`);
        }
      }

      await stopped;
      await dashboard?.close();
      write('\nStopping: finishing in-flight batches, saving queued messages...\n');
      let saved: Awaited<ReturnType<LocalPipeline['stop']>>;
      try {
        saved = await pipeline.stop();
      } catch (error) {
        fail(`could not save the queues to ${dataDir}: ${errorMessage(error)}`);
      }
      if (saved.queue + saved.dlq > 0) {
        write(`Saved ${saved.queue} queued and ${saved.dlq} dead-lettered message(s) to ${dataDir}; they return on the next start.\n`);
      }
      write('Stopped.\n');
      await new Promise((resolveEnd) => log.end(resolveEnd));
      process.exit(EXIT.ok);
    });
}
