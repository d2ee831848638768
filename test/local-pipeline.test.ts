import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listDeadLetters } from '../shared/dead-letters';
import { localClientConfig } from '../shared/local/emulators';
import { QueuePoller } from '../shared/local/poller';
import { loadHandler } from '../shared/local/run-local';
import { type LocalStack, createTopology } from '../shared/local/topology';
import { publishLines, queueDepth, waitUntilEmpty } from '../shared/queues';
import { type BounceStore, createBounceStore } from '../shared/store';
import { RECIPIENTS, createTableInputs } from '../shared/store/schema';
import { address, bounceBody, complaintBody, deliveryBody } from './helpers/bounce-fixtures';

/**
 * The local pipeline end to end on the emulators of the global setup: SNS -> SQS -> pollers ->
 * the real process-bounces handler -> DynamoDB, asserted through the store.
 */

const id = randomUUID().slice(0, 8);
const snsSqsConfig = localClientConfig(inject('snsSqsEndpoint'));
const sns = new SNSClient(snsSqsConfig);
const sqs = new SQSClient(snsSqsConfig);
const dynamo = new DynamoDBClient(localClientConfig(inject('dynamoEndpoint')));

const names = {
  topic: `bounces-${id}`,
  queue: `bounces-${id}`,
  deadLetterQueue: `bounces-${id}-dlq`,
  tables: { recipients: `Recipients-${id}`, events: `Events-${id}` },
};
let stack: LocalStack;
let poller: QueuePoller;
let store: BounceStore;

beforeAll(async () => {
  stack = await createTopology({
    snsSqsEndpoint: inject('snsSqsEndpoint'),
    dynamoEndpoint: inject('dynamoEndpoint'),
    names,
    // Short, so a failing message is dead-lettered within a few seconds.
    visibilityTimeoutSeconds: 1,
    maxReceiveCount: 3,
  });
  const handler = await loadHandler(stack, { logLevel: 'SILENT' });
  poller = new QueuePoller({
    sqs,
    queueUrl: stack.queueUrl,
    queueArn: stack.queueArn,
    region: stack.region,
    handler,
    concurrency: 3,
  });
  poller.start();
  store = createBounceStore({ client: dynamo, tables: stack.tables });
});

afterAll(async () => {
  await poller?.stop();
  sns.destroy();
  sqs.destroy();
  dynamo.destroy();
});

/** Publish through SNS and wait until every message was processed or dead-lettered. */
async function publish(...notifications: (object | string)[]): Promise<void> {
  const lines = notifications.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  await publishLines(sns, stack.topicArn, lines);
  await waitUntilEmpty(sqs, stack.queueUrl, { timeoutMs: 20_000, pollMs: 50 });
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('local pipeline', () => {
  it('stores a notification published three times once', async () => {
    const recipient = address('dup');
    const notification = bounceBody(recipient, minutesAgo(5));
    await publish(notification, notification, notification);
    expect(await store.getHistory(recipient, { limit: 10 })).toHaveLength(1);
    expect(await store.getRecipient(recipient)).toMatchObject({ suppressed: true, reason: 'userunknown' });
  });

  it('keeps history in event order when notifications arrive out of order', async () => {
    const recipient = address('late');
    const newer = bounceBody(recipient, minutesAgo(10), 'soft');
    const older = bounceBody(recipient, minutesAgo(60), 'soft');
    await publish(newer);
    await publish(older);
    const history = await store.getHistory(recipient, { limit: 10 });
    expect(history.map((event) => event.feedbackId)).toEqual([newer.bounce.feedbackId, older.bounce.feedbackId]);
  });

  it('suppresses a recipient who complained', async () => {
    const recipient = address('complainer');
    await publish(complaintBody(recipient, minutesAgo(1)));
    expect(await store.getRecipient(recipient)).toMatchObject({ suppressed: true, reason: 'feedback' });
  });

  it('suppresses after three soft bounces, and a delivery starts the count again', async () => {
    const recipient = address('soft');
    await publish(bounceBody(recipient, minutesAgo(50), 'soft'), bounceBody(recipient, minutesAgo(40), 'soft'));
    await publish(deliveryBody(recipient, minutesAgo(30)));
    await publish(bounceBody(recipient, minutesAgo(20), 'soft'));
    expect(await store.getRecipient(recipient)).toMatchObject({ suppressed: false });

    await publish(bounceBody(recipient, minutesAgo(10), 'soft'));
    expect(await store.getRecipient(recipient)).toMatchObject({ suppressed: false });
    await publish(bounceBody(recipient, minutesAgo(5), 'soft'));
    expect(await store.getRecipient(recipient)).toMatchObject({
      suppressed: true,
      suppressedReason: 'soft-bounce-escalation',
    });
  });

  it('dead-letters malformed messages after maxReceiveCount, with their errors', async () => {
    const dlqBefore = await queueDepth(sqs, stack.dlqUrl);
    const processedBefore = poller.counters.processed;
    await publish('this is not JSON', { hello: 'world' });
    const letters = await listDeadLetters(sqs, stack.dlqUrl, (ids) => store.getFailures(ids));
    expect(letters).toHaveLength(dlqBefore + 2);
    const errorFor = (fragment: string) => letters.find((letter) => letter.body.includes(fragment))?.error;
    expect(errorFor('this is not JSON')).toMatch(/not JSON/);
    expect(errorFor('hello')).toMatch(/not an SES notification/);
    expect(poller.counters.processed).toBe(processedBefore);
    // Listing is read-only: the messages are still there.
    expect(await queueDepth(sqs, stack.dlqUrl)).toBe(dlqBefore + 2);
  });
});

describe('createTopology', () => {
  it('creates nothing twice, and names the missing index of a table an older version created', async () => {
    const again = await createTopology({ snsSqsEndpoint: inject('snsSqsEndpoint'), dynamoEndpoint: inject('dynamoEndpoint'), names });
    expect(again.queueUrl).toBe(stack.queueUrl);

    // The recipients table as it was before byShard: its key and bySuppressed only.
    const [recipients] = createTableInputs({ recipients: `Old-${id}`, events: `OldEvents-${id}` });
    await dynamo.send(
      new CreateTableCommand({
        ...recipients!,
        AttributeDefinitions: recipients!.AttributeDefinitions!.slice(0, 3),
        GlobalSecondaryIndexes: recipients!.GlobalSecondaryIndexes!.slice(0, 1),
      }),
    );
    await expect(
      createTopology({
        snsSqsEndpoint: inject('snsSqsEndpoint'),
        dynamoEndpoint: inject('dynamoEndpoint'),
        names: { ...names, tables: { recipients: `Old-${id}`, events: `OldEvents-${id}` } },
      }),
    ).rejects.toThrow(`table Old-${id} in the data dir lacks the index ${RECIPIENTS.shardIndex.name}`);
  });
});
