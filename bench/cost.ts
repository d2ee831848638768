import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient, type GetItemCommandInput } from '@aws-sdk/client-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { createHandler } from '../functions/process-bounces/handler';
import type { RecordingStore } from '../functions/process-bounces/process-record';
import { localClientConfig, startEmulators } from '../shared/local/emulators';
import { verdictsFor } from '../shared/classify';
import { parseNotification } from '../shared/notification';
import { type BounceStore, createBounceStore } from '../shared/store';
import { bounceBody, complaintBody, createTables, day, deliveryBody, snsEnvelope } from '../test/helpers/bounce-fixtures';
import { median } from './measure';
import type { BenchRow, BenchSection } from './run';

/** us-east-1 list prices, USD, on-demand, no free tier. */
const PRICE = {
  writeRequestUnit: 0.625e-6,
  readRequestUnit: 0.125e-6,
  sqsRequest: 0.4e-6,
  snsPublish: 0.5e-6,
  lambdaRequest: 0.2e-6,
  lambdaArmGbSecond: 0.0000133334,
};
const LAMBDA_GB = 0.5;
const BATCH = 10;
/** SQS requests per full batch the event source handles: one ReceiveMessage, one DeleteMessageBatch. */
const SQS_REQUESTS_PER_BATCH = 2;
const BLOCKS = 20;

/**
 * Per block of 100 notifications, in time order: 70 first-time hard bounces, 5 recipients with
 * 3 soft bounces each (the 2nd and 3rd are repeats; the 3rd escalates), 5 complaints, and 10
 * deliveries: 5 ending a soft-bounce run (a write), 5 to recipients with no record (none).
 */
function mix(block: number): { bodies: object[]; events: number } {
  const who = (kind: string, i: number) => `${kind}-${block}-${i}@example${i % 7}.com`;
  const bodies: object[] = [];
  for (let i = 0; i < 70; i++) bodies.push(bounceBody(who('hard', i), day(block + i / 100)));
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 5; i++) bodies.push(bounceBody(who('soft', i), day(block + round * 2 + i / 100), 'soft'));
  }
  for (let i = 0; i < 5; i++) bodies.push(complaintBody(who('complaint', i), day(block + 0.5)));
  for (let i = 0; i < 5; i++) bodies.push(deliveryBody(who('soft', i), day(block + 7)));
  for (let i = 0; i < 5; i++) bodies.push(deliveryBody(who('clean', i), day(block + 7)));
  return { bodies, events: 90 };
}

/**
 * Write units per recipient event of sender-side bounces (Spamhaus listing, 70 new recipients
 * over 7 domains, 10 repeats), with sender incidents counted and without: what incidents cost.
 */
async function senderSideUnits(store: BounceStore): Promise<number> {
  let units = 0;
  const events = 80;
  for (let i = 0; i < events; i++) {
    const recipient = `listed-${i % 70}@example${i % 7}.org`;
    const notification = parseNotification(JSON.stringify(bounceBody(recipient, day(i / 1440), 'blocklisted')));
    if (notification.type === 'ignored') throw new Error('fixture parsed as ignored');
    units += (await store.recordNotification(notification, verdictsFor(notification))).writeUnits;
  }
  return units / events;
}

const context = { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 30_000 } as Context;
const usd = (value: number) => `$${value.toFixed(value < 1 ? 4 : 2)}`;

/**
 * Write units per recipient event as DynamoDB Local reports them (ReturnConsumedCapacity
 * INDEXES, tables and indexes), read units from the GetItems the store makes (items < 4 KB: a
 * strongly consistent read is one unit, an eventually consistent one half), the handler's wall
 * time per batch of 10, and from those
 * the cost of a million notifications at list prices.
 */
