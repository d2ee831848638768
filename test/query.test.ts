import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localClientConfig } from '../shared/local/emulators';
import {
  InvalidCursorError,
  InvalidTimeError,
  type ListEventsInput,
  type Page,
  type QueryService,
  createQueryService,
  parseRange,
  parseTime,
} from '../shared/query';
import type { StoredEvent } from '../shared/store';
import { ORIGIN, type Seeded, type SeededEvent, idOf, isNewestFirst, seedEvents } from './helpers/query-fixtures';

const dynamo = new DynamoDBClient(localClientConfig(inject('dynamoEndpoint')));
let seeded: Seeded;
let query: QueryService;
/** "Now" for relative times: 31 days after the first event, just after the last. */
const NOW = new Date(ORIGIN + 31 * 86_400_000);

beforeAll(async () => {
  seeded = await seedEvents(dynamo, 'Query', { notifications: 2400 });
  query = createQueryService({ client: dynamo, tables: seeded.tables, now: () => NOW });
}, 180_000);

afterAll(() => dynamo.destroy());

/** Every page of a listing, checking that pages neither repeat nor reorder items. */
async function collect<T extends { address: string }>(
  list: (cursor: string | undefined) => Promise<Page<T>>,
  id: (item: T) => string,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await list(cursor);
    items.push(...page.items);
    cursor = page.cursor;
    pages += 1;
  } while (cursor !== undefined);
  expect(new Set(items.map(id)).size).toBe(items.length);
  return { items, pages };
}

const listAll = (input: Omit<ListEventsInput, 'cursor'>) =>
  collect<StoredEvent>((cursor) => query.listEvents({ ...input, ...(cursor && { cursor }) }), idOf);

function expectSameEvents(items: readonly StoredEvent[], expected: readonly SeededEvent[]) {
  expect(items.map(idOf).sort()).toEqual(expected.map(idOf).sort());
  expect(isNewestFirst(items.map((item) => item.eventKey))).toBe(true);
}

const within = (event: SeededEvent, since?: string, until?: string) =>
  (since === undefined || event.timestamp >= since) && (until === undefined || event.timestamp <= until);

describe('listEvents', () => {
  it('lists a domain, every page newest first, no duplicates, nothing missing', async () => {
    const { items, pages } = await listAll({ domain: 'big.test', limit: 200 });
    expectSameEvents(items, seeded.events.filter((event) => event.domain === 'big.test'));
    expect(pages).toBeGreaterThan(5);
  });

  it('lists a reason within a time window, both ends inclusive', async () => {
    const window = { since: '2026-10-05', until: '2026-10-20T12:00:00Z' };
    const { since, until } = parseRange(window);
    const { items } = await listAll({ reason: 'blocked', ...window, limit: 73 });
    const expected = seeded.events.filter((event) => event.reason === 'blocked' && within(event, since, until));
    expect(expected.length).toBeGreaterThan(100);
    expectSameEvents(items, expected);
  });

  it('filters a domain by reason', async () => {
    const { items } = await listAll({ domain: 'gmail.test', reason: 'spamdetected', limit: 7 });
    expectSameEvents(
      items,
      seeded.events.filter((event) => event.domain === 'gmail.test' && event.reason === 'spamdetected'),
    );
  });

  it('lists every reason when neither domain nor reason is given, and says what that costs', async () => {
    const first = await query.listEvents({ since: '3d', limit: 5 });
    expect(first.note).toMatch(/every reason/);
    const { items } = await listAll({ since: '3d', limit: 97 });
    expectSameEvents(items, seeded.events.filter((event) => within(event, parseTime('3d', NOW))));
  });

  it('pages one event at a time through events that share an event key', async () => {
    const { items } = await listAll({ domain: 'small.test', limit: 1 });
    const expected = seeded.events.filter((event) => event.domain === 'small.test');
    expectSameEvents(items, expected);
    // The data set has such ties: a multi-recipient notification gives them one event key.
    const keys = expected.map((event) => event.eventKey);
    expect(new Set(keys).size).toBeLessThan(keys.length);
  });

  it('keeps the window of a relative time across pages, even as the clock moves', async () => {
    const first = await query.listEvents({ reason: 'mailboxfull', since: '10d', limit: 50 });
    const later = createQueryService({ client: dynamo, tables: seeded.tables, now: () => new Date(NOW.getTime() + 86_400_000) });
    const rest = await collect<StoredEvent>(
      (cursor) => later.listEvents({ reason: 'mailboxfull', since: '10d', limit: 50, cursor: cursor ?? (first.cursor as string) }),
      idOf,
    );
    const since = parseTime('10d', NOW);
    expectSameEvents(
      [...first.items, ...rest.items],
      seeded.events.filter((event) => event.reason === 'mailboxfull' && event.timestamp >= since),
    );
  });

  it('returns no cursor on the last page, and an empty page for an unknown domain', async () => {
    expect(await query.listEvents({ domain: 'nobody.test', limit: 10 })).toEqual({ items: [] });
  });
});

