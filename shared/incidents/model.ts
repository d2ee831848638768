import type { Action } from '../verdict';
import type { Cause, SendingIdentity } from './cause';

/**
 * Sender incidents as pure functions: which run of a cause an event joins, what it adds to
 * the run, when the run becomes an incident (opens) and when it is resolved. The store
 * (store.ts) applies the same deltas with atomic DynamoDB updates, so concurrent writers of one
 * busy incident never conflict.
 *
 * A run of a cause is a series of its events with no gap of a quiet period or more between
 * them (in event time). A run is an incident once `threshold.events` of its events fell
 * within `threshold.windowMs`; it is open until `quietPeriodMs` passed since its last event,
 * then resolved.
 */

export interface IncidentPolicy {
  /** A gap without events this long ends a run, and resolves its incident (ms). */
  quietPeriodMs: number;
  /** Events within a window that make a run an incident. */
  threshold: { events: number; windowMs: number };
}

const MINUTE_MS = 60_000;
export const DEFAULT_INCIDENT_POLICY: IncidentPolicy = {
  quietPeriodMs: 24 * 60 * MINUTE_MS,
  threshold: { events: 5, windowMs: 15 * MINUTE_MS },
};

/** One sender-side recipient event, as incidents see it. */
export interface IncidentEvent {
  cause: Cause;
  /** Canonical event time (ISO 8601, UTC, milliseconds). */
  at: string;
  address: string;
  domain: string;
  diagnostic?: string;
  /** The sending IP the diagnostic names. */
  sendingIp?: string;
  sending: SendingIdentity;
  rule: string;
  action: Action;
  remediation: string;
}

/** The sending identities and IPs an incident saw (each capped at MAX_IDENTITIES). */
export interface SendingSeen {
  sources: string[];
  identities: string[];
  configurationSets: string[];
  sendingIps: string[];
}

/** The counters and sets of one run of a cause. */
export interface RunState extends SendingSeen {
  firstSeen: string;
  lastSeen: string;
  /** Events. */
  count: number;
  /** Distinct recipient addresses. */
  recipients: number;
  /** Distinct recipient domains. */
  domains: number;
  /** The domains with the most distinct recipients, and those counts (at most TOP_DOMAINS). */
  topDomains: Record<string, number>;
  /**
   * Event times in epoch milliseconds of the events up to the opening (later ones cannot open it
   * earlier), capped by pendingCap: an event arriving late can still move `openedAt` back.
   */
  pending: number[];
  /** When the threshold was reached (event time); absent while the run is no incident. */
  openedAt?: string;
}

/** What the store's membership items say about an event's recipient and domain in its run. */
export interface Membership {
  newRecipient: boolean;
  newDomain: boolean;
  /**
   * The domain's distinct recipients in the run, this one's included; known (counted) only
   * for a new recipient, so a recipient bouncing again costs no domain write.
   */
  domainRecipients?: number;
}

/** What one event adds to a run. Counts add, times widen, sets grow: every part commutes. */
export interface RunDelta extends SendingSeen {
  recipients: 0 | 1;
  domains: 0 | 1;
  /** Set only when earlier than the run's first event. */
  firstSeen?: string;
  /** Set only when later than the run's last event. */
  lastSeen?: string;
  topDomain?: { domain: string; recipients: number; evict?: string };
  /** Epoch milliseconds to remember: the run has not opened, or opened after this event. */
  pending?: number;
}

export const TOP_DOMAINS = 5;
const MAX_IDENTITIES = 10;
/** Event times a run that has not opened remembers: a trickle that never opens stays small. */
const pendingCap = (policy: IncidentPolicy) => Math.max(4 * policy.threshold.events, 20);


/**
 * The run an event at `at` belongs to: the one it lies within a quiet period of, the nearest
 * when several do. Undefined: the event starts a run of its own.
 */
export function placeEvent<T extends Pick<RunState, 'firstSeen' | 'lastSeen'>>(runs: readonly T[], at: string, policy: IncidentPolicy): T | undefined {
  const time = Date.parse(at);
  let best: { run: T; distance: number } | undefined;
  for (const run of runs) {
    const distance = Math.max(Date.parse(run.firstSeen) - time, time - Date.parse(run.lastSeen), 0);
    if (distance < policy.quietPeriodMs && (!best || distance < best.distance)) best = { run, distance };
  }
  return best?.run;
}

