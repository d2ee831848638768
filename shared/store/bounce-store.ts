import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { domainOf, normaliseAddress } from '../address';
import type { SesNotification } from '../notification';
import { REASON_NAMES } from '../reasons';
import type { Verdict } from '../verdict';
import { errorText, truncateUtf8 } from '../text';
import { type SendingIdentity, causeOf, sendingIdentityOf, sendingIpOf } from '../incidents/cause';
import type { IncidentPolicy } from '../incidents/model';
import { createIncidentStore } from '../incidents/store';
import { REJECTED_WRITE_UNITS, type UpdateParts, batchGetAll, diffUpdate, isConditionFailure, putIfAbsent, toItem, unitsOf } from './expressions';
import {
  ALL_SHARDS,
  FAILURE_SORT_KEY,
  canonicalTime,
  domainShard,
  epochSeconds,
  eventKey,
  eventTag,
  failureKey,
  keyProblem,
  reasonShard,
  recipientShard,
  shardOf,
  suppressedShard,
} from './keys';
import { type EventFacts, type SoftBouncePolicy, applyDelivery, applyEvent, newRecipient } from './recipient-state';
import {
  type RecipientItem,
  RecipientItemSchema,
  type RecipientStatus,
  RecipientStatusSchema,
  type StoredEvent,
  StoredEventSchema,
  type SuppressionChange,
} from './records';
import { EVENTS, type IndexDefinition, RECIPIENTS, type TableNames } from './schema';

export interface BounceStoreOptions {
  client: DynamoDBClient;
  tables: TableNames;
  /** Days an event stays in the history before TTL deletes it. @default 400 */
  retentionDays?: number;
  softBounce?: Partial<SoftBouncePolicy>;
  /** Sender incidents, counted from newly stored events. @default DEFAULT_INCIDENT_POLICY; false: none */
  incidents?: IncidentPolicy | false;
  now?: () => Date;
}

export interface RecordOutcome {
  /** Verdicts applied for the first time. */
  stored: number;
  /** Verdicts that had been applied before (a redelivered notification). */
  duplicates: number;
  /** Write units consumed, tables and indexes, including writes rejected by a condition. */
  writeUnits: number;
  /** Recipients DynamoDB cannot store (absent when none): retrying cannot change that. */
  rejected?: RejectedRecipient[];
}

/** A recipient whose verdict or delivery cannot be stored, and why. */
export interface RejectedRecipient {
  recipient: string;
  reason: string;
}

/** DynamoDB refuses the request itself (key too long, item too large): the same request always fails. */
const isRefusal = (error: unknown) => error instanceof Error && error.name === 'ValidationException';

export interface HistoryOptions {
  limit?: number;
  /** @default true */
  newestFirst?: boolean;
  /** From the previous page's `cursor`. */
  cursor?: string;
}

export interface HistoryPage {
  events: StoredEvent[];
  /** Absent on the last page. */
  cursor?: string;
}

