import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type {
  Context,
  SQSBatchResponse,
  SQSEvent,
  SQSMessageAttributes,
  SQSRecord,
  SQSRecordAttributes,
} from 'aws-lambda';

/** The shape of the process-bounces handler, as the SQS event source invokes it. */
export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface PollerCounters {
  /** Records the handler accepted (and that were deleted). */
  processed: number;
  /** Record failures, counting each retry of the same message. */
  failed: number;
  /** Handler invocations. */
  batches: number;
}

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  handler: SqsHandler;
  /** Concurrent receive loops, like the event source scaling out. @default 3 */
  concurrency?: number;
  /** Long-poll wait; also bounds how long stop() takes. @default 1 */
  waitTimeSeconds?: number;
  /** Errors of the poller itself (receive, delete), not of the handler. @default ignored */
  onError?: (error: unknown) => void;
  functionName?: string;
}

const MAX_BATCH = 10;
const RETRY_AFTER_ERROR_MS = 1000;

function messageAttributes(attributes: Record<string, MessageAttributeValue> | undefined): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    result[name] = {
      dataType: value.DataType ?? 'String',
      stringValue: value.StringValue,
      binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((item) => Buffer.from(item).toString('base64')),
    };
  }
  return result;
}

/** A record as Lambda's SQS event source builds it from a received message. */
function toRecord(message: Message, options: PollerOptions): SQSRecord {
  const attributes = message.Attributes ?? {};
  const now = String(Date.now());
  const recordAttributes: SQSRecordAttributes = {
    ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
    SentTimestamp: attributes.SentTimestamp ?? now,
    SenderId: attributes.SenderId ?? 'local',
    ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? now,
  };
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: recordAttributes,
    messageAttributes: messageAttributes(message.MessageAttributes),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: options.queueArn,
    awsRegion: options.region,
  };
}

/** What Lambda passes a handler besides the event; enough for middy and Powertools. */
export function lambdaContext(functionName: string, region: string): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Ids the handler reported as failed. As with Lambda, a thrown error, or a failure entry with no
 * id or an id not in the batch, fails the whole batch.
 */
async function failedIds(records: SQSRecord[], options: PollerOptions, functionName: string): Promise<Set<string>> {
  const all = new Set(records.map((record) => record.messageId));
  try {
    const response = await options.handler({ Records: records }, lambdaContext(functionName, options.region));
    const ids = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
    return ids.every((id) => id && all.has(id)) ? new Set(ids) : all;
  } catch {
    return all;
  }
}

/**
 * Polls a queue the way Lambda's SQS event source mapping does and invokes the handler with
 * real-looking SQS events. Accepted records are deleted; failed ones are left to reappear after
 * the visibility timeout, so the queue's redrive policy dead-letters them after maxReceiveCount.
 */
export class QueuePoller {
  readonly #options: PollerOptions;
  readonly #functionName: string;
  readonly #counters: PollerCounters = { processed: 0, failed: 0, batches: 0 };
  #loops: Promise<void>[] = [];
  #stopping = false;

  constructor(options: PollerOptions) {
    this.#options = options;
    this.#functionName = options.functionName ?? 'process-bounces';
  }

  get counters(): Readonly<PollerCounters> {
    return { ...this.#counters };
  }

  start(): void {
    if (this.#loops.length > 0) throw new Error('poller already started');
    this.#stopping = false;
    const concurrency = this.#options.concurrency ?? 3;
    this.#loops = Array.from({ length: concurrency }, () => this.#loop());
  }

  /** Stops receiving and resolves once every in-flight batch is finished and deleted. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(this.#loops);
    this.#loops = [];
  }

  async #loop(): Promise<void> {
    while (!this.#stopping) {
      try {
        await this.#pollOnce();
      } catch (error) {
        this.#options.onError?.(error);
        if (!this.#stopping) await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_ERROR_MS));
      }
    }
  }

  async #pollOnce(): Promise<void> {
    const { sqs, queueUrl } = this.#options;
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: MAX_BATCH,
        WaitTimeSeconds: this.#options.waitTimeSeconds ?? 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (!Messages?.length) return;
    const records = Messages.map((message) => toRecord(message, this.#options));
    const failed = await failedIds(records, this.#options, this.#functionName);
    this.#counters.batches += 1;
    this.#counters.failed += failed.size;
    const succeeded = records.filter((record) => !failed.has(record.messageId));
    if (succeeded.length === 0) return;
    const { Failed } = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: succeeded.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
      }),
    );
    // A record whose delete failed comes back and is processed again (idempotently), as on AWS.
    this.#counters.processed += succeeded.length - (Failed?.length ?? 0);
  }
}
