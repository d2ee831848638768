import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Reason } from '../../shared/reasons';
import { type BounceStore, type TableNames, createBounceStore } from '../../shared/store';
import { eventKey } from '../../shared/store/keys';
import type { Verdict } from '../../shared/verdict';
import { bounceBody, createTables, parsed } from './bounce-fixtures';

/** A deterministic data set for the query tests, stored through the real store. */

export const DOMAINS = ['big.test', 'gmail.test', 'yahoo.test', 'small.test'] as const;
export const REASONS = ['userunknown', 'mailboxfull', 'blocked', 'spamdetected', 'feedback'] as const satisfies readonly Reason[];
export const ORIGIN = Date.parse('2026-10-01T00:00:00.000Z');
const DAY_MS = 86_400_000;

export interface SeededEvent {
  address: string;
  domain: string;
  reason: Reason;
  eventKey: string;
  timestamp: string;
  suppress: boolean;
}

export interface Seeded {
  tables: TableNames;
  store: BounceStore;
  events: SeededEvent[];
}

/** Park–Miller: the same "random" data on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

function verdictFor(event: SeededEvent, feedbackId: string, diagnostic: string): Verdict {
  return {
    recipient: event.address,
    notificationType: event.reason === 'feedback' ? 'Complaint' : 'Bounce',
    reason: event.reason,
    permanence: event.suppress ? 'permanent' : 'transient',
    suppress: event.suppress,
    party: 'recipient',
    action: event.suppress ? 'suppress' : 'retry',
    rule: `test.${event.reason}`,
    explanation: 'test',
    remediation: 'test',
    diagnostic,
    feedbackId,
    messageId: `message-${feedbackId}`,
    timestamp: event.timestamp,
  };
}

/**
 * `notifications` notifications over 30 days; every tenth bounces three recipients at once, so
 * their events share one event key (the ties the merge must order consistently). Most mail goes
 * to big.test, a little to small.test. Only userunknown and feedback suppress.
 */
export async function seedEvents(
  client: DynamoDBClient,
  prefix: string,
  options: { notifications: number; diagnostic?: (index: number) => string },
): Promise<Seeded> {
  const tables = await createTables(client, prefix);
  // No soft-bounce escalation: a recipient is suppressed exactly when one of its events says so.
  const store = createBounceStore({ client, tables, softBounce: { threshold: 1_000_000 } });
  const next = random(42);
  const pick = <T>(values: readonly T[], weights: readonly number[]): T => {
    let roll = next() * weights.reduce((sum, weight) => sum + weight, 0);
    for (const [index, value] of values.entries()) if ((roll -= weights[index] ?? 0) <= 0) return value;
    return values[values.length - 1] as T;
  };
  const byAddress = new Map<string, { events: SeededEvent[]; verdicts: Verdict[] }[]>();
  const events: SeededEvent[] = [];
  for (let n = 0; n < options.notifications; n++) {
    const timestamp = new Date(ORIGIN + Math.floor(next() * 30 * DAY_MS)).toISOString();
    const reason = pick(REASONS, [3, 3, 2, 1, 1]);
    const domain = pick(DOMAINS, [6, 2, 2, 0.3]);
    const feedbackId = `fb-${n}`;
    const recipients = n % 10 === 0 ? 3 : 1;
    const group = Array.from({ length: recipients }, () => {
      const address = `r${Math.floor(next() * 600)}@${domain}`;
      const event: SeededEvent = {
        address,
        domain,
        reason,
        timestamp,
        eventKey: eventKey(timestamp, feedbackId),
        suppress: reason === 'userunknown' || reason === 'feedback',
      };
      return event;
    });
    // One notification never names an address twice.
    const unique = [...new Map(group.map((event) => [event.address, event])).values()];
    events.push(...unique);
    const diagnostic = options.diagnostic?.(n) ?? `550 test diagnostic ${n}`;
    const entry = { events: unique, verdicts: unique.map((event) => verdictFor(event, feedbackId, diagnostic)) };
    // Keyed by the first address: notifications sharing an address are stored one after the other.
    const key = unique[0]?.address as string;
    byAddress.set(key, [...(byAddress.get(key) ?? []), entry]);
  }
  await storeAll(store, [...byAddress.values()]);
  return { tables, store, events };
}

/**
 * Groups in parallel, each group's notifications in turn. Addresses of multi-recipient
 * notifications may still meet in two groups; the store's optimistic lock retries those.
 */
async function storeAll(store: BounceStore, groups: { events: SeededEvent[]; verdicts: Verdict[] }[][]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      const group = groups[next++] ?? [];
      for (const { events, verdicts } of group) {
        const notification = parsed(bounceBody(events.map((event) => event.address), events[0]?.timestamp as string));
        await store.recordNotification(notification, verdicts);
      }
    }
  };
  await Promise.all(Array.from({ length: 24 }, worker));
}

/** The newest-first order every listing promises (ties in any order). */
export function isNewestFirst(keys: readonly string[]): boolean {
  return keys.every((key, index) => index === 0 || (keys[index - 1] as string) >= key);
}

/** An event's identity in a listing: its table key. */
export const idOf = (event: { address: string; eventKey: string }) => `${event.address} ${event.eventKey}`;
