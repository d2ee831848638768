import { Console } from 'node:console';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Message, SQSClient } from '@aws-sdk/client-sqs';
import { type FailureLookup, originalMessageId, resendable, withErrors } from '../dead-letters';
import { deleteMessages, forEachMessage, queueDepth, sendMessages } from '../queues';
import { createBounceStore } from '../store';
import { localClientConfig, startEmulators } from './emulators';
import { type PollerCounters, QueuePoller, type SqsHandler, lambdaContext } from './poller';
import { type QueryServer, startQueryServer } from './query-server';
import { lockDataDir } from './lock';
import { type StackFile, removeStackFile, writeStackFile } from './stack-file';
import { type LocalStack, createTopology } from './topology';

/** Visibility timeout of the local queue: a failed message is retried within seconds. */
const VISIBILITY_TIMEOUT_SECONDS = 5;

export interface HandlerOptions {
  /**
   * Where the handler's logs go. Lambda captures a function's console; here this process's
   * console becomes the log (Powertools' dev mode logs through it), so the CLI's own output
   * must use process.stdout/stderr directly. @default - the console, unchanged
   */
  log?: Writable;
  /** Powertools log level. @default 'INFO' */
  logLevel?: string;
}

/**
 * Load the process-bounces handler the way Lambda does: configuration in the environment,
 * read once at cold start, then the very module the stack deploys. Call once per process.
 */
export async function loadHandler(stack: LocalStack, options: HandlerOptions = {}): Promise<SqsHandler> {
  const credentials = localClientConfig(stack.dynamoEndpoint).credentials;
  Object.assign(process.env, {
    RECIPIENTS_TABLE: stack.tables.recipients,
    EVENTS_TABLE: stack.tables.events,
    RETENTION_DAYS: '400',
    SOFT_BOUNCE_THRESHOLD: '3',
    SOFT_BOUNCE_WINDOW_DAYS: '14',
    POWERTOOLS_SERVICE_NAME: 'bounce-pipeline',
    POWERTOOLS_METRICS_NAMESPACE: 'BouncePipeline',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'INFO',
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
    AWS_REGION: stack.region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  });
  if (options.log) {
    process.env.POWERTOOLS_DEV = 'true';
    globalThis.console = new Console({ stdout: options.log, stderr: options.log });
  }
  const { handler } = await import('../../functions/process-bounces/index');
  return handler as SqsHandler;
}

/**
 * Serve the query-api function's module on loopback, configured by the environment
 * `loadHandler` set (call that first): the HTTP API a deployed stack has behind its Function URL,
 * without IAM authentication.
 */
async function serveQueryApi(port: number, region: string): Promise<QueryServer> {
  const { handler } = await import('../../functions/query-api/index');
  return startQueryServer({ port, handler: (event) => handler(event, lambdaContext('query-api', region)) });
}

/** One message saved across a restart: fauxqs keeps queues in memory only. */
interface BacklogEntry {
  messageId: string;
  originalMessageId: string;
  error: string | null;
  body: string;
}

const BACKLOG_FILES = { queue: 'queue-backlog.jsonl', dlq: 'dlq-backlog.jsonl' } as const;
type BacklogName = keyof typeof BACKLOG_FILES;

/**
 * Move every message out of a queue into entries, waiting for in-flight ones (failed messages
 * hidden until their visibility timeout ends) to come back.
 */
async function drainQueue(sqs: SQSClient, queueUrl: string, lookup: FailureLookup, waitMs: number): Promise<BacklogEntry[]> {
  const entries: BacklogEntry[] = [];
  const deadline = Date.now() + waitMs;
  const take = async (messages: Message[]) => {
    const letters = await withErrors(messages, lookup);
    letters.forEach((letter, index) => {
      entries.push({ ...letter, originalMessageId: originalMessageId(messages[index] as Message) });
    });
    await deleteMessages(sqs, queueUrl, messages);
  };
  do {
    await forEachMessage(sqs, queueUrl, { visibilityTimeoutSeconds: 30 }, take);
  } while ((await queueDepth(sqs, queueUrl)) > 0 && Date.now() < deadline);
  return entries;
}

