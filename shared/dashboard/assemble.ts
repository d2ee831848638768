import { causeOf } from '../incidents/cause';
import type { Incident } from '../incidents/records';
import { type QueryService, parseTime } from '../query';
import type { StoredEvent } from '../store/records';
import { EventAccumulator, SuppressionAccumulator, summariseDeadLetters } from './aggregate';
import type { AddressView, DashboardData, Reputation } from './model';

/**
 * Where the dashboard reads from: the query service the HTTP API and the CLI use, the
 * dead-letter queue (as `bounces dlq list` reads it) and, for a deployed stack, SES's
 * reputation metrics.
 */
export interface DashboardSources {
  /** `local pipeline in DIR` or `stack NAME`, for the page's heading. */
  description: string;
  query: QueryService;
  /** Every dead-lettered message with the last error recorded for it. */
  deadLetters(): Promise<readonly { messageId: string; error: string | null }[]>;
  /** The account's SES reputation; absent for a local pipeline, which has none. */
  reputation?: () => Promise<Reputation>;
  now?: () => Date;
}

/** Incidents shown: open ones first, then the latest resolved ones of the window. */
const INCIDENTS_SHOWN = 50;
/** History entries the address search shows. */
const HISTORY_SHOWN = 20;
/** Fewer in a report, which carries them for hundreds of addresses. */
const REPORT_HISTORY = 10;

/**
 * Everything the page shows for the window starting at `since` (as written: `30d`,
 * `2026-11-01`, ISO). Reads every event of the window once (like `bounces stats --by day`), every
 * suppressed recipient once, a page of incidents and the dead-letter queue. Throws what the
 * query service throws (InvalidTimeError for a bad `since`).
 */
export async function assembleDashboard(sources: DashboardSources, options: { since: string }): Promise<DashboardData> {
  const now = sources.now?.() ?? new Date();
  const since = parseTime(options.since, now);
  const events = new EventAccumulator(new Date(since), now);
  const suppressed = new SuppressionAccumulator(new Date(since), now);
  const [incidents, deadLetters, reputation] = await Promise.all([
    sources.query.listIncidents({ since: options.since, limit: INCIDENTS_SHOWN }),
    sources.deadLetters(),
    sources.reputation?.(),
    (async () => {
      for await (const page of sources.query.exportEvents({ since })) events.add(page);
    })(),
    (async () => {
      for await (const page of sources.query.exportSuppressed()) suppressed.add(page);
    })(),
  ]);
  const figures = events.result();
  return {
    source: sources.description,
    generatedAt: now.toISOString(),
    since,
    timeline: figures.timeline,
    providers: figures.providers,
    domains: figures.domains,
    suppression: suppressed.result(figures.sesList),
    incidents: incidents.items,
    deadLetters: summariseDeadLetters(deadLetters),
    ...(reputation && { reputation }),
  };
}

/** The incident of the newest sender-side event in a history, if that event's run became one. */
async function incidentOfHistory(query: QueryService, history: readonly StoredEvent[]): Promise<Incident | undefined> {
  const senderSide = history.find((event) => causeOf(event) !== undefined);
  return senderSide && query.incidentOfEvent(senderSide);
}

/**
 * What the search shows for one normalised address: its status, the incident its newest
 * sender-side bounce belongs to, and its newest `historyLimit` events; undefined when nothing
 * is recorded.
 */
export async function lookupAddress(sources: DashboardSources, address: string, historyLimit = HISTORY_SHOWN): Promise<AddressView | undefined> {
  const [status, history] = await Promise.all([sources.query.getRecipient(address), sources.query.getHistory(address, historyLimit)]);
  if (!status) return undefined;
  const incident = await incidentOfHistory(sources.query, history);
  return { address, status, ...(incident && { incident }), history };
}

/** Addresses a static report carries for its search, so a report stays small enough to mail. */
export const REPORT_ADDRESSES = 500;
const REPORT_PAGE = 200;
const LOOKUP_CONCURRENCY = 8;

/**
 * The dashboard plus, for the report's search (no server answers it), the most recently
 * bounced addresses of the window with their status and history, found with the query
 * service's newest-first listing.
 */
export async function assembleReport(
  sources: DashboardSources,
  options: { since: string; maxAddresses?: number },
): Promise<DashboardData> {
  const max = options.maxAddresses ?? REPORT_ADDRESSES;
  const data = await assembleDashboard(sources, options);
  const recent = new Set<string>();
  let cursor: string | undefined;
  let more = false;
  do {
    const page = await sources.query.listEvents({ since: data.since, limit: REPORT_PAGE, ...(cursor !== undefined && { cursor }) });
    for (const event of page.items) {
      if (recent.size < max) recent.add(event.address);
      else if (!recent.has(event.address)) more = true;
    }
    cursor = page.cursor;
  } while (cursor !== undefined && !more);
  const queue = [...recent];
  const addresses: Record<string, AddressView> = {};
  await Promise.all(
    Array.from({ length: LOOKUP_CONCURRENCY }, async () => {
      for (let address = queue.shift(); address !== undefined; address = queue.shift()) {
        const view = await lookupAddress(sources, address, REPORT_HISTORY);
        if (view) addresses[address] = view;
      }
    }),
  );
  return { ...data, addresses, ...(more && { addressesCapped: max }) };
}
