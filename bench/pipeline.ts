import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { localClientConfig, startEmulators } from '../shared/local/emulators';
import { QueuePoller } from '../shared/local/poller';
import { loadHandler } from '../shared/local/run-local';
import { createTopology } from '../shared/local/topology';
import { publishLines, waitUntilEmpty } from '../shared/queues';
import { notificationLines } from './measure';
import type { BenchRow, BenchSection } from './run';

const NOTIFICATIONS = 2_000;
/** The stack's maxConcurrency. */
const POLLERS = 5;

/**
 * End to end on the emulators: SNS publish -> SQS -> pollers -> the real handler module ->
 * DynamoDB Local (in memory), until the queue is empty. Bounded by DynamoDB Local, which is far
 * slower than DynamoDB: a floor for the code path, not a forecast for AWS.
 */
export const pipelineSection: BenchSection = {
  name: 'pipeline',
  async run(): Promise<BenchRow[]> {
    const { lines, source } = await notificationLines(NOTIFICATIONS);
    const emulators = await startEmulators();
    const config = localClientConfig(emulators.snsSqsEndpoint);
    const sns = new SNSClient(config);
    const sqs = new SQSClient(config);
    try {
      const stack = await createTopology({
        snsSqsEndpoint: emulators.snsSqsEndpoint,
        dynamoEndpoint: emulators.dynamoEndpoint,
        visibilityTimeoutSeconds: 60,
      });
      const handler = await loadHandler(stack, { logLevel: 'SILENT' });
      const poller = new QueuePoller({ sqs, queueUrl: stack.queueUrl, queueArn: stack.queueArn, region: stack.region, handler, concurrency: POLLERS });
      const start = performance.now();
      poller.start();
      await publishLines(sns, stack.topicArn, lines);
      const published = (performance.now() - start) / 1000;
      await waitUntilEmpty(sqs, stack.queueUrl, { timeoutMs: 300_000, pollMs: 100 });
      const seconds = (performance.now() - start) / 1000;
      await poller.stop();
      const { processed, failed, batches } = poller.counters;
      if (processed !== lines.length || failed) throw new Error(`processed ${processed} of ${lines.length}, ${failed} failures`);
      return [
        {
          metric: 'end to end, notifications/s',
          value: `${(lines.length / seconds).toFixed(0)}/s`,
          note: `${lines.length.toLocaleString('en-US')} notifications (mix of the cli section, ${source}), ${POLLERS} pollers, DynamoDB Local in memory; ${seconds.toFixed(1)} s publish to empty queue`,
        },
        { metric: 'SNS publish alone', value: `${(lines.length / published).toFixed(0)}/s`, note: '16 concurrent publishes, overlapping processing' },
        { metric: 'records per handler invocation', value: (processed / batches).toFixed(1) },
      ];
    } finally {
      sns.destroy();
      sqs.destroy();
      await emulators.stop();
    }
  },
};
