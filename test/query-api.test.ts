import { createHmac } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createQueryHandler } from '../functions/query-api/handler';
import { localClientConfig } from '../shared/local/emulators';
import { type QueryServer, startQueryServer } from '../shared/local/query-server';
import { type QueryService, createQueryService } from '../shared/query';
import { createCursorCodec, cursorKey } from '../shared/query/cursor';
import { apiRequest as event } from './helpers/api-requests';
import { type Seeded, idOf, isNewestFirst, seedEvents } from './helpers/query-fixtures';

const dynamo = new DynamoDBClient(localClientConfig(inject('dynamoEndpoint')));
let seeded: Seeded;
let query: QueryService;
const logger = { error: vi.fn() };
const SECRET = 'query-api-test-secret';

beforeAll(async () => {
  seeded = await seedEvents(dynamo, 'QueryApi', { notifications: 200 });
  query = createQueryService({ client: dynamo, tables: seeded.tables, cursorSecret: SECRET });
}, 120_000);

afterAll(() => dynamo.destroy());

async function call(path: string, parameters: Record<string, string> = {}, method = 'GET') {
  const response = await createQueryHandler({ query, logger })(event(path, parameters, method));
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null'), headers: response.headers };
}

describe('GET /recipients/{email}', () => {
  it('returns a known recipient, whatever the case of its domain and however it is encoded', async () => {
    const address = seeded.events[0]?.address as string;
    const [local, domain] = address.split('@') as [string, string];
    const response = await call(`/recipients/${encodeURIComponent(`${local}@${domain.toUpperCase()}`)}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ address, domain });
    expect(response.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  });

  it('404s an unknown address and 400s a non-address', async () => {
    expect(await call('/recipients/nobody@nowhere.test')).toMatchObject({ status: 404, body: { address: 'nobody@nowhere.test' } });
    expect(await call('/recipients/not-an-address')).toMatchObject({ status: 400, body: { parameter: 'email' } });
    expect(await call('/recipients/%E0%A4%A')).toMatchObject({ status: 400, body: { parameter: 'email' } });
  });

  // DynamoDB refuses a partition key over 2048 bytes; RFC 5321 refuses such addresses long before.
  it.each([
    ['2,100 characters', `${'a'.repeat(2_100)}@example.com`, /too long/],
    ['255 characters', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.test`, /254 characters/],
    ['a 65-octet local part', `${'a'.repeat(65)}@example.com`, /64 octets/],
    ['a local part of 33 two-octet letters', `${'é'.repeat(33)}@example.com`, /64 octets/],
    ['a 2,100-character address literal', `ann@[${'1'.repeat(2_100)}]`, /too long/],
    ['a 300-character address literal', `ann@[${'1'.repeat(300)}]`, /254 characters/],
    ['an unpaired surrogate', 'ann\ud800@example.com', /surrogate/],
  ])('400s an address with %s, naming email', async (_, email, message) => {
    const response = await call(`/recipients/${email.includes('\ud800') ? email : encodeURIComponent(email)}`);
    expect(response).toMatchObject({ status: 400, body: { parameter: 'email', error: expect.stringMatching(message) } });
  });

  it('finds an address at the limits: 64-octet local part, 254 characters', async () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(56)}.test`;
    expect(email).toHaveLength(254);
    expect(await call(`/recipients/${email}`)).toMatchObject({ status: 404, body: { address: email } });
  });
});

describe('GET /recipients', () => {
  /** Every page of a listing, following its cursor to the end. */
  async function allPages(params: Record<string, string>): Promise<Record<string, unknown>[][]> {
    const pages: Record<string, unknown>[][] = [];
    let cursor: string | undefined;
    do {
      const page = await call('/recipients', { ...params, ...(cursor && { cursor }) });
      expect(page.status).toBe(200);
      pages.push(page.body.items);
      cursor = page.body.cursor;
    } while (cursor);
    return pages;
  }

  it('lists events with filters and follows its cursor: the pages hold each matching event exactly once', async () => {
    const pages = await allPages({ domain: 'BIG.test', reason: 'blocked', limit: '3', since: '2026-10-01' });
    const items = pages.flat() as { address: string; eventKey: string; reason: string; domain: string }[];
    const expected = seeded.events.filter((event) => event.domain === 'big.test' && event.reason === 'blocked');
    expect(expected.length).toBeGreaterThan(6);
    expect(pages[0]).toHaveLength(3);
    // Exact: a page repeating or skipping an event fails here, however the pages are ordered.
    expect(items.map(idOf).sort()).toEqual(expected.map(idOf).sort());
    expect(isNewestFirst(items.map((item) => item.eventKey))).toBe(true);
    for (const item of items) expect(item).toMatchObject({ reason: 'blocked', domain: 'big.test' });
  });

  it('lists suppressed recipients with suppressed=true: every one at the domain, once', async () => {
    const pages = await allPages({ suppressed: 'true', domain: 'gmail.test', limit: '5' });
    const items = pages.flat() as { address: string; suppressed: boolean; domain: string }[];
    const expected = [...new Set(seeded.events.filter((event) => event.suppress && event.domain === 'gmail.test').map((event) => event.address))];
    expect(expected.length).toBeGreaterThan(5);
    expect(items.map((item) => item.address).sort()).toEqual(expected.sort());
    for (const item of items) expect(item).toMatchObject({ suppressed: true, domain: 'gmail.test' });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ limit: '5000' }, 'limit'],
    [{ reason: 'nope' }, 'reason'],
    [{ since: 'yesterday' }, 'since'],
    [{ until: '2026-02-30' }, 'until'],
    [{ since: '2026-11-02', until: '2026-11-01' }, 'until'],
    [{ suppressed: 'yes' }, 'suppressed'],
    [{ suppressed: 'true', reason: 'blocked' }, 'reason'],
    [{ domain: 'a@b' }, 'domain'],
    [{ domain: 'big.test,gmail.test' }, 'domain'],
    [{ domain: 'big..test' }, 'domain'],
    [{ colour: 'blue' }, 'colour'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    [{ domain: 'big.test\udc00' }, 'domain'],
  ])('400s %j naming %s', async (parameters, parameter) => {
    const response = await call('/recipients', parameters);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ parameter, error: expect.any(String) });
  });

  // Within bounds before DynamoDB sees them: a key over its limits is a 500, not the caller's error.
  it.each([
    ['a 5,000-character cursor', { cursor: 'x'.repeat(5_000) }, 'cursor'],
    ['a 2,100-character domain literal', { domain: `[${'1'.repeat(2_100)}]` }, 'domain'],
    ['a 300-character domain literal', { domain: `[${'1'.repeat(300)}]` }, 'domain'],
    ['a 2,000-character domain', { domain: 'x'.repeat(2_000) }, 'domain'],
    ['a time with 100 fraction digits', { since: `2026-11-01T00:00:00.${'0'.repeat(100)}Z` }, 'since'],
  ])('400s %s', async (_, parameters, parameter) => {
    expect(await call('/recipients', parameters)).toMatchObject({ status: 400, body: { parameter } });
  });

  it('400s a parameter given twice, which API Gateway would join with a comma', async () => {
    const request = { ...event('/recipients', { domain: 'big.test,gmail.test' }), rawQueryString: 'domain=big.test&domain=gmail.test' };
    const response = await createQueryHandler({ query, logger })(request);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? 'null')).toEqual({ error: 'domain is given more than once', parameter: 'domain' });
  });

  it('400s a tampered cursor and a cursor of another filter', async () => {
    const { body } = await call('/recipients', { domain: 'big.test', limit: '2' });
    const tampered = `${body.cursor.slice(0, 5)}${body.cursor[5] === 'x' ? 'y' : 'x'}${body.cursor.slice(6)}`;
    expect(await call('/recipients', { domain: 'big.test', limit: '2', cursor: tampered })).toMatchObject({ status: 400, body: { parameter: 'cursor' } });
    expect(await call('/recipients', { domain: 'yahoo.test', limit: '2', cursor: body.cursor })).toMatchObject({ status: 400, body: { parameter: 'cursor' } });
  });
});

/**
 * A cursor signed with the service's own key but carrying a state it never issued: what a
 * leaked key, or a bug in a past version, would produce. Its bounds must still be checked
 * before they become a DynamoDB key condition or start key.
 */
function forged(cursor: string, edit: (state: Record<string, unknown>) => Record<string, unknown>): string {
  const payload = JSON.parse(Buffer.from(cursor.split('.')[0] as string, 'base64url').toString('utf8')) as { q: string; s: Record<string, unknown> };
  const body = JSON.stringify({ q: payload.q, s: edit(payload.s) });
  // The tag as cursor.ts makes it: HMAC-SHA256 of the payload, its first 16 bytes.
  const tag = createHmac('sha256', cursorKey(seeded.tables.events, SECRET)).update(body).digest().subarray(0, 16);
  return `${Buffer.from(body).toString('base64url')}.${tag.toString('base64url')}`;
}

describe('forged cursors', () => {
  const request = { domain: 'big.test', limit: '2', since: '2026-10-01', until: '2026-10-20' };
  let cursor: string;
  beforeAll(async () => {
    cursor = (await call('/recipients', request)).body.cursor;
  });

  it('accepts the cursor as issued, re-signed unchanged', async () => {
    expect(await call('/recipients', { ...request, cursor: forged(cursor, (state) => state) })).toMatchObject({ status: 200 });
  });

  it.each([
    ['a position below the lower bound', (s: Record<string, unknown>) => ({ ...s, k: '2026-09-01T00:00:00.000Z#x' })],
    ['a position above the upper bound', (s: Record<string, unknown>) => ({ ...s, k: '2026-12-01T00:00:00.000Z#x' })],
    ['bounds the wrong way round', (s: Record<string, unknown>) => ({ ...s, l: '2026-10-21T00:00:00.000Z' })],
    ['a lower bound that is no time', (s: Record<string, unknown>) => ({ ...s, l: 'yesterday' })],
    ['an upper bound that is no time', (s: Record<string, unknown>) => ({ ...s, u: '2026-13-01' })],
    ['an empty address', (s: Record<string, unknown>) => ({ ...s, a: '' })],
    ['a 3,000-character address', (s: Record<string, unknown>) => ({ ...s, a: `${'a'.repeat(3_000)}@big.test` })],
    ['a 2,000-character sort key', (s: Record<string, unknown>) => ({ ...s, k: `2026-10-10T00:00:00.000Z#${'x'.repeat(2_000)}` })],
    ['an empty sort key', (s: Record<string, unknown>) => ({ ...s, k: '' })],
    ['a partition that does not exist', (s: Record<string, unknown>) => ({ ...s, p: 8 })],
    ['a negative partition', (s: Record<string, unknown>) => ({ ...s, p: -1 })],
    ['extra fields', (s: Record<string, unknown>) => ({ ...s, x: 1 })],
  ])('400s %s, naming cursor', async (_, edit) => {
    const response = await call('/recipients', { ...request, cursor: forged(cursor, edit) });
    expect(response).toMatchObject({ status: 400, body: { parameter: 'cursor' } });
  });
});

