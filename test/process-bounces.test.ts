import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createHandler } from '../functions/process-bounces/handler';
import { maskAddresses } from '../functions/process-bounces/redact';
import { type SubscriptionConfirmer, snsConfirmer } from '../functions/process-bounces/subscriptions';
import type { VerdictActions } from '../shared/actions/config';
import { localClientConfig } from '../shared/local/emulators';
import { SES_TYPES } from '../shared/notification';
import { type BounceStore, type TableNames, createBounceStore } from '../shared/store';
import { address, bounceBody, complaintBody, createTables, day, injectFault, snsEnvelope } from './helpers/bounce-fixtures';
import { context, sqsRecord, sqsEvent as sqsEventOf } from './helpers/sqs-events';

const config = localClientConfig(inject('dynamoEndpoint'));
const dynamo = new DynamoDBClient(config);
let tables: TableNames;
let store: BounceStore;

beforeAll(async () => {
  tables = await createTables(dynamo, 'Handler');
  store = createBounceStore({ client: dynamo, tables });
});

afterEach(() => vi.restoreAllMocks());
afterAll(() => dynamo.destroy());

const sqsEvent = (...bodies: string[]): SQSEvent => sqsEventOf(bodies.map((body) => sqsRecord(body)));

function handlerWith(client: DynamoDBClient = dynamo, actions?: VerdictActions, subscriptions?: SubscriptionConfirmer) {
  const logger = new Logger({ serviceName: 'test', logLevel: 'DEBUG' });
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
  const addMetric = vi.spyOn(metrics, 'addMetric');
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
  }
  const handler = createHandler({ store: createBounceStore({ client, tables }), logger, metrics, actions, subscriptions });
  return { handler, logs: () => lines.join(''), addMetric };
}

const failedIds = (response: { batchItemFailures: { itemIdentifier: string }[] } | void) =>
  (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);

