import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import type { Reason } from '../reasons';
import { type RecipientStatus, RecipientStatusSchema, type StoredEvent, StoredEventSchema } from '../store/records';
import type { TableNames } from '../store/schema';
import type { CursorCodec } from './cursor';
import { type Source, eventSource, suppressedSource } from './indexes';
import { PositionSchema, mergedPage } from './merge';
import { type KeyBounds, timeBounds } from './partitions';
import { parseRange } from './time';

export interface Page<T> {
  items: T[];
  /** Pass back for the next page; absent on the last page. */
  cursor?: string;
  /** What this query costs beyond its key condition, when that is worth saying. */
  note?: string;
}

/** Times as written (`7d`, `2026-11-01`, ISO); see parseTime. */
export interface ListWindow {
  since?: string;
  until?: string;
  limit: number;
  cursor?: string;
}

export interface ListEventsInput extends ListWindow {
  /** A normalised domain (see DomainSchema). */
  domain?: string;
  reason?: Reason;
}

export interface ListSuppressedInput extends ListWindow {
  domain?: string;
}

/**
 * The cursor state: the merge position plus the time bounds the first page resolved, so `7d`
 * keeps meaning the same window on every page of one listing.
 */
const StateSchema = PositionSchema.extend({ l: z.string().optional(), u: z.string().optional() });

export interface ListContext {
  client: DynamoDBClient;
  tables: TableNames;
  codec: CursorCodec;
  now: () => Date;
}

/**
 * The scope a cursor is bound to: the query kind, its filters as written, and the partitions it
 * merges (so a change of SHARDS or of the reason list invalidates old cursors cleanly).
 */
function scopeOf(kind: string, filters: object, source: Source): string {
  return JSON.stringify([kind, filters, source.partitions]);
}

async function listPage<T>(
  context: ListContext,
  kind: string,
  filters: object,
  source: Source,
  window: ListWindow,
  parse: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const scope = scopeOf(kind, { ...filters, since: window.since, until: window.until }, source);
  const state = window.cursor === undefined ? undefined : context.codec.decode(scope, window.cursor, StateSchema);
  const bounds: KeyBounds = state
    ? { ...(state.l !== undefined && { lower: state.l }), ...(state.u !== undefined && { upper: state.u }) }
    : timeBounds(parseRange(window, context.now()));
  const page = await mergedPage(context.client, {
    spec: source.spec,
    partitions: source.partitions,
    bounds,
    ...(source.filter && { filter: source.filter }),
    limit: window.limit,
    ...(state && { after: { k: state.k, a: state.a, p: state.p } }),
  });
  const next = page.next && { ...page.next, ...(bounds.lower !== undefined && { l: bounds.lower }), ...(bounds.upper !== undefined && { u: bounds.upper }) };
  return {
    items: page.items.map(parse),
    ...(next && { cursor: context.codec.encode(scope, next) }),
    ...(source.note && { note: source.note }),
  };
}

/** Bounce and complaint events, newest first, merged across the shards of the index used. */
export function listEvents(context: ListContext, input: ListEventsInput): Promise<Page<StoredEvent>> {
  const filters = { domain: input.domain, reason: input.reason };
  return listPage(context, 'events', filters, eventSource(context.tables, filters), input, (item) =>
    StoredEventSchema.parse(item),
  );
}

/**
 * Suppressed recipients, most recently suppressed first. Only these can be listed: every
 * recipient would need a Scan (the recipients table has no index over all of them).
 */
export function listSuppressed(context: ListContext, input: ListSuppressedInput): Promise<Page<RecipientStatus>> {
  return listPage(context, 'suppressed', { domain: input.domain }, suppressedSource(context.tables, input.domain), input, (item) =>
    RecipientStatusSchema.parse(item),
  );
}
