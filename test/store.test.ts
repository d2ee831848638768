import { DynamoDBClient, InternalServerError } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verdictsFor } from '../shared/classify';
import { localClientConfig } from '../shared/local/emulators';
import type { TableNames } from '../shared/store';
import { type BounceStore, createBounceStore } from '../shared/store/bounce-store';
import {
  address,
  bounceBody,
  complaintBody,
  createTables,
  day,
  deliveryBody,
  injectFault,
  parsed,
} from './helpers/bounce-fixtures';

const config = localClientConfig(inject('dynamoEndpoint'));
const dynamo = new DynamoDBClient(config);
let tables: TableNames;
let store: BounceStore;

beforeAll(async () => {
  tables = await createTables(dynamo, 'Store');
  store = createBounceStore({ client: dynamo, tables });
});

afterAll(() => dynamo.destroy());

async function record(body: object, target: BounceStore = store) {
  const notification = parsed(body);
  return target.recordNotification(notification, verdictsFor(notification));
}

describe('recordNotification', () => {
  it('stores a notification delivered several times once, and counts it once', async () => {
    const recipient = address('dup');
    const body = bounceBody(recipient, day(1));
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await record(body));
    expect(outcomes.map(({ stored, duplicates }) => [stored, duplicates])).toEqual([[1, 0], [0, 1], [0, 1], [0, 1]]);
    expect(outcomes[0]?.writeUnits).toBeGreaterThan(0);
    expect(await store.getHistory(recipient)).toHaveLength(1);
    expect(await store.getRecipient(recipient)).toMatchObject({
      suppressed: true,
      suppressedReason: 'userunknown',
      reason: 'userunknown',
      action: 'suppress',
      bounceCount: 1,
      hardBounceCount: 1,
    });
  });

  it('applies concurrent redeliveries once', async () => {
    const recipient = address('race');
    const body = bounceBody(recipient, day(1), 'soft');
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => record(body)));
    expect(outcomes.reduce((sum, outcome) => sum + outcome.stored, 0)).toBe(1);
    expect(await store.getRecipient(recipient)).toMatchObject({ bounceCount: 1, softRun: { count: 1 } });
  });

  it('counts a late older event but keeps the newer status', async () => {
    const recipient = address('late');
    const newer = bounceBody(recipient, day(5), 'blocklisted');
    await record(newer);
    await record(bounceBody(recipient, day(2), 'soft'));
    expect(await store.getRecipient(recipient)).toMatchObject({
      reason: 'blocked',
      action: 'request-delisting',
      party: 'sender',
      lastEventAt: day(5),
      lastFeedbackId: newer.bounce.feedbackId,
      bounceCount: 2,
      hardBounceCount: 1,
      softBounceCount: 1,
      firstBounceAt: day(2),
      suppressed: false,
    });
  });

  it('suppresses after three soft bounces within the window', async () => {
    const recipient = address('soft');
    await record(bounceBody(recipient, day(0), 'soft'));
    await record(bounceBody(recipient, day(6), 'soft'));
    expect(await store.getRecipient(recipient)).toMatchObject({ suppressed: false, action: 'retry', softRun: { count: 2 } });
    await record(bounceBody(recipient, day(13), 'soft'));
    expect(await store.getRecipient(recipient)).toMatchObject({
      suppressed: true,
      suppressedReason: 'soft-bounce-escalation',
      suppressedAt: day(13),
      reason: 'mailboxfull',
      action: 'suppress',
    });
  });

  it('escalates whatever order the soft bounces arrive in', async () => {
    const recipient = address('soft-shuffled');
    for (const at of [day(10), day(1), day(5)]) await record(bounceBody(recipient, at, 'soft'));
    expect(await store.getRecipient(recipient)).toMatchObject({ suppressed: true, softRun: { count: 3, since: day(1) } });
  });

  it('starts the run again after a delivery', async () => {
    const recipient = address('delivered');
    await record(bounceBody(recipient, day(0), 'soft'));
    await record(bounceBody(recipient, day(1), 'soft'));
    expect((await record(deliveryBody(recipient, day(2)))).writeUnits).toBeGreaterThan(0);
    await record(bounceBody(recipient, day(3), 'soft'));
    await record(bounceBody(recipient, day(4), 'soft'));
    expect(await store.getRecipient(recipient)).toMatchObject({ suppressed: false, softRun: { count: 2 } });
    // A bounce from before the delivery arrives late: it counts as a bounce, not toward the run.
    await record(bounceBody(recipient, day(1.5), 'soft'));
    expect(await store.getRecipient(recipient)).toMatchObject({ suppressed: false, softBounceCount: 5, softRun: { count: 2 } });
  });

  it('writes nothing for a delivery to a recipient without a soft-bounce run', async () => {
    const clean = address('clean');
    expect(await record(deliveryBody(clean, day(1)))).toEqual({ stored: 0, duplicates: 0, writeUnits: 0 });
    expect(await store.getRecipient(clean)).toBeUndefined();
  });

  it('restarts a run whose bounces are further apart than the window', async () => {
    const recipient = address('slow');
    for (const at of [day(0), day(10), day(20), day(30)]) await record(bounceBody(recipient, at, 'soft'));
    expect(await store.getRecipient(recipient)).toMatchObject({ suppressed: false, softRun: { count: 2, since: day(20) } });
  });

  it('suppresses a recipient who complained, and a later delivery does not lift it', async () => {
    const recipient = address('complaint');
    await record(complaintBody(recipient, day(1)));
    await record(deliveryBody(recipient, day(2)));
    expect(await store.getRecipient(recipient)).toMatchObject({
      suppressed: true,
      suppressedReason: 'feedback',
      reason: 'feedback',
      complaintCount: 1,
    });
  });

  it('neither suppresses nor counts a complaint whose feedback type is not-spam', async () => {
    const recipient = address('not-spam');
    const body = complaintBody(recipient, day(1));
    body.complaint.complaintFeedbackType = 'not-spam';
    await record(body);
    expect(await store.getRecipient(recipient)).toMatchObject({ suppressed: false, complaintCount: 0, reason: 'feedback' });
    expect(await store.getHistory(recipient)).toEqual([expect.objectContaining({ complaintFeedbackType: 'not-spam', suppress: false })]);
  });

  it('never suppresses for a sender-side permanent bounce', async () => {
    const recipient = address('blocklisted');
    for (const at of [day(1), day(2), day(3), day(4)]) await record(bounceBody(recipient, at, 'blocklisted'));
    expect(await store.getRecipient(recipient)).toMatchObject({
      suppressed: false,
      reason: 'blocked',
      party: 'sender',
      hardBounceCount: 4,
      softRun: { count: 0 },
      blocklist: { name: expect.any(String), delistUrl: expect.any(String) },
    });
  });

  it('keeps a suppression when a later soft bounce arrives', async () => {
    const recipient = address('sticky');
    await record(bounceBody(recipient, day(1), 'hard'));
    await record(bounceBody(recipient, day(2), 'soft'));
    expect(await store.getRecipient(recipient)).toMatchObject({ suppressed: true, reason: 'mailboxfull', action: 'suppress' });
  });

  it('applies an event once when the event write failed after the recipient was updated', async () => {
    const faulty = new DynamoDBClient(config);
    let failNextPut = true;
    injectFault(faulty, (command) => {
      if (command !== 'PutItemCommand' || !failNextPut) return undefined;
      failNextPut = false;
      return new InternalServerError({ message: 'injected crash', $metadata: {} });
    });
    const crashing = createBounceStore({ client: faulty, tables });
    const recipient = address('crash');
    const body = bounceBody(recipient, day(1), 'soft');
    await expect(record(body, crashing)).rejects.toThrow('injected crash');
    expect(await store.getHistory(recipient)).toHaveLength(0);
    expect(await store.getRecipient(recipient)).toMatchObject({ bounceCount: 1 });

    // The retry finds the tag in the recipient's ring: it writes the missing event only.
    expect(await record(body, crashing)).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await store.getHistory(recipient)).toHaveLength(1);
    expect(await record(body, crashing)).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await store.getRecipient(recipient)).toMatchObject({ bounceCount: 1, softRun: { count: 1 } });
    faulty.destroy();
  });

  it('stores one event per recipient of a notification', async () => {
    const recipients = [address('multi-a'), address('multi-b')];
    expect(await record(bounceBody(recipients, day(1)))).toMatchObject({ stored: 2, duplicates: 0 });
    for (const recipient of recipients) expect(await store.getHistory(recipient)).toHaveLength(1);
  });
});

