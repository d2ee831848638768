import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createQueryHandler } from '../functions/query-api/handler';
import { localClientConfig } from '../shared/local/emulators';
import { type QueryServer, startQueryServer } from '../shared/local/query-server';
import { INCIDENT_STATES } from '../shared/incidents';
import { PROVIDER_IDS } from '../shared/providers';
import { STATS_BY, createQueryService } from '../shared/query';
import { seedEvents } from './helpers/query-fixtures';

/**
 * Hostile input at every route and parameter of the query API, over HTTP to the local query
 * server and through it to DynamoDB Local: whatever arrives, the answer is 200, 400 (naming a
 * parameter) or 404, never a 500 from a value DynamoDB refuses (key sizes, empty keys).
 */

const dynamo = new DynamoDBClient(localClientConfig(inject('dynamoEndpoint')));
let server: QueryServer;
const logged: unknown[] = [];

beforeAll(async () => {
  const seeded = await seedEvents(dynamo, 'QueryProps', { notifications: 20 });
  const query = createQueryService({ client: dynamo, tables: seeded.tables, cursorSecret: 'property-test' });
  server = await startQueryServer({ handler: createQueryHandler({ query, logger: { error: (...args) => logged.push(args) } }) });
}, 120_000);

afterAll(async () => {
  await server?.close();
  dynamo.destroy();
});

/** Percent-encode every byte outside the unreserved set, the way a client puts any text in a URL. */
const encode = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0')}`)).join('');

const repeated = (unit: fc.Arbitrary<string>, max: number) =>
  fc.tuple(unit, fc.integer({ min: 1, max })).map(([text, times]) => text.repeat(times));

/** Short and long, ASCII and any Unicode (lone surrogates too), and near-valid shapes. */
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  repeated(fc.string({ minLength: 1, maxLength: 8 }), 600),
  repeated(fc.constantFrom('a', 'ä', '😀', '%', '.', '-', '#', '\u0000', ' '), 1500),
  fc.constantFrom('', ' ', '%', '%E0%A4%A', '0', '-1', '1e3', '9'.repeat(400), 'true', 'null', '[]', '{}', '.', '..'),
);

/** Address-like values: parts of any length around an @, domain literals, IDN, quoted local parts. */
const addressLike = fc.oneof(
  fc.tuple(repeated(fc.constantFrom('a', 'é', '.', '+', '"'), 2200), fc.constantFrom('example.com', 'bücher.test', '[192.0.2.1]', 'x')).map(
    ([local, domain]) => `${local}@${domain}`,
  ),
  fc.tuple(fc.constantFrom('ann', '"john doe"', 'a'.repeat(64), 'a'.repeat(65)), repeated(fc.constantFrom('a', 'b.', 'ü', '-'), 1200)).map(
    ([local, domain]) => `${local}@${domain}`,
  ),
  fc.tuple(fc.constantFrom('ann@', 'a@b.', ''), repeated(fc.constantFrom('1', '.', ':', 'a'), 2100)).map(([prefix, body]) => `${prefix}[${body}]`),
  fc.emailAddress(),
  hostile,
);

const timeLike = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.tuple(fc.integer({ min: 0, max: 9_999_999 }), fc.constantFrom('m', 'h', 'd', 'w', 'y')).map(([n, unit]) => `${n}${unit}`),
  fc.tuple(fc.integer({ min: -300_000, max: 300_000 }), fc.nat(12), fc.nat(31)).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  hostile,
);

const LIST_VALUES = {
  domain: fc.oneof(addressLike.map((address) => address.slice(address.lastIndexOf('@') + 1)), hostile),
  reason: fc.oneof(fc.constantFrom('blocked', 'userunknown', 'feedback', 'suppressed', 'BLOCKED'), hostile),
  provider: fc.oneof(fc.constantFrom(...PROVIDER_IDS), hostile),
  suppressed: fc.oneof(fc.constantFrom('true', 'false'), hostile),
  since: timeLike,
  until: timeLike,
  limit: fc.oneof(fc.integer({ min: -5, max: 1200 }).map(String), hostile),
  cursor: hostile,
};
const ROUTES = {
  '/recipients': LIST_VALUES,
  '/suppressed': { limit: LIST_VALUES.limit, cursor: LIST_VALUES.cursor },
  '/stats': { by: fc.oneof(fc.constantFrom(...STATS_BY), hostile), since: timeLike },
  '/incidents': { state: fc.oneof(fc.constantFrom(...INCIDENT_STATES), hostile), since: timeLike, limit: LIST_VALUES.limit, cursor: LIST_VALUES.cursor },
} as const;

/** Some of a route's parameters, sometimes an unknown one, sometimes one given twice. */
const queryFor = (values: Record<string, fc.Arbitrary<string>>) =>
  fc
    .tuple(
      fc.record(values, { requiredKeys: [] }),
      fc.option(fc.tuple(hostile, hostile), { freq: 5 }),
      fc.option(fc.constantFrom(...Object.keys(values)), { freq: 8 }),
    )
    .map(([known, unknown, twice]) => {
      const pairs = Object.entries(known).filter((pair): pair is [string, string] => pair[1] !== undefined);
      if (unknown) pairs.push(unknown);
      if (twice) pairs.push([twice, pairs.find(([name]) => name === twice)?.[1] ?? 'x'], [twice, 'y']);
      return pairs.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
    });

/** Node's HTTP server answers 431 itself past 16 KB of request head: stay below it. */
const MAX_URL = 12_000;

const request = fc.oneof(
  { weight: 3, arbitrary: addressLike.map((address) => `/recipients/${encode(address)}`) },
  // A segment written unencoded: stray %, raw Unicode, which the URL parser encodes its own way.
  hostile.filter((text) => !/[/?#]/.test(text) && text !== '' && text !== '.' && text !== '..').map((text) => `/recipients/${text}`),
  ...Object.entries(ROUTES).map(([path, values]) => ({
    weight: 2,
    arbitrary: queryFor(values).map((query) => `${path}${query ? `?${query}` : ''}`),
  })),
)
  // Measured as sent: fetch percent-encodes raw Unicode, so one emoji takes 12 bytes of URL.
  .filter((path) => new URL(path, 'http://127.0.0.1').href.length <= MAX_URL);

describe('query API under hostile input', () => {
  it('is thrown at every parameter each route takes', async () => {
    // Each route names its parameters when refusing an unknown one: a new parameter without
    // hostile values here fails this test.
    for (const [path, values] of Object.entries(ROUTES)) {
      const body = (await (await fetch(`${server.url}${path}?not-a-parameter=1`)).json()) as { error: string };
      const taken = body.error.replace(/^.*expected one of /, '').split(', ');
      expect(Object.keys(values).sort(), path).toEqual(taken.sort());
    }
  });

  it('answers every route and parameter with 200, 400 naming the parameter, or 404', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (path) => {
        const response = await fetch(`${server.url}${path}`);
        const text = await response.text();
        expect([200, 400, 404], `${response.status} for ${path.slice(0, 300)}: ${text.slice(0, 300)}`).toContain(response.status);
        const body = JSON.parse(text) as { parameter?: unknown };
        if (response.status === 400) expect(body.parameter).toEqual(expect.any(String));
      }),
      { numRuns: 300 },
    );
    expect(logged).toEqual([]);
  }, 240_000);
});
