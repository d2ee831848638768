import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cause, causeOf, sendingIdentityOf, sendingIpOf } from '../shared/incidents/cause';
import {
  DEFAULT_INCIDENT_POLICY,
  type IncidentEvent,
  type IncidentPolicy,
  type Membership,
  type RunDelta,
  type RunState,
  deltaFor,
  emptyRun,
  openingTime,
  placeEvent,
  prunePending,
  resolvedAt,
  stateAt,
  topDomainChange,
} from '../shared/incidents/model';
import { ORIGIN as T0, minutes as at } from './helpers/incident-fixtures';

/**
 * The pure incident rules, folded in memory the way the store applies them in DynamoDB:
 * membership from sets (the store's member items), deltas applied as the store's atomic
 * update does (ADD, widen-only times, set union), then the opening and pruning steps.
 */
interface MemoryRun {
  state: RunState;
  recipients: Set<string>;
  domainRecipients: Map<string, number>;
}

function applyDelta(state: RunState, delta: RunDelta): RunState {
  const topDomains = { ...state.topDomains };
  if (delta.topDomain) {
    topDomains[delta.topDomain.domain] = delta.topDomain.recipients;
    if (delta.topDomain.evict !== undefined) delete topDomains[delta.topDomain.evict];
  }
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
  return {
    ...state,
    count: state.count + 1,
    recipients: state.recipients + delta.recipients,
    domains: state.domains + delta.domains,
    firstSeen: delta.firstSeen ?? state.firstSeen,
    lastSeen: delta.lastSeen ?? state.lastSeen,
    topDomains,
    pending: delta.pending === undefined ? state.pending : [...state.pending, delta.pending],
    sources: union(state.sources, delta.sources),
    identities: union(state.identities, delta.identities),
    configurationSets: union(state.configurationSets, delta.configurationSets),
    sendingIps: union(state.sendingIps, delta.sendingIps),
  };
}

function settle(state: RunState, policy: IncidentPolicy): RunState {
  const opening = openingTime(state.pending, policy);
  const opened = opening !== undefined && (state.openedAt === undefined || opening < state.openedAt) ? { ...state, openedAt: opening } : state;
  const pruned = prunePending(opened.pending, policy);
  return pruned ? { ...opened, pending: pruned } : opened;
}

/** Events identified by `id`: an id seen before is a redelivery, as the store's event key makes it. */
function fold(events: readonly (IncidentEvent & { id: string })[], policy: IncidentPolicy): Map<string, MemoryRun[]> {
  const runs = new Map<string, MemoryRun[]>();
  const seen = new Set<string>();
  for (const event of events) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    const ofCause = runs.get(event.cause.key) ?? [];
    runs.set(event.cause.key, ofCause);
    let placed = placeEvent(
      ofCause.map((run) => ({ firstSeen: run.state.firstSeen, lastSeen: run.state.lastSeen, run })),
      event.at,
      policy,
    )?.run;
    // A new run starts empty and the event joins it like any other (as in the store).
    if (!placed) ofCause.push((placed = { state: emptyRun(event.at), recipients: new Set(), domainRecipients: new Map() }));
    let membership: Membership = { newRecipient: false, newDomain: false };
    if (!placed.recipients.has(event.address)) {
      const domainRecipients = (placed.domainRecipients.get(event.domain) ?? 0) + 1;
      membership = { newRecipient: true, newDomain: domainRecipients === 1, domainRecipients };
      placed.recipients.add(event.address);
      placed.domainRecipients.set(event.domain, domainRecipients);
    }
    placed.state = settle(applyDelta(placed.state, deltaFor(placed.state, event, membership)), policy);
  }
  return runs;
}

/** The incidents of a fold, in a canonical order, without the order-dependent pending list. */
function incidents(runs: Map<string, MemoryRun[]>) {
  return [...runs.entries()]
    .flatMap(([cause, list]) => list.filter((run) => run.state.openedAt !== undefined).map((run) => ({ cause, ...run.state, pending: undefined })))
    .sort((a, b) => (a.cause + a.firstSeen < b.cause + b.firstSeen ? -1 : 1));
}

const SPAMHAUS: Cause = { key: 'blocklist:spamhaus-zen', reason: 'blocked', blocklist: { name: 'Spamhaus ZEN', delistUrl: 'https://www.spamhaus.org/lookup/' } };
const DMARC_GOOGLE: Cause = { key: 'authfailure@google', reason: 'authfailure', provider: 'google' };