describe('forged incident cursors', () => {
  // The incident listing resumes at an ExclusiveStartKey of the byIncidentState index.
  const forgedIncidents = (state: unknown) =>
    createCursorCodec(cursorKey(seeded.tables.events, SECRET)).encode(JSON.stringify(['incidents', null, null]), state);
  const key = { incidentState: 'open', incidentStateAt: '2026-10-10T00:00:00.000Z', address: 'r1@big.test', eventKey: '2026-10-10T00:00:00.000Z#fb-1' };

  it('accepts a well-formed position', async () => {
    expect(await call('/incidents', { cursor: forgedIncidents({ p: 0, k: key }) })).toMatchObject({ status: 200 });
  });

  it.each([
    ['a key of another state than its phase', { p: 0, k: { ...key, incidentState: 'resolved' } }],
    ['a key without its table keys', { p: 0, k: { incidentState: 'open', incidentStateAt: key.incidentStateAt } }],
    ['a key with a number for a string', { p: 1, k: { ...key, incidentState: 'resolved', eventKey: 5 } }],
    ['a key with an empty address', { p: 1, k: { ...key, incidentState: 'resolved', address: '' } }],
    ['a key with extra attributes', { p: 0, k: { ...key, suppressed: true } }],
    ['a 1,100-byte sort key', { p: 0, k: { ...key, incidentStateAt: `2026-10-10T00:00:00.000Z${'x'.repeat(1_100)}` } }],
    ['a window start that is no time', { p: 1, l: 'yesterday' }],
    ['a resolved position before its window', { p: 1, l: '2026-10-20T00:00:00.000Z', k: { ...key, incidentState: 'resolved' } }],
  ])('400s %s, naming cursor', async (_, state) => {
    expect(await call('/incidents', { cursor: forgedIncidents(state) })).toMatchObject({ status: 400, body: { parameter: 'cursor' } });
  });
});

