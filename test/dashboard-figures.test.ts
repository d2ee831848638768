import { describe, expect, it } from 'vitest';
import {
  EventAccumulator,
  OTHER,
  STACKED_REASONS,
  SuppressionAccumulator,
  TOP_DOMAINS,
  bucketFor,
  summariseDeadLetters,
} from '../shared/dashboard/aggregate';
import { contentSecurityPolicy, renderPage } from '../shared/dashboard/page';
import type { Reason } from '../shared/reasons';
import type { StoredEvent } from '../shared/store/records';

/** The dashboard's arithmetic and page assembly, without AWS or a browser. */

const NOW = new Date('2026-11-30T12:00:00.000Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

function event(reason: Reason, at: Date, extra: Partial<StoredEvent> = {}): StoredEvent {
  const timestamp = at.toISOString();
  return {
    address: `a${Math.random().toString(36).slice(2)}@example.com`,
    domain: 'example.com',
    eventKey: `${timestamp}#fb`,
    expiresAt: 0,
    notificationType: reason === 'feedback' ? 'Complaint' : 'Bounce',
    reason,
    permanence: 'permanent',
    suppress: false,
    party: 'recipient',
    action: 'retry',
    rule: 'test',
    feedbackId: 'fb',
    messageId: 'm',
    timestamp,
    ...extra,
  };
}

describe('dashboard figures', () => {
  it('buckets by hour up to three days, by day beyond', () => {
    expect(bucketFor(hoursAgo(72), NOW)).toBe('hour');
    expect(bucketFor(hoursAgo(73), NOW)).toBe('day');
  });

  it('counts bounces per bucket and reason, complaints apart, and every empty bucket of the window', () => {
    const figures = new EventAccumulator(hoursAgo(5), NOW);
    figures.add([event('blocked', hoursAgo(4.5)), event('blocked', hoursAgo(4.4)), event('userunknown', hoursAgo(1))]);
    figures.add([event('feedback', hoursAgo(1)), event('blocked', hoursAgo(6))]);
    const { timeline } = figures.result();
    expect(timeline.bucket).toBe('hour');
    expect(timeline.starts).toHaveLength(6);
    expect(timeline.series).toEqual([
      { key: 'blocked', total: 2, counts: [2, 0, 0, 0, 0, 0] },
      { key: 'userunknown', total: 1, counts: [0, 0, 0, 0, 1, 0] },
    ]);
    expect(timeline.complaints).toEqual([0, 0, 0, 0, 1, 0]);
    expect({ bounces: timeline.bounces, complaints: timeline.complaintTotal }).toEqual({ bounces: 3, complaints: 1 });
  });

  it(`stacks the ${STACKED_REASONS} most frequent reasons and sums the rest as ${OTHER}`, () => {
    const reasons: Reason[] = ['blocked', 'userunknown', 'mailboxfull', 'authfailure', 'spamdetected', 'speeding', 'expired', 'systemerror'];
    const figures = new EventAccumulator(hoursAgo(48), NOW);
    reasons.forEach((reason, rank) => figures.add(Array.from({ length: 10 - rank }, () => event(reason, hoursAgo(2)))));
    const { series, bounces } = figures.result().timeline;
    expect(series.map((entry) => entry.key)).toEqual([...reasons.slice(0, STACKED_REASONS), OTHER]);
    expect(series.at(-1)).toMatchObject({ total: 4 + 3, includes: ['expired', 'systemerror'] });
    expect(series.reduce((sum, entry) => sum + entry.total, 0)).toBe(bounces);
  });

  it('splits providers and domains by reason, lists the top domains and sums the rest', () => {
    const figures = new EventAccumulator(hoursAgo(48), NOW);
    figures.add([
      event('authfailure', hoursAgo(1), { provider: 'google', domain: 'gmail.com' }),
      event('authfailure', hoursAgo(1), { provider: 'google', domain: 'gmail.com' }),
      event('userunknown', hoursAgo(1), { provider: 'google', domain: 'gmail.com' }),
      event('userunknown', hoursAgo(1), { domain: 'old.test' }),
    ]);
    figures.add(Array.from({ length: TOP_DOMAINS + 2 }, (_, n) => event('expired', hoursAgo(1), { domain: `d${n}.test` })));
    const { providers, domains } = figures.result();
    expect(providers.groups[0]).toEqual({ key: 'other', events: TOP_DOMAINS + 3, reasons: [{ reason: 'expired', events: TOP_DOMAINS + 2 }, { reason: 'userunknown', events: 1 }] });
    expect(providers.groups[1]).toEqual({ key: 'google', events: 3, reasons: [{ reason: 'authfailure', events: 2 }, { reason: 'userunknown', events: 1 }] });
    expect(domains.groups).toHaveLength(TOP_DOMAINS);
    expect(domains.groups[0]?.key).toBe('gmail.com');
    expect(domains.omitted).toEqual({ groups: 4, events: 4 });
  });

  it("counts the SES-list sync's changes by the day they were made", () => {
    const figures = new EventAccumulator(hoursAgo(96), NOW);
    const change = (action: 'put' | 'delete', at: string) => ({ suppressionChange: { action, why: 'test', at } });
    figures.add([
      event('userunknown', hoursAgo(50), change('put', '2026-11-28T10:00:00.000Z')),
      event('blocked', hoursAgo(49), change('delete', '2026-11-28T11:00:00.000Z')),
      event('userunknown', hoursAgo(2), change('put', '2026-11-30T10:00:00.000Z')),
    ]);
    expect(figures.result().sesList).toEqual({
      added: 2,
      removed: 1,
      perDay: [
        { day: '2026-11-28', added: 1, removed: 1 },
        { day: '2026-11-30', added: 1, removed: 0 },
      ],
    });
  });

  it('counts every suppressed recipient, and per day those suppressed in the window', () => {
    const suppression = new SuppressionAccumulator(hoursAgo(48), NOW);
    suppression.add([{ suppressedAt: '2026-11-29T08:00:00.000Z' }, { suppressedAt: '2026-11-29T09:00:00.000Z' }, { suppressedAt: '2026-01-01T00:00:00.000Z' }, {}]);
    const result = suppression.result({ added: 0, removed: 0, perDay: [] });
    expect(result.total).toBe(4);
    expect(result.perDay).toEqual([
      { day: '2026-11-28', count: 0 },
      { day: '2026-11-29', count: 2 },
      { day: '2026-11-30', count: 0 },
    ]);
  });

  it('groups dead letters by their error, most frequent first', () => {
    expect(
      summariseDeadLetters([
        { messageId: 'm1', error: 'bad json' },
        { messageId: 'm2', error: null },
        { messageId: 'm3', error: 'bad json' },
      ]),
    ).toEqual({
      count: 3,
      errors: [
        { error: 'bad json', count: 2, example: 'm1' },
        { error: null, count: 1, example: 'm2' },
      ],
    });
  });
});

describe('dashboard page', () => {
  const assets = { script: 'document.title = "</script>";', style: 'body{color:red}' };

  it('allows exactly its own inline script and style, and in a report no connection at all', () => {
    const live = contentSecurityPolicy(assets, 'live');
    const report = contentSecurityPolicy(assets, 'report');
    expect(live).toContain("connect-src 'self'");
    expect(report).not.toContain('connect-src');
    expect(report).toContain("default-src 'none'");
    expect(live).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
  });

  it('keeps a script or data that holds </script> from closing its element', () => {
    const html = renderPage(assets, { mode: 'live' });
    expect(html).toContain('document.title = "<\\/script>"');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });
});
