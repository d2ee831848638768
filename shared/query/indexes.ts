import type { ProviderId } from '../providers';
import { REASON_NAMES, type Reason } from '../reasons';
import { ALL_SHARDS, domainShard, reasonShard, suppressedShard } from '../store/keys';
import { EVENTS, RECIPIENTS, type TableNames } from '../store/schema';
import type { AttributeFilter, IndexSpec } from './partitions';

/** Which index partitions a query reads, and what DynamoDB filters out of them. */
export interface Source {
  spec: IndexSpec;
  partitions: readonly string[];
  filters?: readonly AttributeFilter[];
  /** Said in `--help` and API docs: what the query costs beyond its key condition. */
  note?: string;
}

export const byDomain = (tables: TableNames): IndexSpec => ({
  table: tables.events,
  index: EVENTS.domainIndex.name,
  partitionKey: EVENTS.domainIndex.partitionKey,
  sortKey: EVENTS.domainIndex.sortKey,
  itemKey: EVENTS.partitionKey,
});

export const byReason = (tables: TableNames): IndexSpec => ({
  table: tables.events,
  index: EVENTS.reasonIndex.name,
  partitionKey: EVENTS.reasonIndex.partitionKey,
  sortKey: EVENTS.reasonIndex.sortKey,
  itemKey: EVENTS.partitionKey,
});

export const bySuppressed = (tables: TableNames): IndexSpec => ({
  table: tables.recipients,
  index: RECIPIENTS.suppressedIndex.name,
  partitionKey: RECIPIENTS.suppressedIndex.partitionKey,
  sortKey: RECIPIENTS.suppressedIndex.sortKey,
  itemKey: RECIPIENTS.partitionKey,
});

/** Every shard of every reason: the events of all reasons, without a Scan. */
export const allReasonPartitions = (): string[] =>
  REASON_NAMES.flatMap((reason) => ALL_SHARDS.map((shard) => reasonShard(reason, shard)));

export interface EventFilter {
  domain?: string;
  reason?: Reason;
  provider?: ProviderId;
}

/**
 * A domain reads its SHARDS partitions of byDomain, with the reason (if any) as a filter: a
 * domain has far fewer events than a reason has across all domains. A reason alone reads
 * byReason. Neither reads byReason for every reason, REASON_NAMES × SHARDS partitions, each
 * page a Query per partition (mostly empty ones, which cost little). A provider is always a
 * filter: it has no index of its own, which would cost every event another write unit.
 */
export function eventSource(tables: TableNames, filter: EventFilter): Source {
  const provider = filter.provider === undefined ? [] : [{ attribute: 'provider', value: filter.provider }];
  const providerNote = 'the provider is a filter: pages read events of other providers too';
  const withFilters = (source: Source, filters: AttributeFilter[], notes: string[]): Source => ({
    ...source,
    ...(filters.length > 0 && { filters }),
    ...(notes.length > 0 && { note: notes.join('; ') }),
  });
  if (filter.domain !== undefined) {
    const reason = filter.reason === undefined ? [] : [{ attribute: 'reason', value: filter.reason }];
    return withFilters(
      { spec: byDomain(tables), partitions: ALL_SHARDS.map((shard) => domainShard(filter.domain as string, shard)) },
      [...reason, ...provider],
      [
        ...(reason.length ? ['the reason is a filter on the domain index: pages read events of other reasons too'] : []),
        ...(provider.length ? [providerNote] : []),
      ],
    );
  }
  if (filter.reason !== undefined) {
    return withFilters(
      { spec: byReason(tables), partitions: ALL_SHARDS.map((shard) => reasonShard(filter.reason as Reason, shard)) },
      provider,
      provider.length ? [providerNote] : [],
    );
  }
  return withFilters({ spec: byReason(tables), partitions: allReasonPartitions() }, provider, [
    `no domain or reason: every reason's index partitions are read (${REASON_NAMES.length * ALL_SHARDS.length} queries a page)`,
    ...(provider.length ? [providerNote] : []),
  ]);
}

/** The sparse suppressed index; a domain is a filter (suppressed recipients carry `domain`). */
export function suppressedSource(tables: TableNames, domain: string | undefined): Source {
  return {
    spec: bySuppressed(tables),
    partitions: ALL_SHARDS.map(suppressedShard),
    ...(domain !== undefined && { filters: [{ attribute: 'domain', value: domain }] }),
  };
}
