import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { FullBatchFailureError, createHandler } from '../../functions/process-bounces/handler';
import { type TableNames, createBounceStore } from '../../shared/store';

/** SQS events and a quiet process-bounces handler, for tests that drive the handler directly. */

export function sqsRecord(body: string, receiveCount = 1): SQSRecord {
  return {
    messageId: randomUUID(),
    receiptHandle: 'handle',
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(Date.now()),
      SenderId: 'sender',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:bounces',
    awsRegion: 'us-east-1',
  };
}

export const sqsEvent = (records: SQSRecord[]): SQSEvent => ({ Records: records });

/** What SQS does with a failed record: the same message again, one receive later. */
export const redelivered = (record: SQSRecord): SQSRecord => ({
  ...record,
  attributes: { ...record.attributes, ApproximateReceiveCount: String(Number(record.attributes.ApproximateReceiveCount) + 1) },
});

/** The Lambda context the processing handler is invoked with in tests. */
export const context = {
  functionName: 'process-bounces',
  awsRequestId: 'request',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:process-bounces',
  getRemainingTimeInMillis: () => 30_000,
} as Context;

/** The handler over `client` and `tables`, with logs and metrics off; returns the ids of failed records. */
export function quietHandler(client: DynamoDBClient, tables: TableNames) {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const handler = createHandler({
    store: createBounceStore({ client, tables }),
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
  });
  return async (records: SQSRecord[]): Promise<string[]> => {
    let response: SQSBatchResponse | void;
    try {
      response = await handler(sqsEvent(records), context);
    } catch (error) {
      // As Lambda's event source treats it: every record of the batch failed.
      if (error instanceof FullBatchFailureError) return records.map((record) => record.messageId);
      throw error;
    }
    return (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
  };
}