function sendingOf(event: IncidentEvent): SendingSeen {
  const { source, identity, configurationSet } = event.sending;
  return {
    sources: source ? [source] : [],
    identities: identity ? [identity] : [],
    configurationSets: configurationSet ? [configurationSet] : [],
    sendingIps: event.sendingIp ? [event.sendingIp] : [],
  };
}

/**
 * A run as created for an event at `at`, before that event joins it like any other: so an
 * event that joins concurrently is counted the same way, never twice.
 */
export function emptyRun(at: string): RunState {
  return {
    firstSeen: at,
    lastSeen: at,
    count: 0,
    recipients: 0,
    domains: 0,
    topDomains: {},
    pending: [],
    sources: [],
    identities: [],
    configurationSets: [],
    sendingIps: [],
  };
}

/** Members of `seen` not yet in `known`, while `known` has room. */
function unseen(known: readonly string[], seen: readonly string[]): string[] {
  return known.length >= MAX_IDENTITIES ? [] : seen.filter((value) => !known.includes(value));
}

/**
 * Which entry of the top domains a domain's new count changes: set when it is listed with a
 * smaller count (a concurrent event may have set a bigger one), when there is room, or when it
 * now beats the smallest listed (which is then evicted).
 */
export function topDomainChange(top: Readonly<Record<string, number>>, domain: string, recipients: number): RunDelta['topDomain'] {
  const listed = top[domain];
  if (listed !== undefined) return listed < recipients ? { domain, recipients } : undefined;
  if (Object.keys(top).length < TOP_DOMAINS) return { domain, recipients };
  const [smallest, smallestCount] = Object.entries(top).reduce((a, b) => (b[1] < a[1] || (b[1] === a[1] && b[0] > a[0]) ? b : a));
  if (recipients > smallestCount || (recipients === smallestCount && domain < smallest)) return { domain, recipients, evict: smallest };
  return undefined;
}

/** What an event adds to the run it joins, given the run as read. */
export function deltaFor(run: RunState, event: IncidentEvent, membership: Membership): RunDelta {
  const sending = sendingOf(event);
  const topDomain = membership.domainRecipients === undefined ? undefined : topDomainChange(run.topDomains, event.domain, membership.domainRecipients);
  return {
    recipients: membership.newRecipient ? 1 : 0,
    domains: membership.newDomain ? 1 : 0,
    ...(event.at < run.firstSeen && { firstSeen: event.at }),
    ...(event.at > run.lastSeen && { lastSeen: event.at }),
    ...(topDomain && { topDomain }),
    ...((run.openedAt === undefined || event.at < run.openedAt) && { pending: Date.parse(event.at) }),
    sources: unseen(run.sources, sending.sources),
    identities: unseen(run.identities, sending.identities),
    configurationSets: unseen(run.configurationSets, sending.configurationSets),
    sendingIps: unseen(run.sendingIps, sending.sendingIps),
  };
}

/**
 * When a run opened (ISO time): the time of the event that completed the first window holding
 * `threshold.events` events; undefined while no window does.
 */
export function openingTime(pending: readonly number[], policy: IncidentPolicy): string | undefined {
  const { events, windowMs } = policy.threshold;
  const times = [...pending].sort((a, b) => a - b);
  for (let last = events - 1; last < times.length; last++) {
    if ((times[last] as number) - (times[last - events + 1] as number) <= windowMs) return new Date(times[last] as number).toISOString();
  }
  return undefined;
}

/**
 * A long pending list cut to the times that can still share a window with the newest one, so
 * a trickle of events that never opens keeps its item small. Undefined when no cut is due.
 */
export function prunePending(pending: readonly number[], policy: IncidentPolicy): number[] | undefined {
  if (pending.length <= pendingCap(policy)) return undefined;
  const newest = Math.max(...pending);
  return pending.filter((time) => newest - time <= policy.threshold.windowMs);
}

export type IncidentState = 'open' | 'resolved';

/** An opened run's state at `now`: resolved once a quiet period passed after its last event. */
export function stateAt(run: Pick<RunState, 'lastSeen'>, quietPeriodMs: number, now: Date): IncidentState {
  return now.getTime() - Date.parse(run.lastSeen) >= quietPeriodMs ? 'resolved' : 'open';
}

/** When a run is (or will be) resolved: a quiet period after its last event. */
export function resolvedAt(run: Pick<RunState, 'lastSeen'>, quietPeriodMs: number): string {
  return new Date(Date.parse(run.lastSeen) + quietPeriodMs).toISOString();
}