let ids = 0;
function event(minutes: number, address: string, cause: Cause = SPAMHAUS, extra: Partial<IncidentEvent> = {}): IncidentEvent & { id: string } {
  ids += 1;
  return {
    id: `e${ids}`,
    cause,
    at: at(minutes),
    address,
    domain: address.slice(address.indexOf('@') + 1),
    sending: { source: 'news@sender.example' },
    rule: 'blocked.spamhaus',
    action: 'request-delisting',
    remediation: 'Request delisting.',
    ...extra,
  };
}

describe('threshold', () => {
  const policy = DEFAULT_INCIDENT_POLICY;
  it('opens at the event that completes 5 events within 15 minutes', () => {
    const times = [0, 4, 8, 12, 15].map((m) => T0 + m * 60_000);
    expect(openingTime(times, policy)).toBe(at(15));
    expect(openingTime(times.slice(0, 4), policy)).toBeUndefined();
  });

  it('does not open on 5 events spread over more than 15 minutes', () => {
    expect(openingTime([0, 4, 8, 12, 15.01].map((m) => T0 + m * 60_000), policy)).toBeUndefined();
  });

  it('honours a configured threshold', () => {
    const strict: IncidentPolicy = { ...policy, threshold: { events: 2, windowMs: 60_000 } };
    expect(openingTime([T0, T0 + 60_000], strict)).toBe(at(1));
    expect(openingTime([T0, T0 + 61_000], strict)).toBeUndefined();
  });

  it('keeps a run below the threshold out of the incidents', () => {
    const runs = fold([0, 10, 20, 30, 40, 50].map((m, i) => event(m, `r${i}@example.org`)), policy);
    expect(runs.get(SPAMHAUS.key)).toHaveLength(1);
    expect(incidents(runs)).toEqual([]);
  });

  it('moves the opening back when an earlier window completes late', () => {
    const late = [event(60, 'a@x.example'), event(61, 'b@x.example'), event(62, 'c@x.example'), event(63, 'd@x.example'), event(64, 'e@x.example')];
    const early = [0, 1, 2, 3, 4].map((m, i) => event(m, `early${i}@x.example`));
    const [incident] = incidents(fold([...late, ...early], policy));
    expect(incident?.openedAt).toBe(at(4));
  });
});

describe('quiet period', () => {
  const policy = DEFAULT_INCIDENT_POLICY;
  it('is open until a quiet period passed after the last event, then resolved', () => {
    const run = { lastSeen: at(0) };
    expect(stateAt(run, policy.quietPeriodMs, new Date(T0 + policy.quietPeriodMs - 1))).toBe('open');
    expect(stateAt(run, policy.quietPeriodMs, new Date(T0 + policy.quietPeriodMs))).toBe('resolved');
    expect(resolvedAt(run, policy.quietPeriodMs)).toBe(at(24 * 60));
  });

  it('starts a new incident after a quiet gap, and continues one across shorter gaps', () => {
    const burst = (start: number, tag: string) => [0, 1, 2, 3, 4].map((m) => event(start + m, `${tag}${m}@example.org`));
    const runs = fold([...burst(0, 'a'), ...burst(23 * 60, 'b'), ...burst(23 * 60 + 24 * 60 + 10, 'c')], policy);
    expect(incidents(runs).map((incident) => [incident.firstSeen, incident.count])).toEqual([
      [at(0), 10],
      [at(23 * 60 + 24 * 60 + 10), 5],
    ]);
  });

  it('takes a configured quiet period', () => {
    const hour: IncidentPolicy = { ...policy, quietPeriodMs: 3_600_000 };
    expect(placeEvent([{ firstSeen: at(0), lastSeen: at(10) }], at(69), hour)).toBeDefined();
    expect(placeEvent([{ firstSeen: at(0), lastSeen: at(10) }], at(70), hour)).toBeUndefined();
  });
});

