import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The DynamoDB data model, shared by the CDK construct, `bounces local` and the store, so the
 * local tables are exactly the deployed ones. See "Data model" in the README.
 *
 * Hot partitions: index partition keys carry a shard suffix derived from the address
 * (`gmail.com#3`), so one big domain or one common reason spreads its writes over SHARDS
 * partitions; range queries fan out over the shards and merge by time.
 */
export const SHARDS = 8;

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
  /** `KEYS_ONLY` when the index is only counted: updates that keep its keys then cost it nothing. */
  projection: 'ALL' | 'KEYS_ONLY';
}

export const RECIPIENTS = {
  partitionKey: 'address',
  /** Sparse index: only suppressed recipients carry `suppressedShard`. */
  suppressedIndex: { name: 'bySuppressed', partitionKey: 'suppressedShard', sortKey: 'suppressedAt', projection: 'ALL' },
  /**
   * Every recipient, to count them: derived from the items themselves, so a retried write can
   * never count twice, and it costs one index write when a recipient is created, none after.
   */
  shardIndex: { name: 'byShard', partitionKey: 'recipientShard', sortKey: 'domain', projection: 'KEYS_ONLY' },
} as const satisfies Record<string, string | IndexDefinition>;

export const EVENTS = {
  partitionKey: 'address',
  /** `${timestamp}#${feedbackId}`: newest-first history per address, and the idempotency key. */
  sortKey: 'eventKey',
  ttlAttribute: 'expiresAt',
  domainIndex: { name: 'byDomain', partitionKey: 'domainShard', sortKey: 'eventKey', projection: 'ALL' },
  reasonIndex: { name: 'byReason', partitionKey: 'reasonShard', sortKey: 'eventKey', projection: 'ALL' },
  /**
   * Sender incidents by state (`open`, `resolved`) and the time they entered it. Sparse: only
   * incident items carry its keys, set when an incident opens or resolves; keys only, so the
   * per-event counter updates of an incident never write to it.
   */
  incidentIndex: { name: 'byIncidentState', partitionKey: 'incidentState', sortKey: 'incidentStateAt', projection: 'KEYS_ONLY' },
} as const satisfies Record<string, string | IndexDefinition>;

export interface TableNames {
  recipients: string;
  events: string;
}

export const LOCAL_TABLE_NAMES: TableNames = { recipients: 'BounceRecipients', events: 'BounceEvents' };

const S = 'S' as const;

/** CreateTable inputs for DynamoDB Local; the CDK construct declares the same keys and indexes. */
export function createTableInputs(names: TableNames): CreateTableCommandInput[] {
  const gsi = (index: IndexDefinition) => ({
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: index.projection },
  });
  return [
    {
      TableName: names.recipients,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: RECIPIENTS.partitionKey, AttributeType: S },
        { AttributeName: RECIPIENTS.suppressedIndex.partitionKey, AttributeType: S },
        { AttributeName: RECIPIENTS.suppressedIndex.sortKey, AttributeType: S },
        { AttributeName: RECIPIENTS.shardIndex.partitionKey, AttributeType: S },
        { AttributeName: RECIPIENTS.shardIndex.sortKey, AttributeType: S },
      ],
      KeySchema: [{ AttributeName: RECIPIENTS.partitionKey, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [gsi(RECIPIENTS.suppressedIndex), gsi(RECIPIENTS.shardIndex)],
    },
    {
      TableName: names.events,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: EVENTS.partitionKey, AttributeType: S },
        { AttributeName: EVENTS.sortKey, AttributeType: S },
        { AttributeName: EVENTS.domainIndex.partitionKey, AttributeType: S },
        { AttributeName: EVENTS.reasonIndex.partitionKey, AttributeType: S },
        { AttributeName: EVENTS.incidentIndex.partitionKey, AttributeType: S },
        { AttributeName: EVENTS.incidentIndex.sortKey, AttributeType: S },
      ],
      KeySchema: [
        { AttributeName: EVENTS.partitionKey, KeyType: 'HASH' },
        { AttributeName: EVENTS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [gsi(EVENTS.domainIndex), gsi(EVENTS.reasonIndex), gsi(EVENTS.incidentIndex)],
    },
  ];
}
