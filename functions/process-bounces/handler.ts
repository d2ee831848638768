import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { VerdictActions } from '../../shared/actions/config';
import { type RecordResult, type RecordingStore, processRecord } from './process-record';
import { type Redact, maskAddresses } from './redact';
import { type SubscriptionConfirmer, handleSubscription } from './subscriptions';
import { errorText } from '../../shared/text';

export interface HandlerDeps {
  store: RecordingStore;
  logger: Logger;
  metrics: Metrics;
  /** How recipient addresses appear in logs. @default maskAddresses */
  redact?: Redact;
  /** What to do with stored verdicts (SES suppression sync, EventBridge). @default nothing */
  actions?: VerdictActions;
  /** Confirms SNS subscriptions of the pipeline's own topic. @default none: subscription messages are logged with their SubscribeURL */
  subscriptions?: SubscriptionConfirmer;
  /** Records processed at once: enough to overlap DynamoDB round trips, few enough not to throttle. @default 4 */
  concurrency?: number;
}

async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function publishMetrics(results: readonly RecordResult[], metrics: Metrics): void {
  const byReason = new Map<string, number>();
  const byReasonAtProvider = new Map<string, { reason: string; provider: string; count: number }>();
  const count = {
    ParseFailures: 0,
    StoreFailures: 0,
    ActionFailures: 0,
    Duplicates: 0,
    IgnoredEvents: 0,
    UnknownEventTypes: 0,
    SubscriptionMessages: 0,
  };
  const failureMetric = { parse: 'ParseFailures', store: 'StoreFailures', actions: 'ActionFailures' } as const;
  for (const result of results) {
    if (result.kind === 'ignored') {
      if (result.subscription) count.SubscriptionMessages += 1;
      else count[result.known ? 'IgnoredEvents' : 'UnknownEventTypes'] += 1;
    }
    if (result.kind === 'failed') count[failureMetric[result.stage]] += 1;
    if (result.kind === 'stored') {
      count.Duplicates += result.outcome.duplicates;
      count.StoreFailures += result.outcome.rejected?.length ?? 0;
      for (const { reason, provider = 'other' } of result.verdicts) {
        byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
        const key = `${reason}@${provider}`;
        const entry = byReasonAtProvider.get(key) ?? { reason, provider, count: 0 };
        entry.count += 1;
        byReasonAtProvider.set(key, entry);
      }
    }
  }
  for (const [name, value] of Object.entries(count)) metrics.addMetric(name, MetricUnit.Count, value);
  // One metric per reason with only that dimension, so the dashboard can graph reasons side by side.
  for (const [reason, value] of byReason) {
    const single = metrics.singleMetric();
    single.addDimension('reason', reason);
    single.addMetric('Verdicts', MetricUnit.Count, value);
  }
  // And by reason at each provider: provider ids are a closed set (shared/providers.ts), so
  // this adds at most reasons × providers metrics, in practice the few pairs that occur.
  for (const { reason, provider, count } of byReasonAtProvider.values()) {
    const single = metrics.singleMetric();
    single.addDimensions({ reason, provider });
    single.addMetric('Verdicts', MetricUnit.Count, count);
  }
}

/**
 * Thrown when every record of a batch failed, as Powertools' batch processor does
 * (https://docs.powertools.aws.dev/lambda/typescript/latest/features/batch/): a function that
 * returns normally is never an error, so the Errors alarm would not see a batch lost whole
 * (DynamoDB down). SQS delivers the records again either way.
 */
export class FullBatchFailureError extends Error {
  override readonly name = 'FullBatchFailureError';
}

/** Recipients of a notification that DynamoDB cannot store; the message names them, masked. */
export class UnstorableRecipientsError extends Error {
  override readonly name = 'UnstorableRecipientsError';
}

const FAILURE_MESSAGES = {
  parse: 'unparsable record',
  store: 'could not store record',
  actions: 'stored, but acting on the verdicts failed',
} as const;

/**
 * The SQS handler: each record on its own, and only failed records reported back, so SQS
 * retries those alone and moves them to the dead-letter queue after maxReceiveCount.
 */
export function createHandler(deps: HandlerDeps) {
  const { store, logger, metrics } = deps;
  const redact = deps.redact ?? maskAddresses;

  /** Best effort: the record is reported either way, only `dlq list` loses its reason. */
  async function recordFailure(messageId: string, error: unknown, body: string): Promise<void> {
    try {
      await store.recordFailure(messageId, error, body);
    } catch (cause) {
      logger.warn('could not record the failure', { messageId, error: redact(errorText(cause)) });
    }
  }

  async function handleRecord(record: SQSRecord): Promise<RecordResult> {
    const result = await processRecord(record, store, deps.actions);
    const { messageId } = record;
    if (result.kind === 'stored') {
      const { rejected = [], ...outcome } = result.outcome;
      logger.debug('stored', {
        messageId,
        recipients: result.verdicts.map((verdict) => redact(verdict.recipient)),
        reasons: result.verdicts.map((verdict) => verdict.reason),
        ...outcome,
      });
      if (rejected.length) {
        // Not retried: DynamoDB refuses these whatever happens; the others are stored.
        const named = rejected.map(({ recipient, reason }) => redact(`${recipient}: ${reason}`));
        logger.error('recipients that cannot be stored', { messageId, recipients: named });
        const count = rejected.length === 1 ? '1 recipient cannot' : `${rejected.length} recipients cannot`;
        const error = new UnstorableRecipientsError(`${count} be stored (the others were): ${named.join('; ')}`);
        await recordFailure(messageId, error, record.body);
      }
    } else if (result.kind === 'ignored') {
      if (result.subscription) {
        const { level, message, details } = await handleSubscription(result.subscription, deps.subscriptions);
        logger[level](message, { messageId, ...details });
      } else if (result.known) {
        logger.debug('ignored event type', { messageId, eventType: result.eventType });
      } else {
        // Valid SES output of a type SES added after this code: kept out of the dead-letter queue, but seen.
        logger.warn('ignored an SES type this version does not know', { messageId, eventType: result.eventType });
      }
    } else {
      logger.error(FAILURE_MESSAGES[result.stage], {
        messageId,
        receiveCount: record.attributes.ApproximateReceiveCount,
        error: redact(errorText(result.error)),
      });
      await recordFailure(messageId, result.error, record.body);
    }
    return result;
  }

  async function handleBatch(event: SQSEvent): Promise<SQSBatchResponse> {
    const results = await mapConcurrently(event.Records, deps.concurrency ?? 4, handleRecord);
    publishMetrics(results, metrics);
    const batchItemFailures = event.Records.filter((_, index) => results[index]?.kind === 'failed').map(
      (record) => ({ itemIdentifier: record.messageId }),
    );
    logger.info('batch processed', { records: event.Records.length, failed: batchItemFailures.length });
    if (batchItemFailures.length > 0 && batchItemFailures.length === event.Records.length) {
      throw new FullBatchFailureError(`all ${event.Records.length} records of the batch failed; each error is logged above`);
    }
    return { batchItemFailures };
  }

  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler(handleBatch);
}
