import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { createQueryHandler } from '../functions/query-api/handler';
import { createBounceClient } from '../shared/client';
import { createIncidentStore } from '../shared/incidents/store';
import { INCIDENT_OPENED, INCIDENT_RESOLVED, sweepIncidents } from '../shared/incidents/sweep';
import { startQueryServer } from '../shared/local/query-server';
import { verdictsFor } from '../shared/classify';
import type { Incident } from '../shared/incidents';
import { localClientConfig } from '../shared/local/emulators';
import { createQueryService } from '../shared/query';
import { createBounceStore } from '../shared/store/bounce-store';
import { createTables, parsed } from './helpers/bounce-fixtures';
import { type MixedBounce, incidentBounce, incidentMix, minutes } from './helpers/incident-fixtures';

const dynamo = new DynamoDBClient(localClientConfig(inject('dynamoEndpoint')));
afterAll(() => dynamo.destroy());

/** A clock shortly after the mix: every incident still open. */
const DURING = new Date(minutes(120));

async function pipeline(now = DURING) {
  const tables = await createTables(dynamo, 'Incidents');
  const store = createBounceStore({ client: dynamo, tables });
  const query = createQueryService({ client: dynamo, tables, now: () => now });
  const record = async (bounces: readonly MixedBounce[]) => {
    let writeUnits = 0;
    for (const bounce of bounces) {
      const notification = parsed(incidentBounce(bounce));
      writeUnits += (await store.recordNotification(notification, verdictsFor(notification))).writeUnits;
    }
    return writeUnits;
  };
  const incidents = async (input: { state?: 'open' | 'resolved'; since?: string } = {}) => {
    const items: Incident[] = [];
    let cursor: string | undefined;
    do {
      const page = await query.listIncidents({ limit: 2, ...input, ...(cursor !== undefined && { cursor }) });
      items.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== undefined);
    return items;
  };
  return { tables, store, query, record, incidents };
}

/** What must not depend on arrival order: everything but the run id and which texts came first. */
const essence = ({ id: _id, examples, ...rest }: Incident) => ({ ...rest, examples: examples.length });
const byCause = (a: Incident, b: Incident) => (a.reason + (a.provider ?? a.blocklist?.name) < b.reason + (b.provider ?? b.blocklist?.name) ? -1 : 1);

