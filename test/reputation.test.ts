import { describe, expect, it } from 'vitest';
import { describeReputation } from '../cli/commands/reputation';
import { levelOf, reputationQuery, summariseReputation } from '../shared/reputation';

const hour = (h: number) => new Date(Date.UTC(2026, 10, 20, h));

describe('SES reputation', () => {
  it('asks CloudWatch for both rates, hourly maxima over 14 days', () => {
    const now = hour(12);
    const query = reputationQuery(now);
    expect(query.EndTime).toEqual(now);
    expect(now.getTime() - (query.StartTime as Date).getTime()).toBe(14 * 24 * 3_600_000);
    expect(query.MetricDataQueries?.map((q) => [q.Id, q.MetricStat?.Metric?.Namespace, q.MetricStat?.Metric?.MetricName, q.MetricStat?.Stat, q.MetricStat?.Period])).toEqual([
      ['bounceRate', 'AWS/SES', 'Reputation.BounceRate', 'Maximum', 3600],
      ['complaintRate', 'AWS/SES', 'Reputation.ComplaintRate', 'Maximum', 3600],
    ]);
  });

  it('places a rate against the levels SES reviews and pauses at', () => {
    expect(levelOf(0.049, 'bounceRate')).toBe('healthy');
    expect(levelOf(0.05, 'bounceRate')).toBe('review');
    expect(levelOf(0.1, 'bounceRate')).toBe('pause');
    expect(levelOf(0.0009, 'complaintRate')).toBe('healthy');
    expect(levelOf(0.001, 'complaintRate')).toBe('review');
    expect(levelOf(0.005, 'complaintRate')).toBe('pause');
    expect(levelOf(undefined, 'complaintRate')).toBe('unknown');
  });

  it('takes the latest value as now and the highest of 14 days as the maximum, across result pages', () => {
    const summary = summariseReputation([
      { Id: 'bounceRate', Timestamps: [hour(11), hour(10)], Values: [0.021, 0.062] },
      { Id: 'bounceRate', Timestamps: [hour(9)], Values: [0.03] },
      { Id: 'complaintRate', Timestamps: [], Values: [] },
    ]);
    expect(summary.bounceRate).toEqual({ metric: 'Reputation.BounceRate', now: 0.021, at: hour(11).toISOString(), max: 0.062, level: 'healthy', review: 0.05, pause: 0.1 });
    expect(summary.complaintRate).toEqual({ metric: 'Reputation.ComplaintRate', level: 'unknown', review: 0.001, pause: 0.005 });
    const text = describeReputation(summary, []);
    expect(text).toContain('bounces     2.1%  6.2%');
    expect(text).toContain('open sender incidents: none');
  });
});