describe('process-bounces handler', () => {
  it('reports only the records that failed, with their errors recorded', async () => {
    const good = address('good');
    const event = sqsEvent(
      snsEnvelope(bounceBody(good, day(1))),
      'this is not JSON',
      snsEnvelope({ hello: 'world' }),
      snsEnvelope(complaintBody(address('complainer'), day(1))),
    );
    const { handler, addMetric } = handlerWith();
    const response = await handler(event, context);
    const [first, notJson, notSes, last] = event.Records.map((record) => record.messageId);
    expect(failedIds(response)).toEqual([notJson, notSes]);
    expect(await store.getRecipient(good)).toMatchObject({ suppressed: true, reason: 'userunknown' });

    const failures = await store.getFailures([first, notJson, notSes, last].map(String));
    expect([...failures.keys()].sort()).toEqual([notJson, notSes].map(String).sort());
    expect(failures.get(String(notJson))).toMatch(/not JSON/);
    expect(failures.get(String(notSes))).toMatch(/not an SES notification/);
    expect(addMetric).toHaveBeenCalledWith('ParseFailures', 'Count', 2);
  });

  it.each(Object.entries(SES_TYPES).filter(([, { handling }]) => handling === 'ignored'))(
    'acknowledges the SES type "%s", which carries no verdict, and counts it',
    async (eventType) => {
      const { handler, addMetric, logs } = handlerWith();
      const body = { eventType, mail: { messageId: 'm-1', timestamp: day(1) }, failure: { errorMessage: 'x', templateName: 't' } };
      expect(failedIds(await handler(sqsEvent(snsEnvelope(body)), context))).toEqual([]);
      expect(addMetric).toHaveBeenCalledWith('IgnoredEvents', 'Count', 1);
      expect(addMetric).toHaveBeenCalledWith('UnknownEventTypes', 'Count', 0);
      expect(logs()).not.toContain('"level":"WARN"');
    },
  );

  it('acknowledges an SES type it does not know with a warning and a metric, never a dead letter', async () => {
    const { handler, addMetric, logs } = handlerWith();
    const body = { eventType: 'Unsubscribe Request', mail: { messageId: 'm-2', timestamp: day(1) } };
    expect(failedIds(await handler(sqsEvent(snsEnvelope(body)), context))).toEqual([]);
    expect(addMetric).toHaveBeenCalledWith('UnknownEventTypes', 'Count', 1);
    expect(addMetric).toHaveBeenCalledWith('ParseFailures', 'Count', 0);
    expect(logs()).toMatch(/"level":"WARN","message":"ignored an SES type this version does not know".*"eventType":"Unsubscribe Request"/);
  });

  describe('SNS subscription messages in the queue', () => {
    const snsConfig = localClientConfig(inject('snsSqsEndpoint'));
    const sns = new SNSClient(snsConfig);
    const sqs = new SQSClient(snsConfig);
    let topicArn: string;
    let subscriptionArn: string;
    afterAll(() => {
      sns.destroy();
      sqs.destroy();
    });

    beforeAll(async () => {
      const suffix = Date.now().toString(36);
      ({ TopicArn: topicArn = '' } = await sns.send(new CreateTopicCommand({ Name: `own-${suffix}` })));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `subscribed-${suffix}` }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      ({ SubscriptionArn: subscriptionArn = '' } = await sns.send(
        new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }),
      ));
    });

    // The emulator's confirmation token is the subscription ARN.
    const message = (Type: string, topic: string, Token: string) =>
      JSON.stringify({
        Type,
        MessageId: 'sub-1',
        TopicArn: topic,
        Token,
        Message: 'You have chosen to subscribe to the topic',
        SubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topic}&Token=${Token}`,
        Timestamp: day(1),
      });

    it("confirms a subscription of the pipeline's own topic with SNS, once, without a retry", async () => {
      const { handler, addMetric, logs } = handlerWith(dynamo, undefined, snsConfirmer(sns, topicArn));
      const response = await handler(sqsEvent(message('SubscriptionConfirmation', topicArn, subscriptionArn)), context);
      expect(failedIds(response)).toEqual([]);
      expect(logs()).toContain(`"message":"confirmed the queue's subscription to the pipeline's topic"`);
      expect(addMetric).toHaveBeenCalledWith('SubscriptionMessages', 'Count', 1);
      expect(addMetric).toHaveBeenCalledWith('ParseFailures', 'Count', 0);
    });

    it('logs the SubscribeURL when SNS refuses the confirmation, and does not retry', async () => {
      const { handler, logs } = handlerWith(dynamo, undefined, snsConfirmer(sns, topicArn));
      const response = await handler(sqsEvent(message('SubscriptionConfirmation', topicArn, 'not-a-token')), context);
      expect(failedIds(response)).toEqual([]);
      expect(logs()).toMatch(/"level":"ERROR","message":"could not confirm .*open the SubscribeURL.*"subscribeUrl":"https:\/\/sns\./);
    });

    it("drops a subscription message of another topic without confirming it", async () => {
      const confirmed: string[] = [];
      const confirmer: SubscriptionConfirmer = { topicArn, confirm: async (sent) => void confirmed.push(sent.topicArn) };
      const other = 'arn:aws:sns:us-east-1:999999999999:someone-else';
      const { handler, logs } = handlerWith(dynamo, undefined, confirmer);
      expect(failedIds(await handler(sqsEvent(message('SubscriptionConfirmation', other, 'token')), context))).toEqual([]);
      expect(confirmed).toEqual([]);
      expect(logs()).toContain(`dropped an SNS SubscriptionConfirmation of ${other}, which is not the pipeline's topic`);
      expect(logs()).not.toContain('"subscribeUrl"');
    });

    it.each(['SubscriptionConfirmation', 'UnsubscribeConfirmation'])(
      'without a known topic, logs the SubscribeURL of a %s clearly',
      async (Type) => {
        const { handler, logs } = handlerWith();
        expect(failedIds(await handler(sqsEvent(message(Type, topicArn, 'token')), context))).toEqual([]);
        expect(logs()).toMatch(/"level":"WARN","message":"[^"]*open the SubscribeURL[^"]*".*"subscribeUrl":"https:/);
      },
    );
  });

  it('counts verdicts by reason, and by reason at the receiving provider', async () => {
    const { handler, logs } = handlerWith();
    await handler(sqsEvent(snsEnvelope(bounceBody(`${address('listed').split('@')[0]}@gmail.com`, day(1), 'blocklisted'))), context);
    const emf = logs()
      .split('\n')
      .filter((line) => line.includes('"Verdicts"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const dimensions = emf.map((blob) => (blob._aws as { CloudWatchMetrics: { Dimensions: string[][] }[] }).CloudWatchMetrics[0]!.Dimensions[0]!.sort());
    expect(dimensions).toEqual(expect.arrayContaining([['reason', 'service'], ['provider', 'reason', 'service']]));
    expect(emf).toContainEqual(expect.objectContaining({ reason: 'blocked', provider: 'google', Verdicts: 1 }));
  });

  it('counts a redelivered notification as a duplicate', async () => {
    const body = snsEnvelope(bounceBody(address('again'), day(1)));
    const { handler, addMetric } = handlerWith();
    expect(failedIds(await handler(sqsEvent(body, body), context))).toEqual([]);
    expect(addMetric).toHaveBeenCalledWith('Duplicates', 'Count', 1);
  });

  it('fails only the record whose writes are throttled', async () => {
    const throttled = address('throttled');
    const others = [address('fine-a'), address('fine-b')];
    const faulty = new DynamoDBClient(config);
    injectFault(faulty, (command, input) =>
      ['PutItemCommand', 'UpdateItemCommand'].includes(command) &&
      JSON.stringify(input.Key ?? input.Item).includes(throttled)
        ? new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput', $metadata: {} })
        : undefined,
    );
    const event = sqsEvent(...[others[0], throttled, others[1]].map((recipient) => snsEnvelope(bounceBody(String(recipient), day(1)))));
    const { handler, addMetric } = handlerWith(faulty);
    const response = await handler(event, context);
    faulty.destroy();

    const throttledId = String(event.Records[1]?.messageId);
    expect(failedIds(response)).toEqual([throttledId]);
    for (const recipient of others) expect(await store.getRecipient(recipient)).toMatchObject({ suppressed: true });
    expect(await store.getRecipient(throttled)).toBeUndefined();
    expect((await store.getFailures([throttledId])).get(throttledId)).toMatch(/^ProvisionedThroughputExceededException/);
    expect(addMetric).toHaveBeenCalledWith('StoreFailures', 'Count', 1);
  });

  it('throws when every record of the batch failed (DynamoDB down), after its metrics, so the Errors alarm sees it', async () => {
    const down = new DynamoDBClient(config);
    injectFault(down, () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { name: 'Error', code: 'ECONNREFUSED' }));
    const { handler, addMetric, logs } = handlerWith(down);
    const event = sqsEvent(...[address('down-a'), address('down-b')].map((recipient) => snsEnvelope(bounceBody(recipient, day(1)))));
    await expect(handler(event, context)).rejects.toThrow(
      expect.objectContaining({ name: 'FullBatchFailureError', message: 'all 2 records of the batch failed; each error is logged above' }),
    );
    down.destroy();
    expect(addMetric).toHaveBeenCalledWith('StoreFailures', 'Count', 2);
    expect(logs().match(/"message":"could not store record"/g)).toHaveLength(2);
    // The metrics are flushed although the handler threw.
    expect(logs()).toMatch(/"StoreFailures":2/);
  });

  it('returns the failed records, without throwing, when only some failed', async () => {
    const { handler } = handlerWith();
    const event = sqsEvent('not JSON', snsEnvelope(bounceBody(address('fine'), day(1))));
    expect(failedIds(await handler(event, context))).toEqual([event.Records[0]?.messageId]);
    expect(await handler(sqsEvent(), context)).toEqual({ batchItemFailures: [] });
  });

  it('masks recipient addresses in its logs', async () => {
    const recipient = address('private');
    const { handler, logs } = handlerWith();
    await handler(sqsEvent(snsEnvelope(bounceBody(recipient, day(1))), `{"oops": "${recipient}"`), context);
    expect(logs()).toContain('"level":"ERROR"');
    expect(logs()).toContain(`p***@example.com`);
    expect(logs()).not.toContain(recipient);
  });

  it('masks every address form RFC 5321 allows in its DEBUG logs', async () => {
    const id = Date.now().toString(36);
    const recipients = [`"john doe ${id}"@example.com`, `root${id}@localhost`, `ann${id}@[192.0.2.1]`, `zoë${id}@bücher.example`];
    const { handler, logs } = handlerWith();
    expect(failedIds(await handler(sqsEvent(snsEnvelope(bounceBody(recipients, day(1)))), context))).toEqual([]);
    expect(logs()).toContain('"message":"stored"');
    for (const masked of ['\\"j***\\"@example.com', 'r***@localhost', 'a***@[192.0.2.1]', 'z***@xn--bcher-kva.example']) {
      expect(logs()).toContain(masked);
    }
    expect(logs()).not.toContain(id);
  });

  it.each([
    ['ann@example.com', 'a***@example.com'],
    ['550 5.1.1 <"John Doe"@Example.com>: user unknown', '550 5.1.1 <"J***"@Example.com>: user unknown'],
    ['in JSON: {"to":"\\"john doe\\"@example.com"}', 'in JSON: {"to":"\\"j***\\"@example.com"}'],
    ['"a\\"b"@example.com', '"a***"@example.com'],
    ['root@localhost said no', 'r***@localhost said no'],
    ['ann@[192.0.2.1], bob@[IPv6:2001:db8::1]', 'a***@[192.0.2.1], b***@[IPv6:2001:db8::1]'],
    ['zoë@bücher.example; 山田@例え.jp', 'z***@bücher.example; 山***@例え.jp'],
    ["'ann@example.com'", "'***@example.com'"],
    ['SES reported ann@ without a domain', 'SES reported a***@ without a domain'],
    ['no address: @aws-sdk/client-sqs', 'no address: @aws-sdk/client-sqs'],
  ])('masks %j', (text, masked) => {
    expect(maskAddresses(text)).toBe(masked);
  });

  it('masks a local part of any length from its first character', () => {
    expect(maskAddresses(`${'x'.repeat(2088)}@example.com is too long`)).toBe('x***@example.com is too long');
  });

  it('logs a recipient DynamoDB cannot store, masked, with its reason, counts it as a store failure and acts only on the stored ones', async () => {
    const unstorable = `${'y'.repeat(2_100)}@example.com`;
    const sibling = address('beside-unstorable');
    const acted: string[] = [];
    const actions: VerdictActions = {
      afterStore: async (verdicts) => {
        acted.push(...verdicts.map((verdict) => verdict.recipient));
        return [];
      },
    };
    const { handler, logs, addMetric } = handlerWith(dynamo, actions);
    expect(failedIds(await handler(sqsEvent(snsEnvelope(bounceBody([unstorable, sibling], day(1)))), context))).toEqual([]);
    expect(logs()).toMatch(/"level":"ERROR","message":"recipients that cannot be stored".*"recipients":\["y\*\*\*@example\.com: the address is 2112 bytes/);
    expect(logs()).not.toContain('yy');
    expect(addMetric).toHaveBeenCalledWith('StoreFailures', 'Count', 1);
    expect(acted).toEqual([sibling]);
  });

  it('records what the suppression sync did on the stored event', async () => {
    const recipient = address('synced');
    const actions: VerdictActions = {
      afterStore: async (verdicts) =>
        verdicts.map((verdict) => ({
          recipient: verdict.recipient,
          feedbackId: verdict.feedbackId,
          published: false,
          suppression: { recipient: verdict.recipient, action: 'put', reason: 'BOUNCE', why: 'address does not exist', at: day(1) },
        })),
    };
    const { handler } = handlerWith(dynamo, actions);
    expect(failedIds(await handler(sqsEvent(snsEnvelope(bounceBody(recipient, day(1)))), context))).toEqual([]);
    const [event] = await store.getHistory(recipient);
    expect(event?.suppressionChange).toEqual({ action: 'put', reason: 'BOUNCE', why: 'address does not exist', at: day(1) });
  });

  it('keeps the verdict stored and fails the record when acting on it fails', async () => {
    const recipient = address('act-fails');
    const actions: VerdictActions = {
      afterStore: async () => {
        throw new Error('SES is throttling');
      },
    };
    const { handler, addMetric } = handlerWith(dynamo, actions);
    const event = sqsEvent(snsEnvelope(bounceBody(recipient, day(1))), snsEnvelope({ eventType: 'Open', mail: {} }));
    expect(failedIds(await handler(event, context))).toEqual([event.Records[0]?.messageId]);
    expect(await store.getRecipient(recipient)).toMatchObject({ suppressed: true });
    expect(addMetric).toHaveBeenCalledWith('ActionFailures', 'Count', 1);
  });
});