describe('sender incidents in the store', () => {
  it('turns the mix into exactly its sender-side incidents, with exact counts', async () => {
    const { record, incidents } = await pipeline();
    await record(incidentMix());
    const found = (await incidents()).sort(byCause);
    expect(found.map((incident) => [incident.reason, incident.provider ?? incident.blocklist?.name, incident.count, incident.recipients, incident.domains])).toEqual([
      ['authfailure', 'google', 5, 5, 1],
      ['blocked', 'Spamhaus ZEN', 7, 6, 4],
      ['speeding', 'microsoft', 6, 5, 3],
    ]);
    const spamhaus = found.find((incident) => incident.blocklist) as Incident;
    expect(spamhaus).toMatchObject({
      state: 'open',
      blocklist: { name: 'Spamhaus ZEN', delistUrl: 'https://www.spamhaus.org/lookup/' },
      firstSeen: minutes(0),
      lastSeen: minutes(12),
      // The 5th event, at minute 8, completed 5 events within 15 minutes.
      openedAt: minutes(8),
      // By distinct recipients: ann bounced twice at example.org.
      topDomains: [
        { domain: 'example.edu', recipients: 2 },
        { domain: 'example.org', recipients: 2 },
        { domain: 'example.com', recipients: 1 },
        { domain: 'example.net', recipients: 1 },
      ],
      sending: {
        sources: ['news@sender.example'],
        identities: ['arn:aws:ses:eu-west-1:123456789012:identity/sender.example'],
        configurationSets: ['marketing'],
        ips: ['192.0.2.1'],
      },
      action: 'request-delisting',
      rule: 'blocked.spamhaus',
    });
    expect(spamhaus.examples).toEqual(['smtp; 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org']);
    expect(spamhaus.remediation).not.toBe('');
  });

  it('counts nothing twice when the same notifications are delivered again', async () => {
    const { record, incidents } = await pipeline();
    const mix = incidentMix();
    await record(mix);
    const before = await incidents();
    expect(await record(mix)).toBeLessThan(mix.length * 2);
    expect(await incidents()).toEqual(before);
  });

  it('gives the same incidents whatever the order and duplication', async () => {
    const mix = incidentMix();
    const inOrder = await pipeline();
    await inOrder.record(mix);
    const reversed = await pipeline();
    await reversed.record([...mix].reverse().flatMap((bounce, i) => (i % 3 === 0 ? [bounce, bounce] : [bounce])));
    const expected = (await inOrder.incidents()).sort(byCause).map(essence);
    expect((await reversed.incidents()).sort(byCause).map(essence)).toEqual(expected);
  });

  it('gives the same incidents with concurrent writers, each notification delivered twice at once', async () => {
    const mix = incidentMix();
    const inOrder = await pipeline();
    await inOrder.record(mix);
    const concurrent = await pipeline();
    const queue = [...mix, ...mix];
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await concurrent.record([next]);
    }));
    expect((await concurrent.incidents()).sort(byCause).map(essence)).toEqual((await inOrder.incidents()).sort(byCause).map(essence));
  });

  it('shows an incident resolved once its quiet period passed, and filters by state and time', async () => {
    const later = new Date(Date.parse(minutes(50)) + 24 * 3_600_000);
    const { record, incidents } = await pipeline(later);
    await record(incidentMix());
    // Spamhaus (last event minute 12) and DMARC (minute 38) are quiet for 24 h; the rate limit (minute 70) is not.
    expect((await incidents({ state: 'open' })).map((incident) => incident.reason)).toEqual(['speeding']);
    const resolved = await incidents({ state: 'resolved' });
    expect(resolved.map((incident) => incident.reason).sort()).toEqual(['authfailure', 'blocked']);
    expect(resolved.find((incident) => incident.reason === 'blocked')?.resolvedAt).toBe(new Date(Date.parse(minutes(12)) + 24 * 3_600_000).toISOString());
    expect(await incidents({ since: minutes(30) })).toHaveLength(2);
  });

  it('names the incident of a stored event', async () => {
    const { record, query, store } = await pipeline();
    await record(incidentMix());
    const [event] = await store.getHistory('cid@example.net');
    expect((await query.incidentOfEvent(event!))?.blocklist?.name).toBe('Spamhaus ZEN');
    const [dead] = await store.getHistory('gone0@example.org');
    expect(await query.incidentOfEvent(dead!)).toBeUndefined();
  });

  it('lists incidents through the typed client, over DynamoDB and over the query API', async () => {
    const { tables, record, query } = await pipeline();
    await record(incidentMix());
    const server = await startQueryServer({ handler: createQueryHandler({ query, logger: { error: vi.fn() } }) });
    try {
      for (const client of [createBounceClient({ dynamodb: { client: dynamo, tables } }), createBounceClient({ api: { url: server.url } })]) {
        const reasons: string[] = [];
        for await (const incident of client.listIncidents({ pageSize: 1, since: '2026-11-20' })) reasons.push(incident.reason);
        expect(reasons.sort()).toEqual(['authfailure', 'blocked', 'speeding']);
      }
      const response = await fetch(new URL('incidents?state=closed', server.url));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ parameter: 'state' });
      // The provider on the other routes: a filter on listings, a grouping of stats.
      const google = await (await fetch(new URL('recipients?provider=google&limit=100', server.url))).json();
      expect(google.items).toHaveLength(5);
      expect(google.items.every((event: { provider: string }) => event.provider === 'google')).toBe(true);
      const stats = await (await fetch(new URL('stats?by=provider', server.url))).json();
      expect(stats).toMatchObject({ by: 'provider', total: 29, groups: [{ key: 'other', events: 15 }, { key: 'microsoft', events: 9 }, { key: 'google', events: 5 }] });
      expect((await fetch(new URL('recipients?provider=hotmail', server.url))).status).toBe(400);
    } finally {
      await server.close();
    }
  });

  it('sweeps: announces each opening once, resolves quiet incidents once', async () => {
    const { tables, record, incidents } = await pipeline();
    await record(incidentMix());
    const store = createIncidentStore({ client: dynamo, table: tables.events });
    const announced: string[] = [];
    const announce = async (type: string, incident: Incident) => void announced.push(`${type}: ${incident.reason}`);
    expect(await sweepIncidents(store, announce, DURING)).toEqual({ open: 3, opened: 3, resolved: 0 });
    expect(await sweepIncidents(store, announce, DURING)).toEqual({ open: 3, opened: 0, resolved: 0 });
    const dayLater = new Date(Date.parse(minutes(50)) + 24 * 3_600_000);
    expect(await sweepIncidents(store, announce, dayLater)).toEqual({ open: 1, opened: 0, resolved: 2 });
    expect(await sweepIncidents(store, announce, dayLater)).toEqual({ open: 1, opened: 0, resolved: 0 });
    expect(announced.sort()).toEqual([
      `${INCIDENT_OPENED}: authfailure`,
      `${INCIDENT_OPENED}: blocked`,
      `${INCIDENT_OPENED}: speeding`,
      `${INCIDENT_RESOLVED}: authfailure`,
      `${INCIDENT_RESOLVED}: blocked`,
    ]);
    // Moved in the index, still listed the same way.
    expect((await incidents()).map((incident) => incident.reason).sort()).toEqual(['authfailure', 'blocked', 'speeding']);
  });
});
