import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent } from 'aws-lambda';
import { createHandler } from '../functions/process-bounces/handler';
import { createBounceStore } from '../shared/store';
import { createFakeDynamo } from './fake-dynamo';
import { envelope, median, notificationLines } from './measure';
import type { BenchRow, BenchSection } from './run';

const RECORDS = 20_000;
const BATCH = 10;
const ROUNDS = 5;

const context = { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 30_000 } as Context;

function batches(lines: readonly string[], round: number): SQSEvent[] {
  const events: SQSEvent[] = [];
  for (let start = 0; start < lines.length; start += BATCH) {
    events.push({
      Records: lines.slice(start, start + BATCH).map((line, i) => ({
        messageId: `m-${round}-${start + i}`,
        receiptHandle: 'h',
        body: envelope(line, start + i),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:bench',
        awsRegion: 'us-east-1',
      })),
    });
  }
  return events;
}

/**
 * CPU time per SQS record through the real handler (middy, Powertools, parse, classify, store
 * logic building every write) with DynamoDB replaced by an in-memory fake: what the function
 * costs before any network wait. Each round uses a fresh fake, so every bounce is a first one.
 */
export const handlerSection: BenchSection = {
  name: 'handler',
  async run(): Promise<BenchRow[]> {
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const { lines, source } = await notificationLines(RECORDS);
    const perRecord: number[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const tables = { recipients: 'R', events: 'E' };
      const handler = createHandler({
        // Without sender incidents: their conditional map updates are beyond the fake; the cost
        // section measures them on DynamoDB Local, in write units.
        store: createBounceStore({ client: createFakeDynamo(tables), tables, incidents: false }),
        logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
        metrics: new Metrics({ namespace: 'Bench', serviceName: 'bench' }),
      });
      const events = batches(lines, round);
      const start = process.cpuUsage();
      for (const event of events) {
        const response = await handler(event, context);
        if (response.batchItemFailures.length) throw new Error(`records failed: ${JSON.stringify(response.batchItemFailures[0])}`);
      }
      const { user, system } = process.cpuUsage(start);
      // Round 0 warms up the JIT and is not counted.
      if (round > 0) perRecord.push((user + system) / RECORDS);
    }
    return [
      {
        metric: 'handler CPU per record, median',
        value: `${median(perRecord).toFixed(1)} µs`,
        note: `${RECORDS.toLocaleString('en-US')} records in batches of ${BATCH}, in-memory fake DynamoDB, sender incidents off; mix of the cli section (${source}); ${ROUNDS} rounds after 1 warm-up`,
      },
      { metric: 'handler CPU per record, min..max', value: `${Math.min(...perRecord).toFixed(1)} .. ${Math.max(...perRecord).toFixed(1)} µs` },
      { metric: 'handler CPU per batch of 10, median', value: `${((median(perRecord) * BATCH) / 1000).toFixed(2)} ms` },
    ];
  },
};
