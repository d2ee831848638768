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

export const RECIPIENTS = {
  partitionKey: 'address',
  /** Sparse index: only suppressed recipients carry `suppressedShard`. */
  suppressedIndex: { name: 'bySuppressed', partitionKey: 'suppressedShard', sortKey: 'suppressedAt' },
} as const;

export const EVENTS = {
  partitionKey: 'address',
  /** `${timestamp}#${feedbackId}`: newest-first history per address, and the idempotency key. */
  sortKey: 'eventKey',
  ttlAttribute: 'expiresAt',
  domainIndex: { name: 'byDomain', partitionKey: 'domainShard', sortKey: 'eventKey' },
  reasonIndex: { name: 'byReason', partitionKey: 'reasonShard', sortKey: 'eventKey' },
} as const;

export interface TableNames {
  recipients: string;
  events: string;
}

export const LOCAL_TABLE_NAMES: TableNames = { recipients: 'BounceRecipients', events: 'BounceEvents' };

const S = 'S' as const;

/** CreateTable inputs for DynamoDB Local; the CDK construct declares the same keys and indexes. */
export function createTableInputs(names: TableNames): CreateTableCommandInput[] {
  const gsi = (index: { name: string; partitionKey: string; sortKey: string }) => ({
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return [
    {
      TableName: names.recipients,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: RECIPIENTS.partitionKey, AttributeType: S },
        { AttributeName: RECIPIENTS.suppressedIndex.partitionKey, AttributeType: S },
        { AttributeName: RECIPIENTS.suppressedIndex.sortKey, AttributeType: S },
      ],
      KeySchema: [{ AttributeName: RECIPIENTS.partitionKey, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [gsi(RECIPIENTS.suppressedIndex)],
    },
    {
      TableName: names.events,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: EVENTS.partitionKey, AttributeType: S },
        { AttributeName: EVENTS.sortKey, AttributeType: S },
        { AttributeName: EVENTS.domainIndex.partitionKey, AttributeType: S },
        { AttributeName: EVENTS.reasonIndex.partitionKey, AttributeType: S },
      ],
      KeySchema: [
        { AttributeName: EVENTS.partitionKey, KeyType: 'HASH' },
        { AttributeName: EVENTS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [gsi(EVENTS.domainIndex), gsi(EVENTS.reasonIndex)],
    },
  ];
}
