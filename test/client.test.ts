import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createQueryHandler } from '../functions/query-api/handler';
import { BounceApiError, type BounceClient, InvalidAddressError, createBounceClient } from '../shared/client';
import { localClientConfig } from '../shared/local/emulators';
import { type QueryServer, startQueryServer } from '../shared/local/query-server';
import { createQueryService } from '../shared/query';
import { type Seeded, seedEvents } from './helpers/query-fixtures';

const dynamo = new DynamoDBClient(localClientConfig(inject('dynamoEndpoint')));
let seeded: Seeded;
let server: QueryServer;
const sign = vi.fn((request: Request) => {
  const signed = new Request(request);
  signed.headers.set('x-test-signature', 'signed');
  return signed;
});

beforeAll(async () => {
  seeded = await seedEvents(dynamo, 'Client', { notifications: 150 });
  const query = createQueryService({ client: dynamo, tables: seeded.tables });
  server = await startQueryServer({ handler: createQueryHandler({ query, logger: { error: vi.fn() } }) });
}, 120_000);

afterAll(async () => {
  await server.close();
  dynamo.destroy();
});

const suppressedAddresses = () => new Set(seeded.events.filter((event) => event.suppress).map((event) => event.address));

describe.each([
  ['DynamoDB', () => createBounceClient({ dynamodb: { client: dynamo, tables: seeded.tables } })],
  ['the query API', () => createBounceClient({ api: { url: server.url, sign } })],
])('createBounceClient over %s', (_, create: () => BounceClient) => {
  it('tells suppressed from mailable addresses', async () => {
    const client = create();
    const suppressed = [...suppressedAddresses()][0] as string;
    const mailable = seeded.events.find((event) => !suppressedAddresses().has(event.address))?.address as string;
    expect(await client.isSuppressed(suppressed)).toBe(true);
    expect(await client.isSuppressed(mailable)).toBe(false);
    expect(await client.isSuppressed('stranger@nowhere.test')).toBe(false);
    expect(await client.getStatus(`"Someone" <${suppressed}>`)).toMatchObject({ address: suppressed, suppressed: true });
    expect(await client.getStatus('stranger@nowhere.test')).toBeUndefined();
  });

  it('lists every suppressed recipient across pages', async () => {
    const addresses: string[] = [];
    for await (const recipient of create().listSuppressed({ pageSize: 7 })) addresses.push(recipient.address);
    expect(addresses).toHaveLength(suppressedAddresses().size);
    expect(new Set(addresses)).toEqual(suppressedAddresses());
  });

  it('rejects a non-address before asking', async () => {
    await expect(create().isSuppressed('nobody')).rejects.toThrow(InvalidAddressError);
  });
});

describe('the API client', () => {
  it('signs every request through the hook', async () => {
    sign.mockClear();
    await createBounceClient({ api: { url: `${server.url}/`, sign } }).getStatus('x@y.test');
    expect(sign).toHaveBeenCalledOnce();
    expect(sign.mock.calls[0]?.[0].url).toBe(`${server.url}/recipients/x%40y.test`);
  });

  it('reports a refusal as BounceApiError with status and body', async () => {
    const forbidden = vi.fn(async () => new Response('{"Message":"Forbidden"}', { status: 403 }));
    const client = createBounceClient({ api: { url: 'https://example.lambda-url.test', fetch: forbidden } });
    await expect(client.getStatus('x@y.test')).rejects.toSatisfy(
      (error) => error instanceof BounceApiError && error.status === 403 && /403/.test(error.message),
    );
  });
});