describe('getHistory', () => {
  it('lists events newest first, page by page', async () => {
    const recipient = address('history');
    const days = [3, 1, 4, 2, 5];
    for (const at of days) await record(bounceBody(recipient, day(at), 'soft'));
    const first = await store.getHistoryPage(recipient, { limit: 2 });
    const second = await store.getHistoryPage(recipient, { limit: 2, cursor: first.cursor });
    const third = await store.getHistoryPage(recipient, { limit: 2, cursor: second.cursor });
    const timestamps = [...first.events, ...second.events, ...third.events].map((event) => event.timestamp);
    expect(timestamps).toEqual([5, 4, 3, 2, 1].map(day));
    expect(third.cursor).toBeUndefined();
    expect(first.events[0]).toMatchObject({ address: recipient, reason: 'mailboxfull', domain: 'example.com' });
  });

  it('keeps an event under 1 KB however long its diagnostic', async () => {
    const recipient = address('long');
    const body = bounceBody(recipient, day(1), 'soft');
    const bounced = body.bounce.bouncedRecipients[0];
    if (bounced) bounced.diagnosticCode += ` ${'x'.repeat(5000)}`;
    expect((await record(body)).writeUnits).toBeGreaterThan(0);
    const [event] = await store.getHistory(recipient);
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(1024);
    expect(event?.diagnostic).toMatch(/^smtp; 452 4\.2\.2 Mailbox full x+$/);
  });
});

describe('failures', () => {
  it('keeps the last error per message', async () => {
    await store.recordFailure('message-1', new Error('first'), 'body');
    await store.recordFailure('message-1', new TypeError('second'));
    await store.recordFailure('message-2', 'plain text');
    const failures = await store.getFailures(['message-1', 'message-2', 'message-3']);
    expect(Object.fromEntries(failures)).toEqual({ 'message-1': 'TypeError: second', 'message-2': 'plain text' });
  });
});

describe('countStats', () => {
  it('counts events by reason, recipients and suppressions without a scan', async () => {
    const own = await createTables(dynamo, 'Stats');
    const counted = createBounceStore({ client: dynamo, tables: own });
    const [ann, bob, cid] = [address('ann'), address('bob'), address('cid')];
    const bodies = [
      bounceBody(ann, day(1)),
      bounceBody(bob, day(1), 'soft'),
      bounceBody(bob, day(2), 'soft'),
      complaintBody(cid, day(3)),
    ];
    for (const body of [...bodies, bodies[0] as object]) await record(body, counted);
    await counted.recordFailure('message', new Error('not counted'));
    expect(await counted.countStats()).toEqual({
      events: 4,
      recipients: 3,
      suppressed: 2,
      byReason: { userunknown: 1, mailboxfull: 2, feedback: 1 },
    });
  });
});