/** Replace the saved backlog with `entries` (none: no file). */
function saveBacklog(dataDir: string, name: BacklogName, entries: BacklogEntry[]): void {
  const path = join(dataDir, BACKLOG_FILES[name]);
  if (entries.length === 0) {
    rmSync(path, { force: true });
    return;
  }
  writeFileSync(`${path}.tmp`, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  renameSync(`${path}.tmp`, path);
}

/**
 * Re-enqueue a saved backlog; returns how many messages it held. The file stays until the next
 * clean stop saves the queues again: the emulator keeps messages in memory only, so after a
 * `kill -9` the backlog is all that is left of them (replaying it twice is harmless, the store
 * counts each event once).
 */
async function restoreBacklog(sqs: SQSClient, queueUrl: string, dataDir: string, name: BacklogName): Promise<number> {
  const path = join(dataDir, BACKLOG_FILES[name]);
  if (!existsSync(path)) return 0;
  const entries = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as BacklogEntry);
  await sendMessages(sqs, queueUrl, entries.map((entry) => resendable(entry.body, entry.originalMessageId)));
  return entries.length;
}

export interface LocalPipelineOptions {
  dataDir: string;
  /** Port of the SNS/SQS endpoint; DynamoDB Local takes the next one. @default - free ports */
  port?: number;
  /** Where the handler's logs go. */
  log: Writable;
  /** Concurrent pollers, like the event source's scaling. @default 3 */
  concurrency?: number;
  /** Problems of the pollers themselves (not of the handler). */
  onPollerError?: (error: unknown) => void;
}

export interface LocalPipeline {
  stack: StackFile;
  /** Messages re-enqueued from the last run's backlog. */
  restored: Record<BacklogName, number>;
  counters(): PollerCounters;
  /** Stop pollers, save the queues' messages to the data dir, stop the emulators. */
  stop(): Promise<Record<BacklogName, number>>;
}

/**
 * Start emulators, topology and pollers on `dataDir`, and announce the pipeline in
 * `DIR/stack.json`. Throws DataDirLockedError when a live pipeline holds the dir's lock
 * (`DIR/lock`, taken atomically).
 */
export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  let emulators: Awaited<ReturnType<typeof startEmulators>>;
  try {
    emulators = await startEmulators({
      dataDir,
      ...(options.port ? { snsSqsPort: options.port, dynamoPort: options.port + 1 } : {}),
    });
  } catch (error) {
    unlock();
    throw error;
  }
  const sqs = new SQSClient(localClientConfig(emulators.snsSqsEndpoint));
  const dynamo = new DynamoDBClient(localClientConfig(emulators.dynamoEndpoint));
  try {
    const topology = await createTopology({
      snsSqsEndpoint: emulators.snsSqsEndpoint,
      dynamoEndpoint: emulators.dynamoEndpoint,
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
    });
    const handler = await loadHandler(topology, { log: options.log });
    const api = await serveQueryApi(options.port ? options.port + 2 : 0, topology.region);
    const store = createBounceStore({ client: dynamo, tables: topology.tables });
    const lookup: FailureLookup = (ids) => store.getFailures(ids);
    const restored = {
      queue: await restoreBacklog(sqs, topology.queueUrl, dataDir, 'queue'),
      dlq: await restoreBacklog(sqs, topology.dlqUrl, dataDir, 'dlq'),
    };
    const poller = new QueuePoller({
      sqs,
      queueUrl: topology.queueUrl,
      queueArn: topology.queueArn,
      region: topology.region,
      handler,
      concurrency: options.concurrency,
      onError: options.onPollerError,
    });
    poller.start();
    const stack: StackFile = {
      ...topology,
      apiUrl: api.url,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      dataDir,
    };
    writeStackFile(stack);

    return {
      stack,
      restored,
      counters: () => poller.counters,
      async stop() {
        removeStackFile(dataDir);
        await Promise.all([poller.stop(), api.close()]);
        const waitMs = (VISIBILITY_TIMEOUT_SECONDS + 2) * 1000;
        // Main queue first: draining it may dead-letter a message that used up its receives.
        const saved = { queue: 0, dlq: 0 };
        for (const [name, url] of [['queue', topology.queueUrl], ['dlq', topology.dlqUrl]] as const) {
          const entries = await drainQueue(sqs, url, lookup, waitMs);
          saveBacklog(dataDir, name, entries);
          saved[name] = entries.length;
        }
        sqs.destroy();
        dynamo.destroy();
        await emulators.stop();
        unlock();
        return saved;
      },
    };
  } catch (error) {
    sqs.destroy();
    dynamo.destroy();
    await emulators.stop();
    unlock();
    throw error;
  }
}
