import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/**
 * Queue operations shared by `bounces local`, `send`, `dlq` and the tests; they work the same
 * against the emulators and a deployed stack.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Publish each line as one SNS message, as is: a faulty producer's line is published too. */
export async function publishLines(sns: SNSClient, topicArn: string, lines: readonly string[], concurrency = 16): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < lines.length) {
      const Message = lines[next++] as string;
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, lines.length) }, worker));
  return lines.length;
}

/** Messages in the queue: waiting, in flight and delayed. */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}

export interface SettleOptions {
  timeoutMs?: number;
  pollMs?: number;
}

/**
 * Resolves once the queue is empty: every message was processed or dead-lettered. SQS counts
 * are approximate (eventually consistent on AWS), so empty must be seen twice in a row.
 */
export async function waitUntilEmpty(sqs: SQSClient, queueUrl: string, options: SettleOptions = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const pollMs = options.pollMs ?? 250;
  let emptyReadings = 0;
  while (emptyReadings < 2) {
    if (Date.now() > deadline) {
      throw new Error(`queue still holds messages after ${options.timeoutMs ?? 120_000} ms: ${queueUrl}`);
    }
    emptyReadings = (await queueDepth(sqs, queueUrl)) === 0 ? emptyReadings + 1 : 0;
    if (emptyReadings < 2) await sleep(pollMs);
  }
}

export interface ReceiveAllOptions {
  /** Long enough that no message of this pass reappears before the pass ends. */
  visibilityTimeoutSeconds: number;
}

/**
 * Receive every message of the queue once, in batches of up to 10, and hand each batch to
 * `handle`, which deletes what it consumed. What it keeps stays hidden for the rest of the pass
 * (the visibility timeout), so no message is seen twice; `releaseMessages` shows it again.
 */
export async function forEachMessage(
  sqs: SQSClient,
  queueUrl: string,
  options: ReceiveAllOptions,
  handle: (messages: Message[]) => Promise<void>,
): Promise<void> {
  for (;;) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        // Long polling asks every SQS server, so an empty answer means the queue is empty.
        WaitTimeSeconds: 1,
        VisibilityTimeout: options.visibilityTimeoutSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (!Messages?.length) return;
    await handle(Messages);
  }
}

export async function deleteMessages(sqs: SQSClient, queueUrl: string, messages: readonly Message[]): Promise<void> {
  if (messages.length === 0) return;
  await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
    }),
  );
}

/** Make messages visible again at once, after a read-only pass. */
export async function releaseMessages(sqs: SQSClient, queueUrl: string, messages: readonly Message[]): Promise<void> {
  for (let start = 0; start < messages.length; start += 10) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.slice(start, start + 10).map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
}

/** One message to (re-)enqueue: its body and, optionally, string message attributes. */
export interface OutgoingMessage {
  body: string;
  attributes?: Record<string, string>;
}

export async function sendMessages(sqs: SQSClient, queueUrl: string, messages: readonly OutgoingMessage[]): Promise<void> {
  for (let start = 0; start < messages.length; start += 10) {
    const { Failed } = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.slice(start, start + 10).map((message, index) => ({
          Id: String(index),
          MessageBody: message.body,
          MessageAttributes: Object.fromEntries(
            Object.entries(message.attributes ?? {}).map(([name, value]) => [
              name,
              { DataType: 'String', StringValue: value },
            ]),
          ),
        })),
      }),
    );
    if (Failed?.length) throw new Error(`SendMessageBatch to ${queueUrl} failed: ${Failed[0]?.Message ?? Failed[0]?.Code}`);
  }
}