export const costSection: BenchSection = {
  name: 'cost',
  async run(): Promise<BenchRow[]> {
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const emulators = await startEmulators();
    const dynamo = new DynamoDBClient(localClientConfig(emulators.dynamoEndpoint));
    try {
      let reads = 0;
      dynamo.middlewareStack.add(
        (next, context) => (args) => {
          if (context.commandName === 'GetItemCommand') reads += (args.input as GetItemCommandInput).ConsistentRead ? 1 : 0.5;
          return next(args);
        },
        { step: 'initialize', name: 'countReads' },
      );
      const tables = await createTables(dynamo, 'Cost');
      const store = createBounceStore({ client: dynamo, tables });
      let writeUnits = 0;
      let stored = 0;
      const counting: RecordingStore = {
        ...store,
        async recordNotification(notification, verdicts) {
          const outcome = await store.recordNotification(notification, verdicts);
          writeUnits += outcome.writeUnits;
          stored += outcome.stored;
          return outcome;
        },
      };
      const handler = createHandler({
        store: counting,
        logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
        metrics: new Metrics({ namespace: 'Bench', serviceName: 'bench' }),
      });

      let notifications = 0;
      let events = 0;
      const durations: number[] = [];
      for (let block = 0; block < BLOCKS; block++) {
        const planned = mix(block);
        notifications += planned.bodies.length;
        events += planned.events;
        for (let start = 0; start < planned.bodies.length; start += BATCH) {
          const event: SQSEvent = {
            Records: planned.bodies.slice(start, start + BATCH).map((body, i) => ({
              messageId: `cost-${block}-${start + i}`,
              receiptHandle: 'h',
              body: snsEnvelope(body),
              attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
              messageAttributes: {},
              md5OfBody: '',
              eventSource: 'aws:sqs',
              eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:cost',
              awsRegion: 'us-east-1',
            })),
          };
          const began = performance.now();
          const response = await handler(event, context);
          durations.push(performance.now() - began);
          if (response.batchItemFailures.length) throw new Error('a record failed');
        }
      }
      if (stored !== events) throw new Error(`stored ${stored} events, planned ${events}`);

      // Measured apart, and after the mix's reads were taken.
      const mixReads = reads;
      const senderSide = {
        with: await senderSideUnits(createBounceStore({ client: dynamo, tables: await createTables(dynamo, 'CostIncidents') })),
        without: await senderSideUnits(createBounceStore({ client: dynamo, tables: await createTables(dynamo, 'CostPlain'), incidents: false })),
      };

      const perNotification = { writes: writeUnits / notifications, reads: mixReads / notifications };
      const batchSeconds = median(durations) / 1000;
      const batchesPerMillion = 1e6 / BATCH;
      const lines = {
        'DynamoDB writes': 1e6 * perNotification.writes * PRICE.writeRequestUnit,
        'DynamoDB reads': 1e6 * perNotification.reads * PRICE.readRequestUnit,
        'SNS publishes': 1e6 * PRICE.snsPublish,
        'SQS requests': batchesPerMillion * SQS_REQUESTS_PER_BATCH * PRICE.sqsRequest,
        'Lambda requests': batchesPerMillion * PRICE.lambdaRequest,
        'Lambda duration': batchesPerMillion * batchSeconds * LAMBDA_GB * PRICE.lambdaArmGbSecond,
      };
      const total = Object.values(lines).reduce((sum, value) => sum + value, 0);
      const mixNote = `${notifications} notifications: 70% first hard bounces, 15% soft (2/3 repeats), 5% complaints, 10% deliveries`;
      return [
        { metric: 'write units per recipient event', value: (writeUnits / events).toFixed(2), note: `${writeUnits} WRU for ${events} events; ${mixNote}` },
        { metric: 'write units per notification', value: perNotification.writes.toFixed(2), note: 'deliveries included' },
        {
          metric: 'write units per sender-side event, without / with incidents',
          value: `${senderSide.without.toFixed(2)} / ${senderSide.with.toFixed(2)}`,
          note: '80 Spamhaus-listed bounces, 70 recipients over 7 domains; dead addresses pay nothing for incidents',
        },
        { metric: 'read units per notification', value: perNotification.reads.toFixed(2), note: `${mixReads} read units of GetItems` },
        { metric: 'handler wall time per batch of 10, median', value: `${(batchSeconds * 1000).toFixed(0)} ms`, note: 'on DynamoDB Local; used for Lambda duration' },
        ...Object.entries(lines).map(([metric, value]) => ({ metric: `per million notifications: ${metric}`, value: usd(value) })),
        { metric: 'per million notifications: total', value: usd(total), note: 'us-east-1 on-demand list prices, batches of 10, arm64 512 MB' },
        { metric: 'per million recipient events: total', value: usd((total * notifications) / events), note: '90% of this mix are bounces or complaints' },
      ];
    } finally {
      dynamo.destroy();
      await emulators.stop();
    }
  },
};
