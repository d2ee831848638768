import { z } from 'zod';

/**
 * What a decoded cursor may carry back into a query. Its values become key conditions and
 * ExclusiveStartKeys, so they are checked against DynamoDB's rules before use: a state this
 * service never issued must be refused as a bad cursor (400), not sent to DynamoDB to fail.
 *
 * DynamoDB's limits on key values: a partition key of 1 to 2048 bytes, a sort key of 1 to 1024
 * bytes (UTF-8).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-sort-keys
 */
const MAX_PARTITION_KEY_BYTES = 2048;
const MAX_SORT_KEY_BYTES = 1024;

const keyValue = (maxBytes: number) =>
  z
    .string()
    .min(1)
    .refine((value) => Buffer.byteLength(value) <= maxBytes, `longer than ${maxBytes} bytes`);

export const PartitionKeyValue = keyValue(MAX_PARTITION_KEY_BYTES);
export const SortKeyValue = keyValue(MAX_SORT_KEY_BYTES);

/** A time exactly as parseTime resolves it (toISOString), so it compares with sort keys as text. */
export function isResolvedTime(value: string): boolean {
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === value;
}

export const ResolvedTime = z.string().refine(isResolvedTime, 'not a time');