describe('cursors', () => {
  let cursor: string;
  const input = { domain: 'big.test', limit: 10 } as const;

  beforeAll(async () => {
    cursor = (await query.listEvents(input)).cursor as string;
  });

  const rejects = (attempt: Promise<unknown>, message?: RegExp) =>
    expect(attempt).rejects.toSatisfy((error) => error instanceof InvalidCursorError && (!message || message.test(error.message)));

  it('resumes with the cursor it issued', async () => {
    expect((await query.listEvents({ ...input, cursor })).items).toHaveLength(10);
  });

  it('rejects a cursor with a flipped byte', async () => {
    for (const position of [2, cursor.indexOf('.') + 3]) {
      const flipped = cursor.slice(0, position) + (cursor[position] === 'A' ? 'B' : 'A') + cursor.slice(position + 1);
      await rejects(query.listEvents({ ...input, cursor: flipped }), /damaged/);
    }
  });

  it('rejects a cursor whose position was edited, even with a well-formed body', async () => {
    const [body, tag] = cursor.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    payload.s.a = 'someone-else@big.test';
    const edited = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${tag}`;
    await rejects(query.listEvents({ ...input, cursor: edited }), /damaged/);
  });

  it('rejects a cursor reused with other filters', async () => {
    await rejects(query.listEvents({ domain: 'gmail.test', limit: 10, cursor }), /other filters/);
    await rejects(query.listEvents({ ...input, reason: 'blocked', cursor }), /other filters/);
    await rejects(query.listEvents({ ...input, since: '7d', cursor }), /other filters/);
    await rejects(query.listSuppressed({ limit: 10, cursor }), /other filters/);
  });

  it('rejects garbage and cursors of a service with another secret', async () => {
    for (const garbage of ['x', 'a.b', `${cursor}.x`, cursor.replace('.', ''), '%%%']) {
      await rejects(query.listEvents({ ...input, cursor: garbage }));
    }
    const other = createQueryService({ client: dynamo, tables: seeded.tables, cursorSecret: 'another secret' });
    await rejects(other.listEvents({ ...input, cursor }));
  });
});

describe('listSuppressed', () => {
  const suppressedAddresses = (domain?: string) =>
    [...new Set(seeded.events.filter((event) => event.suppress && (!domain || event.domain === domain)).map((event) => event.address))].sort();

  it('lists every suppressed recipient once, most recently suppressed first', async () => {
    const { items } = await collect((cursor) => query.listSuppressed({ limit: 64, ...(cursor && { cursor }) }), (item) => item.address);
    expect(items.map((item) => item.address).sort()).toEqual(suppressedAddresses());
    expect(items.every((item) => item.suppressed)).toBe(true);
    expect(isNewestFirst(items.map((item) => item.suppressedAt as string))).toBe(true);
  });

  it('filters by domain', async () => {
    const { items } = await collect(
      (cursor) => query.listSuppressed({ domain: 'yahoo.test', limit: 25, ...(cursor && { cursor }) }),
      (item) => item.address,
    );
    expect(items.map((item) => item.address).sort()).toEqual(suppressedAddresses('yahoo.test'));
  });
});

describe('stats', () => {
  const countBy = (events: readonly SeededEvent[], key: (event: SeededEvent) => string) => {
    const counts = new Map<string, number>();
    for (const event of events) counts.set(key(event), (counts.get(key(event)) ?? 0) + 1);
    return counts;
  };

  it('counts by reason, all time and since a date', async () => {
    const all = await query.stats({ by: 'reason' });
    expect(all.total).toBe(seeded.events.length);
    expect(new Map(all.groups.map((group) => [group.key, group.events]))).toEqual(countBy(seeded.events, (event) => event.reason));
    expect(all.groups.map((group) => group.events)).toEqual([...all.groups.map((group) => group.events)].sort((a, b) => b - a));

    const recent = await query.stats({ by: 'reason', since: '2026-10-15' });
    expect(recent.since).toBe('2026-10-15T00:00:00.000Z');
    expect(recent.total).toBe(seeded.events.filter((event) => event.timestamp >= '2026-10-15').length);
  });

  it('counts by day, oldest day first', async () => {
    const stats = await query.stats({ by: 'day', since: '14d' });
    const since = parseTime('14d', NOW);
    const expected = countBy(seeded.events.filter((event) => event.timestamp >= since), (event) => event.timestamp.slice(0, 10));
    expect(new Map(stats.groups.map((group) => [group.key, group.events]))).toEqual(expected);
    expect(stats.groups.map((group) => group.key)).toEqual([...expected.keys()].sort());
  });

  it('counts by domain, most events first', async () => {
    const stats = await query.stats({ by: 'domain' });
    expect(stats.groups[0]).toEqual({ key: 'big.test', events: seeded.events.filter((event) => event.domain === 'big.test').length });
    expect(new Map(stats.groups.map((group) => [group.key, group.events]))).toEqual(countBy(seeded.events, (event) => event.domain));
  });
});

describe('exports', () => {
  it('walks every event and every suppressed recipient once', async () => {
    const events: string[] = [];
    for await (const page of query.exportEvents()) events.push(...page.map(idOf));
    expect(events.sort()).toEqual(seeded.events.map(idOf).sort());

    const suppressed: string[] = [];
    for await (const page of query.exportSuppressed()) suppressed.push(...page.map((recipient) => recipient.address));
    expect(new Set(suppressed).size).toBe(suppressed.length);
    expect(suppressed.length).toBe(new Set(seeded.events.filter((event) => event.suppress).map((event) => event.address)).size);
  });
});

describe('parseTime', () => {
  const now = new Date('2026-11-08T12:00:00.000Z');

  it('reads dates, date-times and durations back from now', () => {
    expect(parseTime('2026-11-01', now)).toBe('2026-11-01T00:00:00.000Z');
    expect(parseTime('2026-11-01T08:30:00+02:00', now)).toBe('2026-11-01T06:30:00.000Z');
    expect(parseTime('2026-11-01T08:30Z', now)).toBe('2026-11-01T08:30:00.000Z');
    expect(parseTime('7d', now)).toBe('2026-11-01T12:00:00.000Z');
    expect(parseTime('12h', now)).toBe('2026-11-08T00:00:00.000Z');
    expect(parseTime('30m', now)).toBe('2026-11-08T11:30:00.000Z');
    expect(parseTime('1w', now)).toBe('2026-11-01T12:00:00.000Z');
  });

  it('rejects what is not a time, clearly', () => {
    for (const bad of ['yesterday', '2026-02-30', '2026-13-01', '11/01/2026', '7', '-7d', '7y', '', '2026-11-01T08:00']) {
      expect(() => parseTime(bad, now), bad).toThrow(InvalidTimeError);
    }
    expect(() => parseTime('soon', now)).toThrow(/"soon" is not a time: use a date \(2026-11-01\)/);
    expect(() => parseRange({ since: '2026-11-02', until: '2026-11-01' }, now)).toThrow(/is after until/);
  });
});
