import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../functions/process-bounces/config';
import { createHandler } from '../functions/process-bounces/handler';
import { localClientConfig } from '../shared/local/emulators';
import { type TableNames, createBounceStore } from '../shared/store';
import { address, bounceBody, createTables, day, injectFault, snsEnvelope } from './helpers/bounce-fixtures';
import { context, sqsEvent, sqsRecord } from './helpers/sqs-events';

/**
 * What the processing function tells operators, read where CloudWatch reads it: the metrics
 * as the EMF lines Powertools prints (per-reason metrics included, which a spy on addMetric
 * never sees: they go through singleMetric()), the logs, and the cold-start configuration.
 */

const dynamo = new DynamoDBClient(localClientConfig(inject('dynamoEndpoint')));
const clients: DynamoDBClient[] = [];
let tables: TableNames;

beforeAll(async () => {
  tables = await createTables(dynamo, 'Observability');
});

afterEach(() => vi.restoreAllMocks());
afterAll(() => {
  for (const client of [dynamo, ...clients]) client.destroy();
});

interface EmfBlob {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
}

/** The handler over `client`, with its stdout (logs and EMF metrics) captured. */
function observedHandler(client: DynamoDBClient) {
  // Another test file's quiet handler may have switched metrics off for this worker.
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  }
  const handler = createHandler({
    store: createBounceStore({ client, tables }),
    logger: new Logger({ serviceName: 'bounce-pipeline', logLevel: 'WARN' }),
    metrics: new Metrics({ namespace: 'BouncePipeline', serviceName: 'bounce-pipeline' }),
  });
  const json = () => lines.flatMap((line) => (line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : []));
  return {
    handler,
    metrics: () => json().filter((blob): blob is EmfBlob => '_aws' in blob),
    logs: () => json().filter((blob) => !('_aws' in blob)),
  };
}

describe('metrics', () => {
  it('emit one Verdicts metric per reason, with the reason and service dimensions the dashboard searches', async () => {
    const { handler, metrics } = observedHandler(dynamo);
    const records = [
      snsEnvelope(bounceBody([address('dead-1'), address('dead-2')], day(1), 'hard')),
      snsEnvelope(bounceBody(address('listed'), day(1), 'blocklisted')),
      'not JSON',
    ].map((body) => sqsRecord(body));
    await handler(sqsEvent(records), context);

    // The dashboard's SEARCH('{BouncePipeline,reason,service} ...') matches exactly this dimension set.
    const byReason = metrics().filter((blob) => {
      const [declaration] = blob._aws.CloudWatchMetrics;
      return declaration?.Metrics.some((metric) => metric.Name === 'Verdicts') && JSON.stringify(declaration.Dimensions) === '[["service","reason"]]';
    });
    expect(byReason.map((blob) => [blob.reason, blob.Verdicts]).sort()).toEqual([
      ['blocked', 1],
      ['userunknown', 2],
    ]);
    for (const blob of byReason) {
      expect(blob._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'BouncePipeline', Metrics: [{ Name: 'Verdicts', Unit: 'Count' }] });
      expect(blob.service).toBe('bounce-pipeline');
    }
    const batch = metrics().filter((blob) => 'ParseFailures' in blob);
    expect(batch).toHaveLength(1);
    expect(batch[0]).toMatchObject({ service: 'bounce-pipeline', ParseFailures: 1, StoreFailures: 0, Duplicates: 0 });
  });
});

describe('a failure that cannot be recorded', () => {
  it('still fails the record, and warns with the cause masked instead of throwing', async () => {
    const client = new DynamoDBClient(localClientConfig(inject('dynamoEndpoint')));
    clients.push(client);
    // The failure item's write (key `#failed#<messageId>`) is refused; everything else works.
    injectFault(client, (command, input) => {
      const key = JSON.stringify(input.Key ?? input.Item ?? {});
      return /^(Put|Update)Item/.test(command) && key.includes('#failed#')
        ? Object.assign(new Error('table unavailable for ann@example.com'), { name: 'InternalServerError' })
        : undefined;
    });
    const { handler, logs } = observedHandler(client);
    const good = sqsRecord(snsEnvelope(bounceBody(address('good'), day(2))));
    const bad = sqsRecord('{"truncated": ');
    const response = await handler(sqsEvent([good, bad]), context);

    expect(response?.batchItemFailures).toEqual([{ itemIdentifier: bad.messageId }]);
    const warning = logs().find((log) => log.message === 'could not record the failure');
    expect(warning).toMatchObject({ level: 'WARN', messageId: bad.messageId, error: expect.stringMatching(/^InternalServerError: table unavailable for a\S*@example\.com/) });
    expect(JSON.stringify(warning)).not.toContain('ann@example.com');
    expect(await createBounceStore({ client: dynamo, tables }).getFailures([bad.messageId])).toEqual(new Map());
  });
});

describe('configuration at cold start', () => {
  const required = { RECIPIENTS_TABLE: 'Recipients', EVENTS_TABLE: 'Events' };

  it('takes the defaults the construct documents', () => {
    expect(loadConfig(required)).toMatchObject({
      tables: { recipients: 'Recipients', events: 'Events' },
      retentionDays: 400,
      softBounce: { threshold: 3, windowDays: 14 },
      serviceName: 'bounce-pipeline',
      metricsNamespace: 'BouncePipeline',
      logRecipients: 'masked',
    });
  });

  it.each([
    [{}, /RECIPIENTS_TABLE: .*; EVENTS_TABLE: /],
    [{ ...required, SOFT_BOUNCE_THRESHOLD: '0' }, /SOFT_BOUNCE_THRESHOLD/],
    [{ ...required, RETENTION_DAYS: 'forever' }, /RETENTION_DAYS/],
    [{ ...required, LOG_RECIPIENTS: 'all' }, /LOG_RECIPIENTS/],
  ])('is a ConfigError naming what is wrong: %j', (env, named) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(named);
  });

  it('stops the function module from loading, so every invocation fails loudly', async () => {
    const saved = { ...process.env };
    try {
      delete process.env.RECIPIENTS_TABLE;
      process.env.EVENTS_TABLE = 'Events';
      vi.resetModules();
      await expect(import('../functions/process-bounces/index')).rejects.toThrow(/^invalid environment: RECIPIENTS_TABLE: /);
    } finally {
      process.env = saved;
    }
  });
});
