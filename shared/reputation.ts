import { type CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput, type MetricDataResult } from '@aws-sdk/client-cloudwatch';

/**
 * The account's SES reputation as CloudWatch has it: `AWS/SES` Reputation.BounceRate and
 * Reputation.ComplaintRate, fractions between 0 and 1
 * (https://docs.aws.amazon.com/ses/latest/dg/reputationdashboard-cloudwatch-alarm.html),
 * against the levels at which SES reviews an account and may pause its sending
 * (https://docs.aws.amazon.com/ses/latest/dg/faqs-enforcement.html).
 */

export const REPUTATION_METRICS = {
  bounceRate: { metricName: 'Reputation.BounceRate', review: 0.05, pause: 0.1 },
  complaintRate: { metricName: 'Reputation.ComplaintRate', review: 0.001, pause: 0.005 },
} as const;
export type ReputationMetric = keyof typeof REPUTATION_METRICS;

/** How far back `bounces reputation` looks. */
export const REPUTATION_DAYS = 14;
const HOUR_S = 3600;

export type ReputationLevel = 'healthy' | 'review' | 'pause' | 'unknown';

export interface RateSummary {
  metric: string;
  /** The latest hourly value, and its hour; absent when SES reported nothing (no bounces or complaints yet). */
  now?: number;
  at?: string;
  /** The highest hourly value in the last REPUTATION_DAYS days. */
  max?: number;
  /** Where `now` stands against SES's levels. */
  level: ReputationLevel;
  review: number;
  pause: number;
}

export type ReputationSummary = Record<ReputationMetric, RateSummary>;

/** One GetMetricData request: both rates, hourly maxima over the last REPUTATION_DAYS days. */
export function reputationQuery(now: Date): GetMetricDataCommandInput {
  return {
    StartTime: new Date(now.getTime() - REPUTATION_DAYS * 24 * HOUR_S * 1000),
    EndTime: now,
    ScanBy: 'TimestampDescending',
    MetricDataQueries: (Object.keys(REPUTATION_METRICS) as ReputationMetric[]).map((id) => ({
      Id: id,
      MetricStat: {
        Metric: { Namespace: 'AWS/SES', MetricName: REPUTATION_METRICS[id].metricName },
        Period: HOUR_S,
        Stat: 'Maximum',
      },
    })),
  };
}

export function levelOf(value: number | undefined, metric: ReputationMetric): ReputationLevel {
  if (value === undefined) return 'unknown';
  const { review, pause } = REPUTATION_METRICS[metric];
  return value >= pause ? 'pause' : value >= review ? 'review' : 'healthy';
}

/** The GetMetricData results (all pages) as now / 14-day maximum per rate. */
export function summariseReputation(results: readonly MetricDataResult[]): ReputationSummary {
  const summary = (id: ReputationMetric): RateSummary => {
    const points = results
      .filter((result) => result.Id === id)
      .flatMap((result) => (result.Timestamps ?? []).map((time, i) => ({ time, value: result.Values?.[i] })))
      .filter((point): point is { time: Date; value: number } => point.value !== undefined)
      .sort((a, b) => b.time.getTime() - a.time.getTime());
    const latest = points[0];
    const { metricName, review, pause } = REPUTATION_METRICS[id];
    return {
      metric: metricName,
      ...(latest && { now: latest.value, at: latest.time.toISOString(), max: Math.max(...points.map((point) => point.value)) }),
      level: levelOf(latest?.value, id),
      review,
      pause,
    };
  };
  return { bounceRate: summary('bounceRate'), complaintRate: summary('complaintRate') };
}

/**
 * Both rates read from CloudWatch (every page of one GetMetricData request) and summarised.
 * Throws what CloudWatch throws, e.g. AccessDenied without cloudwatch:GetMetricData.
 */
export async function readReputation(cloudWatch: Pick<CloudWatchClient, 'send'>, now: Date): Promise<ReputationSummary> {
  const query = reputationQuery(now);
  const results: MetricDataResult[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cloudWatch.send(new GetMetricDataCommand({ ...query, NextToken }));
    results.push(...(page.MetricDataResults ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return summariseReputation(results);
}
