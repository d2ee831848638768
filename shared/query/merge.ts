import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { toItem } from '../store/expressions';
import { PartitionKeyValue, SortKeyValue } from './cursor-values';
import { type AttributeFilter, type IndexSpec, type Item, type KeyBounds, partitionQuery, queryPage } from './partitions';

/**
 * Newest-first pages over several partitions of a sharded index (the shards of a domain, a
 * reason or the suppressed list), merged by sort key.
 *
 * Merge order: sort key descending; ties (one notification bouncing several recipients gives
 * their events one event key) by partition number, then in the order DynamoDB returns them.
 * Every page takes a prefix of that order, so the last item taken says where each partition
 * resumes: partitions before it continue below its sort key (their ties were all taken),
 * its own partition continues after it (ExclusiveStartKey), partitions after it continue at
 * its sort key. One position thus encodes every shard's position, and the cursor stays the
 * same size whether the query spans 8 partitions or 264.
 */
export const PositionSchema = z.strictObject({
  /** Sort key of the last item returned. */
  k: SortKeyValue,
  /** Its address (the table key), to resume exactly after it in its partition. */
  a: PartitionKeyValue,
  /** Its partition, as an index into the query's partition list. */
  p: z.number().int().nonnegative(),
});
export type Position = z.infer<typeof PositionSchema>;

export interface MergedRead {
  spec: IndexSpec;
  partitions: readonly string[];
  bounds: KeyBounds;
  filters?: readonly AttributeFilter[];
  limit: number;
  after?: Position;
}

export interface MergedPage {
  items: Item[];
  /** Absent when every partition is exhausted. */
  next?: Position;
}

interface Candidates {
  partition: number;
  items: Item[];
  /** DynamoDB has more beyond `items`. */
  more: boolean;
}

const minimum = (a: string | undefined, b: string) => (a !== undefined && a < b ? a : b);
const sortKeyOf = (spec: IndexSpec, item: Item) => String(item[spec.sortKey]);

/**
 * The next `need` items of one partition after `after` (fewer only when it has no more). A
 * FilterExpression or dropped ties can leave a DynamoDB page short, hence the loop.
 */
async function candidates(client: DynamoDBClient, read: MergedRead, partition: number, need: number): Promise<Candidates> {
  const { spec, after } = read;
  const bounds: KeyBounds = after ? { ...read.bounds, upper: minimum(read.bounds.upper, after.k) } : read.bounds;
  const input = partitionQuery({
    spec,
    partition: read.partitions[partition] as string,
    bounds,
    ...(read.filters && { filters: read.filters }),
  });
  const dropTies = after !== undefined && partition < after.p;
  let startKey: Record<string, AttributeValue> | undefined =
    after && partition === after.p
      ? toItem({ [spec.partitionKey]: read.partitions[partition], [spec.sortKey]: after.k, [spec.itemKey]: after.a })
      : undefined;
  const items: Item[] = [];
  do {
    const page = await queryPage(client, input, { limit: need, ...(startKey && { startKey }) });
    items.push(...(dropTies ? page.items.filter((item) => sortKeyOf(spec, item) !== after.k) : page.items));
    startKey = page.lastKey;
  } while (startKey && items.length < need);
  return { partition, items, more: startKey !== undefined };
}

/**
 * One page. Each partition supplies up to `limit` candidates, so a page reads at most
 * partitions × limit items; candidates not taken are read again for the next page. That is the
 * price of exact newest-first order across shards without a Scan or server-side state.
 */
export async function mergedPage(client: DynamoDBClient, read: MergedRead): Promise<MergedPage> {
  const perPartition = await Promise.all(read.partitions.map((_, partition) => candidates(client, read, partition, read.limit)));
  const ranked = perPartition
    .flatMap(({ partition, items }) => items.map((item) => ({ partition, item, key: sortKeyOf(read.spec, item) })))
    // Array.prototype.sort is stable: items of one partition keep DynamoDB's order.
    .sort((a, b) => (a.key === b.key ? a.partition - b.partition : a.key < b.key ? 1 : -1));
  const taken = ranked.slice(0, read.limit);
  const last = taken.at(-1);
  const more = ranked.length > taken.length || perPartition.some((partition) => partition.more);
  return {
    items: taken.map(({ item }) => item),
    ...(more && last && { next: { k: last.key, a: String(last.item[read.spec.itemKey]), p: last.partition } }),
  };
}