export interface Stats {
  events: number;
  recipients: number;
  suppressed: number;
  byReason: Record<string, number>;
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/**
 * How long a failure record outlives its message: SQS keeps a dead letter at most 14 days
 * (the DLQ's retention), so after that there is nothing left for the error to explain.
 */
const FAILURE_TTL_DAYS = 14;
/** Enough of a failed body to recognise it; the dead-letter queue holds the whole message. */
const FAILURE_BODY_MAX = 4000;
/** Stay under 1 KB, so an event costs one write unit for the table and one per index entry. */
const EVENT_ITEM_BUDGET_BYTES = 1000;
/** Retries of a recipient write that lost a race with a concurrent writer of the same address. */
const MAX_LOCK_ATTEMPTS = 8;
const DAY_MS = 86_400_000;


const CursorSchema = z.object({ address: z.string(), eventKey: z.string() });

/** The stored event for a verdict, its diagnostic cut so the item stays within budget. */
function eventItem(verdict: Verdict, facts: EventFacts, expiresAt: number) {
  const { recipient, explanation: _explanation, remediation: _remediation, diagnostic, ...evidence } = verdict;
  const domain = domainOf(recipient);
  const item = {
    ...evidence,
    address: recipient,
    eventKey: facts.key,
    timestamp: facts.at,
    domain,
    domainShard: domainShard(domain, facts.shard),
    reasonShard: reasonShard(verdict.reason, facts.shard),
    expiresAt,
  };
  if (diagnostic === undefined) return item;
  // JSON overstates DynamoDB's item size, so the estimate errs on the safe side.
  const room = EVENT_ITEM_BUDGET_BYTES - Buffer.byteLength(JSON.stringify(item)) - '"diagnostic":"",'.length;
  return { ...item, diagnostic: truncateUtf8(diagnostic, Math.max(room, 0)) };
}


function recipientsOf(notification: SesNotification & { type: 'Delivery' }): string[] {
  return notification.delivery.recipients.flatMap((raw) => {
    try {
      return [normaliseAddress(raw)];
    } catch {
      return [];
    }
  });
}

export function createBounceStore(options: BounceStoreOptions) {
  const { client, tables } = options;
  const retentionDays = options.retentionDays ?? 400;
  const policy: SoftBouncePolicy = { threshold: 3, windowDays: 14, ...options.softBounce };
  const now = options.now ?? (() => new Date());
  const incidents =
    options.incidents === false
      ? undefined
      : createIncidentStore({ client, table: tables.events, retentionDays, ...(options.incidents && { policy: options.incidents }) });

  function expiryFor(at: string, days: number): number {
    const ms = Date.parse(at);
    return epochSeconds(new Date((Number.isNaN(ms) ? now().getTime() : ms) + days * DAY_MS));
  }

  async function readRecipient(address: string, consistent: boolean): Promise<RecipientItem | undefined> {
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: tables.recipients,
        Key: toItem({ [RECIPIENTS.partitionKey]: address }),
        ConsistentRead: consistent,
      }),
    );
    return Item ? RecipientItemSchema.parse(unmarshall(Item)) : undefined;
  }

  /** Put the event unless it exists; a rejected put means this event was stored before. */
  async function putEvent(verdict: Verdict, facts: EventFacts): Promise<{ stored: boolean; units: number }> {
    const item = eventItem(verdict, facts, expiryFor(facts.at, retentionDays));
    const { created, units } = await putIfAbsent(client, tables.events, EVENTS.partitionKey, item);
    return { stored: created, units };
  }

  /**
   * A newly stored sender-side event counts into its incident. Only here, after the put that
   * stored it: a redelivery finds the event and never counts it again (a failure of this step
   * fails the record, and the retry, finding the event stored, leaves the incident one short).
   */
  async function countIncident(verdict: Verdict, facts: EventFacts, sending: SendingIdentity): Promise<number> {
    const cause = incidents && causeOf(verdict);
    if (!incidents || !cause) return 0;
    const sendingIp = sendingIpOf(verdict.diagnostic);
    return incidents.recordEvent({
      cause,
      at: facts.at,
      address: verdict.recipient,
      domain: domainOf(verdict.recipient),
      ...(verdict.diagnostic !== undefined && { diagnostic: verdict.diagnostic }),
      ...(sendingIp !== undefined && { sendingIp }),
      sending,
      rule: verdict.rule,
      action: verdict.action,
      remediation: verdict.remediation,
    });
  }

  /**
   * Read the recipient, let `change` compute its next state, and write exactly the difference,
   * on the condition that nobody wrote it since the read; on a lost race, read again. A read
   * costs a fifth of a write, and this way escalation and ordering rules are plain code instead
   * of several conditional UpdateItems that each bill a unit when their condition fails.
   */
  async function changeRecipient(
    address: string,
    change: (current: RecipientItem | undefined) => RecipientItem | undefined,
  ): Promise<{ applied: boolean; writeUnits: number }> {
    let writeUnits = 0;
    for (let attempt = 1; ; attempt += 1) {
      const current = await readRecipient(address, true);
      const next = change(current);
      if (!next) return { applied: false, writeUnits };
      try {
        const { ConsumedCapacity } = await client.send(
          new UpdateItemCommand({
            TableName: tables.recipients,
            Key: toItem({ [RECIPIENTS.partitionKey]: address }),
            ...withCondition(diffUpdate<RecipientItem>(current ?? {}, next, ['address']), current),
            ReturnConsumedCapacity: 'INDEXES',
          }),
        );
        return { applied: true, writeUnits: writeUnits + unitsOf(ConsumedCapacity) };
      } catch (error) {
        if (!isConditionFailure(error) || attempt >= MAX_LOCK_ATTEMPTS) throw error;
        writeUnits += REJECTED_WRITE_UNITS;
      }
    }
  }

  /** Create only if absent, or update only the revision that was read. */
  function withCondition(parts: UpdateParts, current: RecipientItem | undefined): UpdateParts & { ConditionExpression: string } {
    if (!current) {
      return {
        ...parts,
        ExpressionAttributeNames: { ...parts.ExpressionAttributeNames, '#pk': RECIPIENTS.partitionKey },
        ConditionExpression: 'attribute_not_exists(#pk)',
      };
    }
    return {
      ...parts,
      ExpressionAttributeNames: { ...parts.ExpressionAttributeNames, '#rev': 'revision' },
      ExpressionAttributeValues: { ...parts.ExpressionAttributeValues, ...toItem({ ':expectedRevision': current.revision }) },
      ConditionExpression: '#rev = :expectedRevision',
    };
  }

  /** Whether the history holds this event; an eventually consistent read is enough (see below). */
  async function eventExists(address: string, key: string): Promise<boolean> {
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: tables.events,
        Key: toItem({ [EVENTS.partitionKey]: address, [EVENTS.sortKey]: key }),
        ProjectionExpression: '#pk',
        ExpressionAttributeNames: { '#pk': EVENTS.partitionKey },
      }),
    );
    return Item !== undefined;
  }

  /**
   * Recipient first, event second, so a stored event proves its recipient update was applied:
   * a redelivery, however late, finds the event and changes nothing. A redelivery so early that
   * the read misses the event, or a retry after a failure between the two writes, finds the
   * event's tag among the recipient's recent tags instead, and only writes the missing event.
   */
  async function recordVerdict(verdict: Verdict, sending: SendingIdentity): Promise<{ applied: boolean; writeUnits: number }> {
    const address = verdict.recipient;
    const key = eventKey(verdict.timestamp, verdict.feedbackId);
    if (await eventExists(address, key)) return { applied: false, writeUnits: 0 };
    const facts: EventFacts = { verdict, key, tag: eventTag(key), at: canonicalTime(verdict.timestamp), shard: shardOf(address) };
    const recipient = await changeRecipient(address, (current) =>
      applyEvent(current ?? newRecipient(address, domainOf(address), facts.shard), facts, policy),
    );
    const event = await putEvent(verdict, facts);
    const eventUnits = event.units + (event.stored ? await countIncident(verdict, facts, sending) : 0);
    return { applied: recipient.applied, writeUnits: recipient.writeUnits + eventUnits };
  }

  /**
   * Each recipient on its own: one that cannot be stored is reported in `rejected` and the others
   * are still written. A failure that a retry can cure (throttling, a timeout) is thrown, after
   * the other recipients were written, so that the whole notification is retried.
   */
  async function eachRecipient<T>(
    items: readonly T[],
    recipientOf: (item: T) => string,
    problemOf: (item: T) => string | undefined,
    write: (item: T) => Promise<void>,
  ): Promise<RejectedRecipient[]> {
    const rejected: RejectedRecipient[] = [];
    let retryable: unknown;
    for (const item of items) {
      const problem = problemOf(item);
      if (problem) {
        rejected.push({ recipient: recipientOf(item), reason: problem });
        continue;
      }
      try {
        await write(item);
      } catch (error) {
        if (isRefusal(error)) rejected.push({ recipient: recipientOf(item), reason: errorText(error) });
        else retryable ??= error;
      }
    }
    if (retryable !== undefined) throw retryable;
    return rejected;
  }

  /** Deliveries are not stored (they are most of the volume); they only end soft-bounce runs. */
  async function recordDelivery(notification: SesNotification & { type: 'Delivery' }): Promise<RecordOutcome> {
    const at = canonicalTime(notification.delivery.timestamp);
    const outcome: RecordOutcome = { stored: 0, duplicates: 0, writeUnits: 0 };
    const rejected = await eachRecipient(
      recipientsOf(notification),
      (address) => address,
      (address) => keyProblem(address),
      async (address) => {
        const result = await changeRecipient(address, (current) => current && applyDelivery(current, at));
        outcome.writeUnits += result.writeUnits;
      },
    );
    return rejected.length ? { ...outcome, rejected } : outcome;
  }

  /** Items in one index partition; a COUNT query reads index keys, not items. */
  async function countPartition(table: string, index: IndexDefinition, value: string): Promise<number> {
    let count = 0;
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: index.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': index.partitionKey },
          ExpressionAttributeValues: toItem({ ':pk': value }),
          Select: 'COUNT',
          ExclusiveStartKey,
        }),
      );
      count += page.Count ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return count;
  }

  /** Items of an index key spread over the shards (see `shardOf`). */
  async function countShards(table: string, index: IndexDefinition, keyOf: (shard: number) => string): Promise<number> {
    const counts = await Promise.all(ALL_SHARDS.map((shard) => countPartition(table, index, keyOf(shard))));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /** One page of an address's events, newest first unless asked otherwise. */
  async function getHistoryPage(address: string, options: HistoryOptions = {}): Promise<HistoryPage> {
    const { Items = [], LastEvaluatedKey } = await client.send(
      new QueryCommand({
        TableName: tables.events,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': EVENTS.partitionKey },
        ExpressionAttributeValues: toItem({ ':pk': address }),
        ScanIndexForward: options.newestFirst === false,
        Limit: options.limit,
        ExclusiveStartKey: options.cursor === undefined ? undefined : toItem(decodeCursor(options.cursor, address)),
      }),
    );
    return {
      events: Items.map((item) => StoredEventSchema.parse(unmarshall(item))),
      ...(LastEvaluatedKey ? { cursor: encodeCursor(unmarshall(LastEvaluatedKey)) } : {}),
    };
  }

  return {
    /** Store every verdict of a notification; idempotent, whatever order notifications arrive in. */
    async recordNotification(notification: SesNotification, verdicts: Verdict[]): Promise<RecordOutcome> {
      if (notification.type === 'Delivery') return recordDelivery(notification);
      const outcome: RecordOutcome = { stored: 0, duplicates: 0, writeUnits: 0 };
      const sending = sendingIdentityOf(notification.mail);
      // In turn, not in parallel: a notification's recipients rarely number more than a few.
      const rejected = await eachRecipient(
        verdicts,
        (verdict) => verdict.recipient,
        (verdict) => keyProblem(verdict.recipient, eventKey(verdict.timestamp, verdict.feedbackId)),
        async (verdict) => {
          const { applied, writeUnits } = await recordVerdict(verdict, sending);
          outcome[applied ? 'stored' : 'duplicates'] += 1;
          outcome.writeUnits += writeUnits;
        },
      );
      return rejected.length ? { ...outcome, rejected } : outcome;
    },

    async getRecipient(address: string): Promise<RecipientStatus | undefined> {
      const item = await readRecipient(address, false);
      return item && RecipientStatusSchema.parse(item);
    },

    getHistoryPage,

    /** The events of `getHistoryPage`, for callers that want one page only. */
    async getHistory(address: string, options: HistoryOptions = {}): Promise<StoredEvent[]> {
      return (await getHistoryPage(address, options)).events;
    },

    /** Notes on the stored event what the suppression sync did; a retry overwrites it with the same. */
    async recordSuppressionChange(verdict: Verdict, change: SuppressionChange): Promise<void> {
      await client.send(
        new UpdateItemCommand({
          TableName: tables.events,
          Key: toItem({ [EVENTS.partitionKey]: verdict.recipient, [EVENTS.sortKey]: eventKey(verdict.timestamp, verdict.feedbackId) }),
          UpdateExpression: 'SET #change = :change',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#change': 'suppressionChange', '#pk': EVENTS.partitionKey },
          ExpressionAttributeValues: toItem({ ':change': change }),
        }),
      );
    },

    /** Remember why a message failed, for `bounces dlq list`; each failure overwrites the last. */
    async recordFailure(messageId: string, error: unknown, body?: string): Promise<void> {
      const failedAt = now();
      await client.send(
        new UpdateItemCommand({
          TableName: tables.events,
          Key: toItem({ [EVENTS.partitionKey]: failureKey(messageId), [EVENTS.sortKey]: FAILURE_SORT_KEY }),
          UpdateExpression: `SET #error = :error, #failedAt = :failedAt, #expiresAt = :expiresAt${
            body === undefined ? '' : ', #body = :body'
          } ADD #failures :one`,
          ExpressionAttributeNames: {
            '#error': 'error',
            '#failedAt': 'failedAt',
            '#expiresAt': EVENTS.ttlAttribute,
            '#failures': 'failures',
            ...(body === undefined ? {} : { '#body': 'body' }),
          },
          ExpressionAttributeValues: toItem({
            ':error': errorText(error),
            ':failedAt': failedAt.toISOString(),
            ':expiresAt': expiryFor(failedAt.toISOString(), FAILURE_TTL_DAYS),
            ':one': 1,
            ...(body === undefined ? {} : { ':body': body.slice(0, FAILURE_BODY_MAX) }),
          }),
        }),
      );
    },

    /** The last recorded error per SQS messageId; ids without a failure are absent. */
    async getFailures(messageIds: string[]): Promise<ReadonlyMap<string, string>> {
      const idByKey = new Map(messageIds.map((id) => [failureKey(id), id]));
      const keys = [...idByKey.keys()].map((key) => toItem({ [EVENTS.partitionKey]: key, [EVENTS.sortKey]: FAILURE_SORT_KEY }));
      const errors = new Map<string, string>();
      for (const item of await batchGetAll(client, tables.events, keys)) {
        const id = idByKey.get(String(item[EVENTS.partitionKey]));
        if (id !== undefined && typeof item.error === 'string') errors.set(id, item.error);
      }
      return errors;
    },

    /**
     * Counts without a Scan: events by reason from the byReason index, suppressed recipients
     * from the sparse bySuppressed index, recipients from the keys-only byShard index (COUNT
     * queries read index keys, not items).
     */
    async countStats(): Promise<Stats> {
      const reasonCounts = Promise.all(
        REASON_NAMES.map(
          async (reason) => [reason, await countShards(tables.events, EVENTS.reasonIndex, (shard) => reasonShard(reason, shard))] as const,
        ),
      );
      const [reasons, suppressed, recipients] = await Promise.all([
        reasonCounts,
        countShards(tables.recipients, RECIPIENTS.suppressedIndex, suppressedShard),
        countShards(tables.recipients, RECIPIENTS.shardIndex, recipientShard),
      ]);
      const byReason = Object.fromEntries(reasons.filter(([, count]) => count > 0));
      return {
        events: Object.values(byReason).reduce((sum, count) => sum + count, 0),
        recipients,
        suppressed,
        byReason,
      };
    },
  };
}

export type BounceStore = ReturnType<typeof createBounceStore>;

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string, address: string): z.infer<typeof CursorSchema> {
  let key: z.infer<typeof CursorSchema>;
  try {
    key = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidCursorError('the cursor is not one this store returned');
  }
  if (key.address !== address) throw new InvalidCursorError('the cursor belongs to another address');
  return key;
}
