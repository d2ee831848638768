import type { RecipientStatus, StoredEvent } from '../store/records';
import type { Breakdown, Bucket, DeadLetters, Group, Suppression, Timeline } from './model';

/**
 * The dashboard's figures from one pass over the window's events and one over the suppressed
 * recipients: memory grows with buckets, reasons, providers and domains, never with events.
 * Pure: no AWS here, so the arithmetic is tested on its own.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const BUCKET_MS: Record<Bucket, number> = { hour: HOUR_MS, day: DAY_MS };
/** Up to three days of hours (72 bars); longer windows are shown by day. */
const MAX_HOURLY_WINDOW_MS = 3 * DAY_MS;
/** Reasons stacked one by one; the rest share one `other` band, so every band stays tellable apart. */
export const STACKED_REASONS = 6;
export const OTHER = 'other';
/** Recipient domains listed; the long tail is summed. */
export const TOP_DOMAINS = 15;
/** Events stored before verdicts named a provider. */
const UNKNOWN_PROVIDER = 'other';

/** Hours for windows of up to three days, days beyond. */
export function bucketFor(since: Date, now: Date): Bucket {
  return now.getTime() - since.getTime() <= MAX_HOURLY_WINDOW_MS ? 'hour' : 'day';
}

const floorTo = (ms: number, size: number) => Math.floor(ms / size) * size;

/** Every bucket start from the one holding `since` to the one holding `until`, as epoch ms. */
function bucketStarts(bucket: Bucket, since: number, until: number): number[] {
  const size = BUCKET_MS[bucket];
  const starts: number[] = [];
  for (let start = floorTo(since, size); start <= until; start += size) starts.push(start);
  return starts;
}

const dayOf = (iso: string) => iso.slice(0, 10);

/** Counts per key that also remember a per-reason split. */
class GroupCounter {
  readonly #groups = new Map<string, { events: number; reasons: Map<string, number> }>();

  add(key: string, reason: string): void {
    const group = this.#groups.get(key) ?? { events: 0, reasons: new Map<string, number>() };
    group.events += 1;
    group.reasons.set(reason, (group.reasons.get(reason) ?? 0) + 1);
    this.#groups.set(key, group);
  }

  /** Most events first (ties by key), the first `limit` listed and the rest summed. */
  breakdown(limit = Number.POSITIVE_INFINITY): Breakdown {
    const groups: Group[] = [...this.#groups]
      .map(([key, { events, reasons }]) => ({ key, events, reasons: mostFirst(reasons) }))
      .sort((a, b) => b.events - a.events || (a.key < b.key ? -1 : 1));
    if (groups.length <= limit) return { groups };
    const rest = groups.slice(limit);
    return {
      groups: groups.slice(0, limit),
      omitted: { groups: rest.length, events: rest.reduce((sum, group) => sum + group.events, 0) },
    };
  }
}

function mostFirst(counts: ReadonlyMap<string, number>): { reason: string; events: number }[] {
  return [...counts]
    .map(([reason, events]) => ({ reason, events }))
    .sort((a, b) => b.events - a.events || (a.reason < b.reason ? -1 : 1));
}

export interface EventFigures {
  timeline: Timeline;
  providers: Breakdown;
  domains: Breakdown;
  /** What the SES-list sync did, per day of its change. */
  sesList: Suppression['sesList'];
}

/**
 * Accumulates the window's events, a page at a time: bounces per bucket and reason, complaints
 * per bucket, events per provider and per recipient domain with their reason mix, and the
 * SES-list sync's changes. An event outside the window (a clock ahead of ours) widens it.
 */
export class EventAccumulator {
  readonly #since: number;
  #until: number;
  readonly #bucket: Bucket;
  /** reason -> bucket start -> bounces */
  readonly #bounces = new Map<string, Map<number, number>>();
  readonly #complaints = new Map<number, number>();
  readonly #providers = new GroupCounter();
  readonly #domains = new GroupCounter();
  readonly #sesList = new Map<string, { added: number; removed: number }>();

  constructor(since: Date, now: Date) {
    this.#since = since.getTime();
    this.#until = now.getTime();
    this.#bucket = bucketFor(since, now);
  }

