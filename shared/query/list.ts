import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import type { ProviderId } from '../providers';
import type { Reason } from '../reasons';
import { type RecipientStatus, RecipientStatusSchema, type StoredEvent, StoredEventSchema } from '../store/records';
import type { TableNames } from '../store/schema';
import { type CursorCodec, InvalidCursorError } from './cursor';
import { ResolvedTime, isResolvedTime } from './cursor-values';
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
  provider?: ProviderId;
}

export interface ListSuppressedInput extends ListWindow {
  domain?: string;
}

/** timeBounds' upper bound: a resolved time followed by U+FFFF. */
const UpperBound = z.string().refine((value) => value.endsWith('\uffff') && isResolvedTime(value.slice(0, -1)), 'not a time');

/**
 * The cursor state: the merge position plus the time bounds the first page resolved, so `7d`
 * keeps meaning the same window on every page of one listing. Checked in full on the way in
 * (shapes, sizes, and the position inside the bounds; see cursor-values.ts).
 */
const StateSchema = PositionSchema.extend({ l: ResolvedTime.optional(), u: UpperBound.optional() }).refine(
  ({ k, l, u }) => (l === undefined || l <= k) && (u === undefined || k <= u),
  'the position lies outside the time bounds',
);

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
  if (state && state.p >= source.partitions.length) throw new InvalidCursorError('the cursor is not valid for this query');
  const bounds: KeyBounds = state
    ? { ...(state.l !== undefined && { lower: state.l }), ...(state.u !== undefined && { upper: state.u }) }
    : timeBounds(parseRange(window, context.now()));
  const page = await mergedPage(context.client, {
    spec: source.spec,
    partitions: source.partitions,
    bounds,
    ...(source.filters && { filters: source.filters }),
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
  const filters = { domain: input.domain, reason: input.reason, provider: input.provider };
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
