import { isDeepStrictEqual } from 'node:util';
import type { AttributeValue, ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';

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
