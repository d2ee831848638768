import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type RecipientStatus, RecipientStatusSchema, type StoredEvent, StoredEventSchema } from '../store/records';
import type { TableNames } from '../store/schema';
import { type Source, eventSource, suppressedSource } from './indexes';
import { type KeyBounds, type Item, timeBounds, walkPartition } from './partitions';
import { parseTime } from './time';

/**
 * Exports walk one partition after another, a DynamoDB page (up to 1 MB) at a time: constant
 * memory and every item read once, unlike the merged listings, at the price of no global
 * order (rows come shard by shard, newest first within a shard).
 */
async function* walkSource<T>(client: DynamoDBClient, source: Source, bounds: KeyBounds, parse: (item: Item) => T): AsyncGenerator<T[]> {
  for (const partition of source.partitions) {
    const read = { spec: source.spec, partition, bounds, ...(source.filters && { filters: source.filters }) };
    for await (const items of walkPartition(client, read)) yield items.map(parse);
  }
}

/** Every suppressed recipient, in pages. */
export function exportSuppressed(client: DynamoDBClient, tables: TableNames): AsyncGenerator<RecipientStatus[]> {
  return walkSource(client, suppressedSource(tables, undefined), {}, (item) => RecipientStatusSchema.parse(item));
}

/**
 * Every event since `since` (as written, e.g. `30d`), in pages. This, not "every recipient",
 * is the complete export: listing all recipients would need a Scan of the recipients table.
 */
export function exportEvents(
  client: DynamoDBClient,
  tables: TableNames,
  options: { since?: string; now?: Date } = {},
): AsyncGenerator<StoredEvent[]> {
  const bounds = options.since === undefined ? {} : timeBounds({ since: parseTime(options.since, options.now) });
  return walkSource(client, eventSource(tables, {}), bounds, (item) => StoredEventSchema.parse(item));
}
