import {
  type AttributeValue,
  type BatchGetItemCommandInput,
  type BatchGetItemCommandOutput,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { type Server, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DYNAMODB_REQUEST_HANDLER } from '../functions/process-bounces/config';
import { localClientConfig } from '../shared/local/emulators';
import { type BounceStore, type TableNames, createBounceStore } from '../shared/store';
import { address, bounceBody, createTables, day, injectFault, snsEnvelope } from './helpers/bounce-fixtures';
import { quietHandler, redelivered, sqsRecord } from './helpers/sqs-events';

/**
 * Fault injection between the handler and a real DynamoDB Local: chosen writes throttled, timed
 * out, or applied with their answer lost; then SQS's redelivery, played by calling the handler
 * again with the failed records. The store writes item by item (PutItem, UpdateItem) and uses
 * no BatchWriteItem; its one batch call, BatchGetItem, is tested for UnprocessedKeys below.
 */

const config = localClientConfig(inject('dynamoEndpoint'));
const dynamo = new DynamoDBClient(config);
let tables: TableNames;
let store: BounceStore;
const clients: DynamoDBClient[] = [];

/** A DynamoDB that accepts connections and requests and never answers them. */
let unresponsive: Server;
const proxies: Server[] = [];

beforeAll(async () => {
  tables = await createTables(dynamo, 'Faults');
  store = createBounceStore({ client: dynamo, tables });
  unresponsive = createServer(() => undefined);
  await new Promise<void>((resolve) => unresponsive.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const client of [dynamo, ...clients]) client.destroy();
  for (const server of [unresponsive, ...proxies]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

type Fault = (command: string, input: Record<string, unknown>) => Error | undefined;

const throttled = () =>
  new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput', $metadata: {} });

const WRITES = ['PutItemCommand', 'UpdateItemCommand'];
/** The write concerns `recipient` (its event or its recipient item). */
const writesFor = (command: string, input: Record<string, unknown>, recipient: string) =>
  WRITES.includes(command) && JSON.stringify(input.Item ?? input.Key).includes(recipient);

/**
 * A client configured as the processing function's (DYNAMODB_REQUEST_HANDLER) whose requests
 * fail as `current()` says, before they reach DynamoDB, and whose requests `slow()` picks go to
 * the unresponsive server instead, where the SDK's own request timeout ends them.
 */
function faultyClient(current: () => Fault, slow: (command: string, input: Record<string, unknown>) => boolean = () => false): DynamoDBClient {
  const client = new DynamoDBClient({ ...config, requestHandler: DYNAMODB_REQUEST_HANDLER });
  clients.push(client);
  injectFault(client, (command, input) => current()(command, input));
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (slow(context.commandName ?? '', args.input as Record<string, unknown>)) {
        Object.assign(args.request as { hostname: string; port?: number }, { hostname: '127.0.0.1', port: (unresponsive.address() as AddressInfo).port });
      }
      return next(args);
    },
    { step: 'build', name: 'toUnresponsive' },
  );
  return client;
}

const none: Fault = () => undefined;

async function history(recipient: string) {
  return (await store.getHistory(recipient, { limit: 50 })).map((event) => event.eventKey);
}

describe('throttled and timed-out writes', () => {
  it('fail exactly their records, which succeed when SQS delivers them again; the others succeed first time', async () => {
    const recipients = Array.from({ length: 6 }, (_, i) => address(`fault-${i}`));
    // recipients[2]'s writes meet a DynamoDB that never answers: the SDK's real request timeout.
    const timedOut = recipients[2] as string;
    const expectedError = new Map([
      [recipients[1] as string, /^ProvisionedThroughputExceededException/],
      [timedOut, /^TimeoutError/],
      [recipients[4] as string, /^ProvisionedThroughputExceededException/],
    ]);
    let fault: Fault = (command, input) =>
      [recipients[1], recipients[4]].some((recipient) => writesFor(command, input, recipient as string)) ? throttled() : undefined;
    let unanswered = (command: string, input: Record<string, unknown>) =>
      WRITES.includes(command) && (input.Key as { address?: { S?: string } } | undefined)?.address?.S === timedOut;
    const handle = quietHandler(faultyClient(() => fault, (command, input) => unanswered(command, input)), tables);
    const records = recipients.map((recipient) => sqsRecord(snsEnvelope(bounceBody(recipient, day(1)))));
    const faulted = records.filter((_, i) => expectedError.has(recipients[i] as string));

    expect(await handle(records)).toEqual(faulted.map((record) => record.messageId));
    for (const [i, recipient] of recipients.entries()) {
      expect(await store.getRecipient(recipient), recipient).toEqual(
        expectedError.has(recipient) ? undefined : expect.objectContaining({ bounceCount: 1 }),
      );
      expect(await history(recipient)).toHaveLength(expectedError.has(recipient) ? 0 : 1);
      if (!expectedError.has(recipient)) continue;
      const messageId = records[i]?.messageId as string;
      expect((await store.getFailures([messageId])).get(messageId)).toMatch(
        expectedError.get(recipient) as RegExp,
      );
    }

    fault = none;
    unanswered = () => false;
    expect(await handle(faulted.map(redelivered))).toEqual([]);
    for (const recipient of recipients) {
      expect(await store.getRecipient(recipient)).toMatchObject({ bounceCount: 1, hardBounceCount: 1, suppressed: true });
      expect(await history(recipient)).toHaveLength(1);
    }
  });

  it.each([
    ['recipient update', 'UpdateItemCommand', undefined, 0],
    ['event put', 'PutItemCommand', expect.objectContaining({ bounceCount: 1 }), 0],
  ] as const)('applies a retried record once after a partial write (one recipient done, the next one\'s %s throttled)', async (_, throttledCommand, partialAfterFault, partialEvents) => {
    const [done, partial] = [address('partial-done'), address('partial')];
    let fault: Fault = (command, input) =>
      command === throttledCommand && writesFor(command, input, partial) ? throttled() : undefined;
    const handle = quietHandler(faultyClient(() => fault), tables);
    const record = sqsRecord(snsEnvelope(bounceBody([done, partial], day(1), 'soft')));

    expect(await handle([record])).toEqual([record.messageId]);
    expect(await store.getRecipient(done)).toMatchObject({ bounceCount: 1, softRun: { count: 1 } });
    expect(await history(partial)).toHaveLength(partialEvents);
    expect(await store.getRecipient(partial)).toEqual(partialAfterFault);

    fault = none;
    expect(await handle([redelivered(record)])).toEqual([]);
    expect(await handle([redelivered(redelivered(record))])).toEqual([]);
    for (const recipient of [done, partial]) {
      expect(await store.getRecipient(recipient)).toMatchObject({ bounceCount: 1, softBounceCount: 1, softRun: { count: 1 } });
      expect(await history(recipient)).toHaveLength(1);
    }
  });
});

describe('a recipient DynamoDB cannot store', () => {
  // DynamoDB keys hold at most 2,048 bytes (partition) and 1,024 (sort).
  const tooLong = () => `${'x'.repeat(2_100 - '@example.com'.length)}-${Date.now()}@example.com`;

  it('does not sink its siblings: they are stored, it is reported by name (masked) with its reason, and nothing is retried', async () => {
    const [unstorable, sibling] = [tooLong(), address('sibling')];
    const handle = quietHandler(dynamo, tables);
    const record = sqsRecord(snsEnvelope(bounceBody([unstorable, sibling], day(1))));

    expect(await handle([record])).toEqual([]);
    expect(await store.getRecipient(sibling)).toMatchObject({ bounceCount: 1, suppressed: true });
    expect(await history(sibling)).toHaveLength(1);
    const failure = (await store.getFailures([record.messageId])).get(record.messageId);
    expect(failure).toMatch(/^UnstorableRecipientsError: 1 recipient cannot be stored \(the others were\): x\*\*\*@example\.com: the address is 2\d{3} bytes/);
    expect(failure).not.toContain('xx');
  });

  it('reports a recipient any write of which DynamoDB refuses (ValidationException) the same way, and stores the others', async () => {
    const [refused, sibling] = [address('refused'), address('refused-sibling')];
    const client = faultyClient(() => (command, input) =>
      writesFor(command, input, refused)
        ? Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException' })
        : undefined,
    );
    const handle = quietHandler(client, tables);
    const record = sqsRecord(snsEnvelope(bounceBody([refused, sibling], day(1))));
    expect(await handle([record])).toEqual([]);
    expect(await store.getRecipient(sibling)).toMatchObject({ bounceCount: 1 });
    expect((await store.getFailures([record.messageId])).get(record.messageId)).toMatch(
      /^UnstorableRecipients.*r\*\*\*@example\.com: ValidationException: One or more parameter values were invalid/,
    );
  });

  it('still fails the record for a throttled recipient, after storing its siblings', async () => {
    const [throttledOne, sibling] = [address('throttled-first'), address('after-throttled')];
    const handle = quietHandler(faultyClient(() => (command, input) => (writesFor(command, input, throttledOne) ? throttled() : undefined)), tables);
    const record = sqsRecord(snsEnvelope(bounceBody([throttledOne, sibling], day(1))));
    expect(await handle([record])).toEqual([record.messageId]);
    expect(await store.getRecipient(sibling)).toMatchObject({ bounceCount: 1 });
  });
});

/**
 * A write DynamoDB applied whose answer never came back (a timeout, a dropped connection): the
 * caller cannot tell it from a write that was never made. A proxy in front of DynamoDB Local
 * forwards every request and withholds the answer to the one `lose` picks, so the client's own
 * request timeout (the function's DYNAMODB_REQUEST_HANDLER) ends the call with a real
 * TimeoutError. With `retries: false` the error reaches the handler, and only SQS's redelivery
 * retries; with `retries: true` the SDK retries it itself.
 */
async function answerLosingClient(
  lose: (command: string, input: Record<string, unknown>) => boolean,
  retries: boolean,
): Promise<DynamoDBClient> {
  const dynamoUrl = new URL(inject('dynamoEndpoint'));
  const proxy = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = httpRequest(
        { host: dynamoUrl.hostname, port: dynamoUrl.port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
            if (lose(`${operation}Command`, JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>)) return;
            response.writeHead(answer.statusCode ?? 500, answer.headers);
            response.end(Buffer.concat(answerChunks));
          });
        },
      );
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxies.push(proxy);
  const client = new DynamoDBClient({
    ...localClientConfig(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`),
    requestHandler: DYNAMODB_REQUEST_HANDLER,
    maxAttempts: retries ? 3 : 1,
  });
  clients.push(client);
  return client;
}

/** Lose the answer to the first request `matches` picks, once. */
function once(matches: (command: string, input: Record<string, unknown>) => boolean) {
  let lost = false;
  return (command: string, input: Record<string, unknown>) => {
    if (lost || !matches(command, input)) return false;
    lost = true;
    return true;
  };
}

describe('writes applied but unanswered', () => {
  const cases = [
    ['the event put', (command: string) => command === 'PutItemCommand'],
    ['the recipient update', (command: string) => command === 'UpdateItemCommand'],
  ] as const;

  it.each(cases)('apply once when SQS redelivers after the answer to %s was lost', async (_, matches) => {
    const own = await createTables(dynamo, 'Lost');
    const handle = quietHandler(await answerLosingClient(once(matches), false), own);
    const recipient = address('lost');
    const record = sqsRecord(snsEnvelope(bounceBody(recipient, day(1))));

    expect(await handle([record])).toEqual([record.messageId]);
    expect(await handle([redelivered(record)])).toEqual([]);
    const ownStore = createBounceStore({ client: dynamo, tables: own });
    expect(await ownStore.getRecipient(recipient)).toMatchObject({ bounceCount: 1, hardBounceCount: 1 });
    expect(await ownStore.getHistory(recipient)).toHaveLength(1);
    expect(await ownStore.countStats()).toMatchObject({ events: 1, recipients: 1 });
  });

  it.each(cases)('apply once when the SDK retries %s after a lost answer', async (_, matches) => {
    const own = await createTables(dynamo, 'SdkRetry');
    const handle = quietHandler(await answerLosingClient(once(matches), true), own);
    const recipient = address('sdk-retry');
    expect(await handle([sqsRecord(snsEnvelope(bounceBody(recipient, day(1))))])).toEqual([]);
    const ownStore = createBounceStore({ client: dynamo, tables: own });
    expect(await ownStore.getRecipient(recipient)).toMatchObject({ bounceCount: 1 });
    expect(await ownStore.countStats()).toMatchObject({ events: 1, recipients: 1 });
  });

  // Beyond the recipient's ring of recent tags: the stored event is what proves it was applied.
  it('count a redelivered notification once even after five newer events of the same recipient', async () => {
    const handle = quietHandler(dynamo, tables);
    const recipient = address('ring');
    const records = Array.from({ length: 6 }, (_, i) => sqsRecord(snsEnvelope(bounceBody(recipient, day(i), 'blocklisted'))));
    for (const record of records) expect(await handle([record])).toEqual([]);
    expect(await handle([redelivered(records[0]!)])).toEqual([]);
    expect(await store.getRecipient(recipient)).toMatchObject({ bounceCount: 6 });
  });
});

describe('BatchGetItem UnprocessedKeys', () => {
  it('getFailures asks again for the keys DynamoDB left unprocessed', async () => {
    const ids = Array.from({ length: 5 }, (_, i) => `unprocessed-${i}-${Date.now()}`);
    for (const id of ids) await store.recordFailure(id, new Error(`failure of ${id}`));
    const client = new DynamoDBClient(config);
    clients.push(client);
    let calls = 0;
    // Answer one key per call and hand the rest back, as DynamoDB does under load.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'BatchGetItemCommand') return next(args);
        calls += 1;
        const input = args.input as BatchGetItemCommandInput;
        const [table, request] = Object.entries(input.RequestItems ?? {})[0] as [string, { Keys: Record<string, AttributeValue>[] }];
        const [first, ...rest] = request.Keys;
        const result = await next({ ...args, input: { ...input, RequestItems: { [table]: { ...request, Keys: [first] } } } });
        const output = result.output as BatchGetItemCommandOutput;
        if (rest.length) output.UnprocessedKeys = { [table]: { Keys: rest } };
        return result;
      },
      { step: 'initialize', name: 'partialBatchGet' },
    );
    const failures = await createBounceStore({ client, tables }).getFailures(ids);
    expect(calls).toBe(ids.length);
    expect(Object.fromEntries(failures)).toEqual(Object.fromEntries(ids.map((id) => [id, `Error: failure of ${id}`])));
  });
});
