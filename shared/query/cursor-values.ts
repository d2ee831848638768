import { z } from 'zod';
import { KEY_MAX_BYTES } from '../store/keys';

/**
 * What a decoded cursor may carry back into a query. Its values become key conditions and
 * ExclusiveStartKeys, so they are checked against DynamoDB's rules before use (non-empty, within
 * KEY_MAX_BYTES): a state this service never issued must be refused as a bad cursor (400), not
 * sent to DynamoDB to fail.
 */

const keyValue = (maxBytes: number) =>
  z
    .string()
    .min(1)
    .refine((value) => Buffer.byteLength(value) <= maxBytes, `longer than ${maxBytes} bytes`);

export const PartitionKeyValue = keyValue(KEY_MAX_BYTES.partition);
export const SortKeyValue = keyValue(KEY_MAX_BYTES.sort);

/** A time exactly as parseTime resolves it (toISOString), so it compares with sort keys as text. */
export function isResolvedTime(value: string): boolean {
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === value;
}

export const ResolvedTime = z.string().refine(isResolvedTime, 'not a time');
