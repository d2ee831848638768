import { type Reason, SOFT_BOUNCE_ESCALATION } from '../reasons';
import type { Verdict } from '../verdict';
import { recipientShard, suppressedShard } from './keys';
import type { RecipientItem, SoftRun } from './records';

/**
 * How one event changes a recipient, as pure functions of the item read before the write. The
 * store writes the result with an optimistic lock, so these rules need no DynamoDB expression
 * tricks. Counts and the newest status hold whatever order events arrive in; the soft-bounce
 * run keeps a count from its first bounce, so far out-of-order arrivals can shift it (README).
 */

export interface SoftBouncePolicy {
  /** Transient bounces in one run that suppress the recipient. */
  threshold: number;
  /** A run's bounces must all fall within this many days of its first one. */
  windowDays: number;
}

/**
 * The only reasons whose transient (4xx) bounces count toward soft-bounce escalation: a full,
 * disabled or unreachable mailbox is the recipient's, and repeating for weeks means it is
 * abandoned. Sender-side, message and network reasons never count: suppressing a good
 * recipient for our own problem loses a customer.
 */
export const SOFT_BOUNCE_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  'mailboxfull',
  'suspend',
  'systemfull',
  'userunknown',
  'hostunknown',
  'hasmoved',
  'notaccept',
]);

/** How many applied event tags a recipient remembers to recognise a redelivery. */
const RECENT_TAGS = 5;
const LAST_DIAGNOSTIC_MAX = 500;

export function countsTowardEscalation(verdict: Verdict): boolean {
  return verdict.permanence === 'transient' && !verdict.suppress && SOFT_BOUNCE_REASONS.has(verdict.reason);
}

export interface EventFacts {
  verdict: Verdict;
  key: string;
  tag: string;
  /** Canonical event time. */
  at: string;
  shard: number;
}

export function newRecipient(address: string, domain: string, shard: number): RecipientItem {
  return {
    address,
    domain,
    recipientShard: recipientShard(shard),
    suppressed: false,
    bounceCount: 0,
    hardBounceCount: 0,
    softBounceCount: 0,
    complaintCount: 0,
    softRun: { count: 0 },
    recentTags: [],
    revision: 0,
  };
}

const DAY_MS = 86_400_000;

function advanceRun(run: SoftRun, at: string, policy: SoftBouncePolicy): SoftRun {
  if (run.resetAt !== undefined && at <= run.resetAt) return run;
  if (run.count > 0 && run.since !== undefined) {
    const gapMs = Math.abs(Date.parse(at) - Date.parse(run.since));
    if (gapMs <= policy.windowDays * DAY_MS) {
      return { ...run, count: run.count + 1, since: at < run.since ? at : run.since };
    }
    // Older than the run and outside its window: it belonged to an earlier, finished run.
    if (at < run.since) return run;
  }
  return { ...run, count: 1, since: at };
}

function suppress(item: RecipientItem, reason: RecipientItem['suppressedReason'], at: string, shard: number): void {
  if (item.suppressed) return;
  item.suppressed = true;
  item.suppressedAt = at;
  item.suppressedReason = reason;
  item.suppressedShard = suppressedShard(shard);
}

/**
 * The recipient after a bounce or complaint, or undefined when this event was applied before.
 * Counts change for every event; the "latest" fields only for an event newer than any applied.
 */
export function applyEvent(current: RecipientItem, event: EventFacts, policy: SoftBouncePolicy): RecipientItem | undefined {
  if (current.recentTags.includes(event.tag)) return undefined;
  const { verdict, at } = event;
  const next: RecipientItem = {
    ...current,
    revision: current.revision + 1,
    recentTags: [event.tag, ...current.recentTags].slice(0, RECENT_TAGS),
  };

  // A "complaint" SES reports for a message it never sent (the address was already suppressed)
  // is neither a complaint nor a bounce; nor is a feedback report that says "not spam".
  if (verdict.reason === 'feedback' && verdict.suppress) {
    next.complaintCount += 1;
  } else if (verdict.notificationType === 'Bounce') {
    next.bounceCount += 1;
    if (verdict.permanence === 'permanent') next.hardBounceCount += 1;
    if (verdict.permanence === 'transient') next.softBounceCount += 1;
  }
  if (next.firstBounceAt === undefined || at < next.firstBounceAt) next.firstBounceAt = at;

  if (current.lastEventKey === undefined || event.key > current.lastEventKey) {
    next.lastEventKey = event.key;
    next.lastEventAt = at;
    next.reason = verdict.reason;
    next.action = verdict.action;
    next.party = verdict.party;
    next.permanence = verdict.permanence;
    next.blocklist = verdict.blocklist;
    next.lastDiagnostic = verdict.diagnostic?.slice(0, LAST_DIAGNOSTIC_MAX);
    next.lastFeedbackId = verdict.feedbackId;
    next.lastMessageId = verdict.messageId;
  }

  if (countsTowardEscalation(verdict)) next.softRun = advanceRun(current.softRun, at, policy);
  if (verdict.suppress) {
    suppress(next, verdict.reason, at, event.shard);
  } else if (next.softRun.count >= policy.threshold) {
    suppress(next, SOFT_BOUNCE_ESCALATION, at, event.shard);
  }
  if (next.suppressed) next.action = 'suppress';
  return next;
}

/**
 * The recipient after a delivery at `at`, or undefined when nothing changes: only a delivery
 * newer than the start of a soft-bounce run ends it. It never lifts a suppression: a delivery
 * to a dead or complaining address proves nothing (catch-all servers accept and drop).
 */
export function applyDelivery(current: RecipientItem, at: string): RecipientItem | undefined {
  const { softRun } = current;
  if (softRun.count === 0 || softRun.since === undefined || at <= softRun.since) return undefined;
  return { ...current, revision: current.revision + 1, softRun: { count: 0, resetAt: at } };
}