  add(events: readonly StoredEvent[]): void {
    const size = BUCKET_MS[this.#bucket];
    for (const event of events) {
      const at = Date.parse(event.timestamp);
      if (Number.isNaN(at) || at < this.#since) continue;
      if (at > this.#until) this.#until = at;
      const start = floorTo(at, size);
      if (event.notificationType === 'Complaint') {
        this.#complaints.set(start, (this.#complaints.get(start) ?? 0) + 1);
      } else {
        const perBucket = this.#bounces.get(event.reason) ?? new Map<number, number>();
        perBucket.set(start, (perBucket.get(start) ?? 0) + 1);
        this.#bounces.set(event.reason, perBucket);
      }
      this.#providers.add(event.provider ?? UNKNOWN_PROVIDER, event.reason);
      this.#domains.add(event.domain, event.reason);
      const change = event.suppressionChange;
      if (change) {
        const day = this.#sesList.get(dayOf(change.at)) ?? { added: 0, removed: 0 };
        day[change.action === 'put' ? 'added' : 'removed'] += 1;
        this.#sesList.set(dayOf(change.at), day);
      }
    }
  }

  result(): EventFigures {
    const starts = bucketStarts(this.#bucket, this.#since, this.#until);
    const totals = [...this.#bounces]
      .map(([reason, perBucket]) => ({ reason, perBucket, total: sum(perBucket.values()) }))
      .sort((a, b) => b.total - a.total || (a.reason < b.reason ? -1 : 1));
    const stacked = totals.length > STACKED_REASONS + 1 ? totals.slice(0, STACKED_REASONS) : totals;
    const rest = totals.slice(stacked.length);
    const series: Timeline['series'] = stacked.map(({ reason, perBucket, total }) => ({
      key: reason,
      total,
      counts: starts.map((start) => perBucket.get(start) ?? 0),
    }));
    if (rest.length > 0) {
      series.push({
        key: OTHER,
        total: sum(rest.map((entry) => entry.total)),
        counts: starts.map((start) => sum(rest.map((entry) => entry.perBucket.get(start) ?? 0))),
        includes: rest.map((entry) => entry.reason),
      });
    }
    const sesDays = [...this.#sesList].sort(([a], [b]) => (a < b ? -1 : 1));
    return {
      timeline: {
        bucket: this.#bucket,
        starts: starts.map((start) => new Date(start).toISOString()),
        series,
        complaints: starts.map((start) => this.#complaints.get(start) ?? 0),
        bounces: sum(totals.map((entry) => entry.total)),
        complaintTotal: sum(this.#complaints.values()),
      },
      providers: this.#providers.breakdown(),
      domains: this.#domains.breakdown(TOP_DOMAINS),
      sesList: {
        added: sum(sesDays.map(([, day]) => day.added)),
        removed: sum(sesDays.map(([, day]) => day.removed)),
        perDay: sesDays.map(([day, counts]) => ({ day, ...counts })),
      },
    };
  }
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Suppressed recipients in total, and per UTC day of the window by their suppression time. */
export class SuppressionAccumulator {
  readonly #days: string[];
  readonly #perDay = new Map<string, number>();
  #total = 0;

  constructor(since: Date, now: Date) {
    this.#days = bucketStarts('day', since.getTime(), now.getTime()).map((start) => dayOf(new Date(start).toISOString()));
    for (const day of this.#days) this.#perDay.set(day, 0);
  }

  add(recipients: readonly Pick<RecipientStatus, 'suppressedAt'>[]): void {
    for (const recipient of recipients) {
      this.#total += 1;
      const day = recipient.suppressedAt && dayOf(recipient.suppressedAt);
      if (day && this.#perDay.has(day)) this.#perDay.set(day, (this.#perDay.get(day) ?? 0) + 1);
    }
  }

  result(sesList: Suppression['sesList']): Suppression {
    return { total: this.#total, perDay: this.#days.map((day) => ({ day, count: this.#perDay.get(day) ?? 0 })), sesList };
  }
}

/** Dead letters grouped by their last error, most frequent first, each with one message id. */
export function summariseDeadLetters(letters: readonly { messageId: string; error: string | null }[]): DeadLetters {
  const byError = new Map<string | null, { count: number; example: string }>();
  for (const letter of letters) {
    const entry = byError.get(letter.error) ?? { count: 0, example: letter.messageId };
    entry.count += 1;
    byError.set(letter.error, entry);
  }
  return {
    count: letters.length,
    errors: [...byError]
      .map(([error, { count, example }]) => ({ error, count, example }))
      .sort((a, b) => b.count - a.count || (String(a.error) < String(b.error) ? -1 : 1)),
  };
}
