import { createHash } from 'node:crypto';
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
