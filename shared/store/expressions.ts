import { isDeepStrictEqual } from 'node:util';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  BatchGetItemCommand,
  type ConsumedCapacity,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

export const toItem = (value: object): Record<string, AttributeValue> =>
  marshall(value, { removeUndefinedValues: true });

export interface UpdateParts {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

/**
 * An UpdateExpression that turns `before` into `after`, touching only attributes that changed
 * (attributes other writers own survive, unlike with a PutItem). `key` attributes are skipped.
 */
export function diffUpdate<T extends object>(before: Partial<T>, after: T, key: readonly (keyof T)[]): UpdateParts {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  const attributes = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof T & string)[]);
  for (const attribute of attributes) {
    if (key.includes(attribute)) continue;
    const old = before[attribute];
    const value = after[attribute];
    const name = `#a${Object.keys(names).length}`;
    if (value === undefined) {
      if (old === undefined) continue;
      names[name] = attribute;
      removes.push(name);
    } else if (!isDeepStrictEqual(old, value)) {
      names[name] = attribute;
      values[`:v${sets.length}`] = value;
      sets.push(`${name} = :v${sets.length}`);
    }
  }
  const clauses = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''];
  return {
    UpdateExpression: clauses.filter(Boolean).join(' '),
    ExpressionAttributeNames: names,
    ...(sets.length ? { ExpressionAttributeValues: toItem(values) } : {}),
  };
}

/** Write units of one request, table and indexes (ReturnConsumedCapacity INDEXES or TOTAL). */
export function unitsOf(consumed: ConsumedCapacity | undefined): number {
  return consumed?.CapacityUnits ?? 0;
}

/**
 * A write rejected by its condition is billed like a write of the item (at least one unit),
 * but the error carries no ConsumedCapacity: count the minimum.
 */
export const REJECTED_WRITE_UNITS = 1;

/** Whether `error` is DynamoDB refusing a write because its ConditionExpression did not hold. */
export const isConditionFailure = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

/**
 * Put `item` into `table` unless an item with its key exists (`partitionKey` names the table's
 * partition key attribute). `created` is false when one existed; `units` are the write units
 * billed either way. Other DynamoDB errors are thrown.
 */
export async function putIfAbsent(
  client: DynamoDBClient,
  table: string,
  partitionKey: string,
  item: object,
): Promise<{ created: boolean; units: number }> {
  try {
    const { ConsumedCapacity } = await client.send(
      new PutItemCommand({
        TableName: table,
        Item: toItem(item),
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': partitionKey },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    return { created: true, units: unitsOf(ConsumedCapacity) };
  } catch (error) {
    if (isConditionFailure(error)) return { created: false, units: REJECTED_WRITE_UNITS };
    throw error;
  }
}

/**
 * The items of `keys` in `table`, unmarshalled, in no particular order (missing keys are left
 * out). Asks in BatchGetItem's chunks of 100 keys and asks again for unprocessed keys.
 */
export async function batchGetAll(
  client: DynamoDBClient,
  table: string,
  keys: readonly Record<string, AttributeValue>[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Record<string, AttributeValue>[] = keys.slice(start, start + 100);
    while (pending.length > 0) {
      const { Responses, UnprocessedKeys } = await client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: pending } } }));
      items.push(...(Responses?.[table] ?? []).map((item) => unmarshall(item)));
      pending = UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return items;
}
