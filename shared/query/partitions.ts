import { type AttributeValue, type DynamoDBClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { toItem } from '../store/expressions';
import type { TimeRange } from './time';

/** A sharded index: every query reads some of its partitions and merges or sums the results. */
export interface IndexSpec {
  table: string;
  index: string;
  partitionKey: string;
  /** A time-ordered string: `eventKey` or `suppressedAt`. */
  sortKey: string;
  /** The table's partition key, part of any ExclusiveStartKey on the index. */
  itemKey: string;
}

/** An equality condition on a non-key attribute, applied by DynamoDB after the key condition (all of a read's must hold). */
export interface AttributeFilter {
  attribute: string;
  value: string;
}

/** Inclusive bounds on the sort key, as exact strings. */
export interface KeyBounds {
  lower?: string;
  upper?: string;
}

export interface PartitionRead {
  spec: IndexSpec;
  partition: string;
  bounds: KeyBounds;
  filters?: readonly AttributeFilter[];
  /** Attributes to return; all when absent. */
  attributes?: readonly string[];
}

export type Item = Record<string, unknown>;

/**
 * A time window as sort-key bounds. The upper bound lies just after any key that starts with
 * `until`: event keys are `${time}#${feedbackId}`, so `until` itself sorts before every event
 * at that very time.
 */
export function timeBounds(range: TimeRange): KeyBounds {
  return { ...(range.since !== undefined && { lower: range.since }), ...(range.until !== undefined && { upper: `${range.until}\uffff` }) };
}

/** The Query for one partition, newest first, the bounds as key condition (never a filter). */
export function partitionQuery(read: PartitionRead): QueryCommandInput {
  const { spec, bounds, filters = [], attributes } = read;
  const names: Record<string, string> = { '#pk': spec.partitionKey };
  if (bounds.lower !== undefined || bounds.upper !== undefined) names['#sk'] = spec.sortKey;
  const values: Record<string, string> = { ':pk': read.partition };
  let condition = '#pk = :pk';
  if (bounds.lower !== undefined) values[':lower'] = bounds.lower;
  if (bounds.upper !== undefined) values[':upper'] = bounds.upper;
  if (bounds.lower !== undefined && bounds.upper !== undefined) condition += ' AND #sk BETWEEN :lower AND :upper';
  else if (bounds.lower !== undefined) condition += ' AND #sk >= :lower';
  else if (bounds.upper !== undefined) condition += ' AND #sk <= :upper';
  filters.forEach((filter, i) => {
    names[`#f${i}`] = filter.attribute;
    values[`:f${i}`] = filter.value;
  });
  if (attributes) attributes.forEach((attribute, i) => (names[`#p${i}`] = attribute));
  return {
    TableName: spec.table,
    IndexName: spec.index,
    KeyConditionExpression: condition,
    ...(filters.length > 0 && { FilterExpression: filters.map((_, i) => `#f${i} = :f${i}`).join(' AND ') }),
    ...(attributes && { ProjectionExpression: attributes.map((_, i) => `#p${i}`).join(', ') }),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: toItem(values),
    ScanIndexForward: false,
  };
}

export interface QueryPage {
  items: Item[];
  lastKey?: Record<string, AttributeValue>;
}

export async function queryPage(
  client: DynamoDBClient,
  input: QueryCommandInput,
  options: { limit?: number; startKey?: Record<string, AttributeValue> } = {},
): Promise<QueryPage> {
  const { Items = [], LastEvaluatedKey } = await client.send(
    new QueryCommand({ ...input, Limit: options.limit, ExclusiveStartKey: options.startKey }),
  );
  return { items: Items.map((item) => unmarshall(item)), ...(LastEvaluatedKey && { lastKey: LastEvaluatedKey }) };
}

/** Every matching item of one partition, a DynamoDB page (up to 1 MB) at a time. */
export async function* walkPartition(client: DynamoDBClient, read: PartitionRead): AsyncGenerator<Item[]> {
  const input = partitionQuery(read);
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await queryPage(client, input, startKey && { startKey });
    if (page.items.length > 0) yield page.items;
    startKey = page.lastKey;
  } while (startKey);
}

/** Matching items of one partition, counted by DynamoDB (Select COUNT returns no items). */
export async function countPartition(client: DynamoDBClient, read: PartitionRead): Promise<number> {
  const input: QueryCommandInput = { ...partitionQuery(read), Select: 'COUNT' };
  let count = 0;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const { Count = 0, LastEvaluatedKey } = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    count += Count;
    startKey = LastEvaluatedKey;
  } while (startKey);
  return count;
}
