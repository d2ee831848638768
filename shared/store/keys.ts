import { createHash } from 'node:crypto';
import { domainOf } from '../address';
import { SHARDS } from './schema';

/**
 * Key values. Reserved partition keys start with `#` and never contain `@`, so they cannot
 * collide with a recipient address.
 */

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Stable across processes and deployments: it decides which index partitions an address uses. */
export function shardOf(address: string): number {
  return sha256(address).readUInt32BE(0) % SHARDS;
}

export const ALL_SHARDS: readonly number[] = Array.from({ length: SHARDS }, (_, shard) => shard);

/** ISO 8601 in UTC with milliseconds, so keys sort by time as strings; unparsable input is kept. */
export function canonicalTime(timestamp: string): string {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? timestamp : new Date(ms).toISOString();
}

export function eventKey(timestamp: string, feedbackId: string): string {
  return `${canonicalTime(timestamp)}#${feedbackId}`;
}

/** A short fingerprint of an event key for the recipient's ring of applied events. */
export function eventTag(key: string): string {
  return sha256(key).toString('base64url').slice(0, 12);
}

export const domainShard = (domain: string, shard: number) => `${domain}#${shard}`;
export const reasonShard = (reason: string, shard: number) => `${reason}#${shard}`;
export const suppressedShard = (shard: number) => `suppressed#${shard}`;
export const recipientShard = (shard: number) => `recipients#${shard}`;
export const failureKey = (messageId: string) => `#failed#${messageId}`;
/** The sort key of a failure item: one item per message, overwritten by each failure. */
export const FAILURE_SORT_KEY = '#last';

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/**
 * DynamoDB's key size limits, in UTF-8 bytes, for tables and indexes alike
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-sort-keys).
 */
export const KEY_MAX_BYTES = { partition: 2048, sort: 1024 } as const;

/**
 * Why a recipient's event cannot be stored under these keys, or undefined when it can: the
 * address is a partition key, its domain a sort key (index byShard), the event key a sort key.
 * DynamoDB would refuse the write however often it is retried.
 */
export function keyProblem(address: string, key = ''): string | undefined {
  const checks = [
    ['the address', Buffer.byteLength(address), KEY_MAX_BYTES.partition],
    ['its domain', Buffer.byteLength(domainOf(address)), KEY_MAX_BYTES.sort],
    ['the event key (time and feedbackId)', Buffer.byteLength(key), KEY_MAX_BYTES.sort],
  ] as const;
  for (const [what, bytes, max] of checks) {
    if (bytes > max) return `${what} is ${bytes} bytes; DynamoDB keys of this kind hold at most ${max}`;
  }
  return undefined;
}