describe('GET /stats and /suppressed', () => {
  it('counts by reason by default, and by day or domain', async () => {
    const byReason = await call('/stats');
    expect(byReason).toMatchObject({ status: 200, body: { by: 'reason', total: seeded.events.length } });
    expect(await call('/stats', { by: 'day', since: '2026-10-20' })).toMatchObject({ status: 200, body: { by: 'day', since: '2026-10-20T00:00:00.000Z' } });
    expect(await call('/stats', { by: 'week' })).toMatchObject({ status: 400, body: { parameter: 'by' } });
  });

  it('pages the suppressed list', async () => {
    const response = await call('/suppressed/', { limit: '2' });
    expect(response).toMatchObject({ status: 200, body: { items: [expect.any(Object), expect.any(Object)], cursor: expect.any(String) } });
    expect(await call('/suppressed', { domain: 'big.test' })).toMatchObject({ status: 400, body: { parameter: 'domain' } });
  });
});

describe('routing and failures', () => {
  it('404s unknown routes and 405s other methods', async () => {
    for (const path of ['/', '/nope', '/stats/extra', '/recipients/a@b.test/events']) {
      expect((await call(path)).status, path).toBe(404);
    }
    const response = await call('/recipients', {}, 'POST');
    expect(response).toMatchObject({ status: 405, headers: { allow: 'GET' } });
    expect((await call('/stats', {}, 'DELETE')).status).toBe(405);
  });

  it('answers an unexpected error with a logged 500 carrying the request id, counted as a server error', async () => {
    const broken = { ...query, stats: () => Promise.reject(new Error('table is gone')) };
    const metrics = { addMetric: vi.fn() };
    const response = await createQueryHandler({ query: broken, logger, metrics })(event('/stats'), { awsRequestId: 'lambda-42' });
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body ?? '')).toEqual({ error: 'internal error', requestId: 'lambda-42' });
    expect(logger.error).toHaveBeenCalledWith('query failed', expect.objectContaining({ requestId: 'lambda-42', route: 'stats' }));
    expect(metrics.addMetric.mock.calls).toEqual([['ServerErrors', 'Count', 1]]);
  });

  it('counts no server error for answers that are not 5xx', async () => {
    const metrics = { addMetric: vi.fn() };
    const handler = createQueryHandler({ query, logger, metrics });
    const statuses = [];
    for (const path of ['/stats', '/recipients/not-an-address', '/nope']) statuses.push((await handler(event(path))).statusCode);
    statuses.push((await handler(event('/stats', {}, 'POST'))).statusCode);
    expect(statuses).toEqual([200, 400, 404, 405]);
    expect(metrics.addMetric.mock.calls).toEqual(statuses.map(() => ['ServerErrors', 'Count', 0]));
  });
});

describe('startQueryServer', () => {
  let server: QueryServer;
  beforeAll(async () => {
    server = await startQueryServer({ handler: createQueryHandler({ query, logger }) });
  });
  afterAll(() => server.close());

  it('serves the handler over HTTP, query strings and status codes included', async () => {
    const address = seeded.events[0]?.address as string;
    const found = await fetch(`${server.url}/recipients/${encodeURIComponent(address)}`);
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ address });
    const bad = await fetch(`${server.url}/recipients?limit=0`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ parameter: 'limit' });
    expect((await fetch(`${server.url}/stats`, { method: 'POST' })).status).toBe(405);
  });
});
