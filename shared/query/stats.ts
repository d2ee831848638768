import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { REASON_NAMES } from '../reasons';
import { ALL_SHARDS, reasonShard } from '../store/keys';
import { EVENTS, type TableNames } from '../store/schema';
import { allReasonPartitions, byReason } from './indexes';
import type { StatsBy } from './params';
import { type KeyBounds, countPartition, timeBounds, walkPartition } from './partitions';
import { parseTime } from './time';

export interface StatsInput {
  by: StatsBy;
  /** As written (`7d`, `2026-11-01`, ISO); all retained events when absent. */
  since?: string;
}

export interface StatsGroup {
  key: string;
  events: number;
}

export interface GroupedStats {
  by: StatsBy;
  /** The resolved start of the window. */
  since?: string;
  total: number;
  /** By reason, domain and provider most events first; by day oldest day first. */
  groups: StatsGroup[];
  /** Domains beyond the top TOP_DOMAINS, summed. */
  omitted?: { groups: number; events: number };
}

/** How many domains `by domain` lists; the long tail is summed into `omitted`. */
export const TOP_DOMAINS = 25;

const byCount = (a: StatsGroup, b: StatsGroup) => b.events - a.events || (a.key < b.key ? -1 : 1);

/** Events stored before verdicts named a provider count as `other`. */
const providerOf = (item: Record<string, unknown>) => (typeof item.provider === 'string' ? item.provider : 'other');

/**
 * Cost, all without a Scan:
 * - by reason: COUNT queries on byReason, REASON_NAMES × SHARDS of them. DynamoDB bills a
 *   COUNT like reading the items it counts (keys only are returned, not billed less), but
 *   nothing crosses the network.
 * - by day, domain and provider: one pass over byReason returning only eventKey, domain and provider
 *   (ProjectionExpression cuts the transfer, not the read units): it costs as much as reading
 *   every event in the window, so give a --since. Memory grows with the number of days or
 *   domains, not events.
 */
export async function groupedStats(client: DynamoDBClient, tables: TableNames, input: StatsInput, now: Date): Promise<GroupedStats> {
  const since = input.since === undefined ? undefined : parseTime(input.since, now);
  const bounds = timeBounds(since === undefined ? {} : { since });
  const groups = input.by === 'reason' ? await countByReason(client, tables, bounds) : await bucketEvents(client, tables, bounds, input.by);
  const total = groups.reduce((sum, group) => sum + group.events, 0);
  const result: GroupedStats = { by: input.by, ...(since !== undefined && { since }), total, groups };
  if (input.by === 'day') return { ...result, groups: groups.sort((a, b) => (a.key < b.key ? -1 : 1)) };
  groups.sort(byCount);
  if (input.by === 'domain' && groups.length > TOP_DOMAINS) {
    const rest = groups.slice(TOP_DOMAINS);
    return {
      ...result,
      groups: groups.slice(0, TOP_DOMAINS),
      omitted: { groups: rest.length, events: rest.reduce((sum, group) => sum + group.events, 0) },
    };
  }
  return result;
}

async function countByReason(client: DynamoDBClient, tables: TableNames, bounds: KeyBounds): Promise<StatsGroup[]> {
  const spec = byReason(tables);
  const counts = await Promise.all(
    REASON_NAMES.map(async (reason) => {
      const perShard = await Promise.all(
        ALL_SHARDS.map((shard) => countPartition(client, { spec, partition: reasonShard(reason, shard), bounds })),
      );
      return { key: reason, events: perShard.reduce((sum, count) => sum + count, 0) };
    }),
  );
  return counts.filter((group) => group.events > 0);
}

/** Events per UTC day (the first 10 characters of the event key), per domain or per provider. */
async function bucketEvents(
  client: DynamoDBClient,
  tables: TableNames,
  bounds: KeyBounds,
  by: 'day' | 'domain' | 'provider',
): Promise<StatsGroup[]> {
  const spec = byReason(tables);
  const counts = new Map<string, number>();
  await Promise.all(
    allReasonPartitions().map(async (partition) => {
      for await (const items of walkPartition(client, { spec, partition, bounds, attributes: [EVENTS.sortKey, 'domain', 'provider'] })) {
        for (const item of items) {
          const key = by === 'day' ? String(item[EVENTS.sortKey]).slice(0, 10) : by === 'provider' ? providerOf(item) : String(item.domain);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
    }),
  );
  return [...counts].map(([key, events]) => ({ key, events }));
}
