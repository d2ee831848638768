import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localClientConfig } from '../shared/local/emulators';
import { type BounceStore, type TableNames, createBounceStore } from '../shared/store';
import { address, bounceBody, createTables, day, snsEnvelope } from './helpers/bounce-fixtures';
import { quietHandler, sqsRecord } from './helpers/sqs-events';

/** Unusual but legal input through the handler into DynamoDB Local. */

const dynamo = new DynamoDBClient(localClientConfig(inject('dynamoEndpoint')));
let tables: TableNames;
let store: BounceStore;
let handle: ReturnType<typeof quietHandler>;

beforeAll(async () => {
  tables = await createTables(dynamo, 'Odd');
  store = createBounceStore({ client: dynamo, tables });
  handle = quietHandler(dynamo, tables);
});

afterAll(() => dynamo.destroy());

/** The largest message SQS accepts (256 KiB), which is what the queue can hand the handler. */
const SQS_MAX_BYTES = 262_144;
/** DynamoDB's item size limit. */
const ITEM_MAX_BYTES = 400 * 1024;

/** `body` wrapped in an SNS envelope and padded at `pad` to just under the SQS limit. */
function maximal(build: (pad: string) => object): string {
  const room = SQS_MAX_BYTES - Buffer.byteLength(snsEnvelope(build(''))) - 200;
  const message = snsEnvelope(build('x'.repeat(room)));
  expect(Buffer.byteLength(message)).toBeGreaterThan(SQS_MAX_BYTES - 1024);
  expect(Buffer.byteLength(message)).toBeLessThanOrEqual(SQS_MAX_BYTES);
  return message;
}

async function accepted(...bodies: object[]): Promise<void> {
  expect(await handle(bodies.map((body) => sqsRecord(snsEnvelope(body))))).toEqual([]);
}

describe('odd input', () => {
  it('stores a 256 KB notification with its diagnostic cut to fit the event, verdict intact', async () => {
    const recipient = address('huge');
    const body = (pad: string) => {
      const notification = bounceBody(recipient, day(1), 'blocklisted');
      for (const bounced of notification.bounce.bouncedRecipients) bounced.diagnosticCode += ` ${pad}`;
      return notification;
    };
    expect(await handle([sqsRecord(maximal(body))])).toEqual([]);

    const [event] = await store.getHistory(recipient);
    const original = body('').bounce.bouncedRecipients[0]?.diagnosticCode.trim() as string;
    expect(event).toMatchObject({ reason: 'blocked', suppress: false, party: 'sender', blocklist: { name: expect.stringMatching(/Spamhaus/) } });
    expect(event?.diagnostic?.startsWith(original)).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(1024);
    const status = await store.getRecipient(recipient);
    expect(status).toMatchObject({ reason: 'blocked', suppressed: false, bounceCount: 1 });
    expect(Buffer.byteLength(JSON.stringify(status))).toBeLessThan(ITEM_MAX_BYTES);
  });

  it('records why a 256 KB malformed message failed, keeping only the start of its body', async () => {
    const record = sqsRecord(maximal((pad) => ({ notificationType: 'Bounce', mail: {}, padding: pad })));
    expect(await handle([record])).toEqual([record.messageId]);
    expect((await store.getFailures([record.messageId])).get(record.messageId)).toMatch(/^NotificationParseError: invalid Bounce notification/);
  });

  it('gives 50 recipients of one notification 50 verdicts and 50 events', async () => {
    const recipients = Array.from({ length: 50 }, (_, i) => address(`many-${i}`));
    await accepted(bounceBody(recipients, day(1)));
    const histories = await Promise.all(recipients.map((recipient) => store.getHistory(recipient)));
    expect(histories.map((events) => events.length)).toEqual(recipients.map(() => 1));
    const statuses = await Promise.all(recipients.map((recipient) => store.getRecipient(recipient)));
    for (const status of statuses) expect(status).toMatchObject({ reason: 'userunknown', suppressed: true, bounceCount: 1 });
  });

  it('keys an IDN domain by its punycode form', async () => {
    const local = address('idn').split('@')[0];
    await accepted(bounceBody(`${local}@Bücher.Example`, day(1)));
    const key = `${local}@xn--bcher-kva.example`;
    expect(await store.getRecipient(key)).toMatchObject({ address: key, domain: 'xn--bcher-kva.example', bounceCount: 1 });
    expect(await store.getHistory(key)).toEqual([expect.objectContaining({ domain: 'xn--bcher-kva.example' })]);
  });

  it('lower-cases an upper-case address: one recipient for every spelling', async () => {
    const local = address('Upper').split('@')[0] as string;
    await accepted(bounceBody(`${local.toUpperCase()}@EXAMPLE.COM`, day(1), 'soft'), bounceBody(`${local}@example.com`, day(2), 'soft'));
    const key = `${local.toLowerCase()}@example.com`;
    expect(await store.getRecipient(key)).toMatchObject({ bounceCount: 2, softRun: { count: 2 } });
    expect(await store.getHistory(key)).toHaveLength(2);
  });

  it('stores a bounce without bounceSubType, status or diagnosticCode, classified by its bounce type', async () => {
    const recipient = address('bare');
    const { bounceSubType: _subType, ...bounce } = bounceBody(recipient, day(1)).bounce;
    const body = { ...bounceBody(recipient, day(1)), bounce: { ...bounce, bouncedRecipients: [{ emailAddress: recipient }] } };
    await accepted(body);
    const [event] = await store.getHistory(recipient);
    expect(event).toMatchObject({ bounceType: 'Permanent', permanence: 'permanent' });
    for (const absent of ['bounceSubType', 'status', 'diagnostic']) expect(event).not.toHaveProperty(absent);
    expect(await store.getRecipient(recipient)).toMatchObject({ bounceCount: 1, hardBounceCount: 1 });
  });

  it.each([
    ['far in the future, whose TTL would never expire', '9999-12-31T23:59:59.999Z'],
    ['more than a day ahead', new Date(Date.now() + 2 * 86_400_000).toISOString()],
    ['more than a year old', new Date(Date.now() - 366 * 86_400_000).toISOString()],
  ])('rejects a bounce timed %s as a parse failure naming the time, and stores nothing', async (_, at) => {
    const recipient = address('untimely');
    const record = sqsRecord(snsEnvelope(bounceBody(recipient, at)));
    expect(await handle([record])).toEqual([record.messageId]);
    expect((await store.getFailures([record.messageId])).get(record.messageId)).toMatch(
      new RegExp(`^NotificationParseError: invalid Bounce notification: mail\\.timestamp: ${at.replace(/\./g, '\\.')} is outside the accepted window, 365 days back to 1 day ahead of now`),
    );
    expect(await store.getRecipient(recipient)).toBeUndefined();
    expect(await store.getHistory(recipient)).toEqual([]);
  });

  it('stores a bounce from just inside the window, a year back, with its expiry after now', async () => {
    const recipient = address('old');
    const at = new Date(Date.now() - 364 * 86_400_000).toISOString();
    await accepted(bounceBody(recipient, at));
    const [event] = await store.getHistory(recipient);
    expect(event?.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(await store.getRecipient(recipient)).toMatchObject({ bounceCount: 1, suppressed: true, firstBounceAt: at });
  });
});