describe('grouping', () => {
  it('groups by the blocklist at every receiver, else by reason at one provider', () => {
    const spamhaus = { name: 'Spamhaus ZEN', delistUrl: 'https://www.spamhaus.org/lookup/' };
    expect(causeOf({ reason: 'blocked', blocklist: spamhaus, provider: 'google' })?.key).toBe('blocklist:spamhaus-zen');
    expect(causeOf({ reason: 'blocked', blocklist: spamhaus, provider: 'microsoft' })?.key).toBe('blocklist:spamhaus-zen');
    expect(causeOf({ reason: 'authfailure', provider: 'google' })).toEqual(DMARC_GOOGLE);
    expect(causeOf({ reason: 'speeding' })?.key).toBe('speeding@other');
  });

  it('leaves recipient-side, network and complaint verdicts out', () => {
    for (const reason of ['userunknown', 'mailboxfull', 'hostunknown', 'networkerror', 'feedback', 'suppressed', 'undefined'] as const) {
      expect(causeOf({ reason, provider: 'google' })).toBeUndefined();
    }
  });

  it('counts events, distinct recipients and domains, and keeps the top domains by recipients', () => {
    const events = ['a@one.example', 'b@one.example', 'a@one.example', 'c@two.example', 'd@three.example', 'e@four.example', 'f@five.example', 'g@six.example', 'h@six.example'].map((address, i) => event(i, address));
    const [incident] = incidents(fold(events, DEFAULT_INCIDENT_POLICY));
    expect(incident).toMatchObject({ count: 9, recipients: 8, domains: 6, topDomains: { 'one.example': 2, 'six.example': 2, 'five.example': 1, 'four.example': 1, 'three.example': 1 } });
  });

  it('replaces the smallest top domain only with a bigger one', () => {
    const full = { a: 3, b: 2, c: 2, d: 1, e: 1 };
    expect(topDomainChange(full, 'f', 1)).toBeUndefined();
    expect(topDomainChange(full, 'f', 2)).toEqual({ domain: 'f', recipients: 2, evict: 'e' });
    expect(topDomainChange(full, 'b', 3)).toEqual({ domain: 'b', recipients: 3 });
    expect(topDomainChange(full, 'b', 2)).toBeUndefined();
  });

  it('reads the sending IP a receiver names, and the identity SES reports', () => {
    expect(sendingIpOf('554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org')).toBe('192.0.2.1');
    expect(sendingIpOf('421 4.7.0 [TSS04] Messages from 198.51.100.7 temporarily deferred')).toBe('198.51.100.7');
    expect(sendingIpOf('550 5.7.1 banned sending IP [203.0.113.9]')).toBe('203.0.113.9');
    expect(sendingIpOf('550 5.1.1 user unknown')).toBeUndefined();
    expect(sendingIdentityOf({ source: 'a@b.example', sourceArn: 'arn:aws:ses:eu-west-1:1:identity/b.example', tags: { 'ses:configuration-set': ['cs'] } })).toEqual({
      source: 'a@b.example',
      identity: 'arn:aws:ses:eu-west-1:1:identity/b.example',
      configurationSet: 'cs',
    });
  });
});

describe('idempotency and order', () => {
  it('counts a redelivered event once', () => {
    const events = [0, 1, 2, 3, 4].map((m, i) => event(m, `r${i}@example.org`));
    expect(incidents(fold([...events, ...events, events[2]!], DEFAULT_INCIDENT_POLICY))).toEqual(incidents(fold(events, DEFAULT_INCIDENT_POLICY)));
  });

  /**
   * Events fall in clusters a quiet period or more apart, each spanning less than one: which
   * run an event belongs to is then the same whatever arrived before it. (An event arriving
   * more than a quiet period out of order can bridge two runs that already exist; they are
   * not merged, a limitation the README states.)
   */
  const policy: IncidentPolicy = { quietPeriodMs: 60 * 60_000, threshold: { events: 3, windowMs: 10 * 60_000 } };
  const anEvent = fc.record({
    cluster: fc.integer({ min: 0, max: 2 }),
    minute: fc.integer({ min: 0, max: 59 }),
    cause: fc.constantFrom(SPAMHAUS, DMARC_GOOGLE),
    recipient: fc.integer({ min: 0, max: 5 }),
    domain: fc.integer({ min: 0, max: 6 }),
    identity: fc.constantFrom('news@a.example', 'news@b.example'),
    ip: fc.option(fc.constantFrom('192.0.2.1', '192.0.2.2'), { nil: undefined }),
  });

  it('gives the same incidents for the same events in any order, with any duplication', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(anEvent, { minLength: 1, maxLength: 40, selector: (e) => JSON.stringify(e) }),
        fc.infiniteStream(fc.nat()),
        fc.array(fc.nat(), { maxLength: 20 }),
        (specs, shuffle, duplicates) => {
          const events = specs.map((spec, i) => ({
            ...event(spec.cluster * 180 + spec.minute, `r${spec.recipient}@d${spec.domain}.example`, spec.cause, {
              sending: { source: spec.identity },
              ...(spec.ip && { sendingIp: spec.ip }),
            }),
            id: `p${i}`,
          }));
          const keys = [...shuffle.take(events.length)];
          const shuffled = events.map((e, i) => ({ e, k: keys[i] ?? 0 })).sort((a, b) => a.k - b.k).map(({ e }) => e);
          const replayed = [...shuffled, ...duplicates.map((d) => events[d % events.length]!)];
          expect(incidents(fold(replayed, policy))).toEqual(incidents(fold(events, policy)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
