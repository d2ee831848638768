import { z } from 'zod';
import { IncidentSchema } from '../incidents/records';
import { RecipientStatusSchema, StoredEventSchema } from '../store/records';

/**
 * What the dashboard page shows, as the server sends it (GET /api/dashboard) and as a static
 * report embeds it. The page validates what it receives with these schemas, so server and page
 * cannot drift apart silently.
 */

export const BUCKETS = ['hour', 'day'] as const;
export type Bucket = (typeof BUCKETS)[number];

const Count = z.number().int().nonnegative();

/** Bounces over time: one count per bucket for each series, oldest bucket first. */
export const TimelineSchema = z.object({
  bucket: z.enum(BUCKETS),
  /** Every bucket's start in the window (ISO 8601, UTC), empty ones included. */
  starts: z.array(z.string()),
  /** Bounces per reason, the most frequent reasons first; the rest summed as `other`. */
  series: z.array(
    z.object({
      key: z.string(),
      total: Count,
      counts: z.array(Count),
      /** For `other`: the reasons it sums. */
      includes: z.array(z.string()).optional(),
    }),
  ),
  /** Complaints per bucket (not part of the bounce stack). */
  complaints: z.array(Count),
  bounces: Count,
  complaintTotal: Count,
});
export type Timeline = z.infer<typeof TimelineSchema>;

/** Events of one provider or recipient domain, and how they split by reason. */
export const GroupSchema = z.object({
  key: z.string(),
  events: Count,
  /** Events per reason, most first. */
  reasons: z.array(z.object({ reason: z.string(), events: Count })),
});
export type Group = z.infer<typeof GroupSchema>;

export const BreakdownSchema = z.object({
  groups: z.array(GroupSchema),
  /** Groups beyond the ones listed, summed. */
  omitted: z.object({ groups: Count, events: Count }).optional(),
});
export type Breakdown = z.infer<typeof BreakdownSchema>;

export const SuppressionSchema = z.object({
  /** Every suppressed recipient, whenever suppressed. */
  total: Count,
  /** Recipients suppressed per UTC day of the window, oldest first, empty days included. */
  perDay: z.array(z.object({ day: z.string(), count: Count })),
  /**
   * What the SES-list sync changed on SES's account suppression list in the window, per UTC day
   * (only days with a change). Empty when the sync is off or had nothing to do.
   */
  sesList: z.object({
    added: Count,
    removed: Count,
    perDay: z.array(z.object({ day: z.string(), added: Count, removed: Count })),
  }),
});
export type Suppression = z.infer<typeof SuppressionSchema>;

export const DeadLettersSchema = z.object({
  count: Count,
  /** Distinct last errors, most frequent first; `null` for messages no error was recorded for. */
  errors: z.array(z.object({ error: z.string().nullable(), count: Count, example: z.string() })),
});
export type DeadLetters = z.infer<typeof DeadLettersSchema>;

/**
 * One SES reputation metric (shared/reputation.ts summarises it) against the levels at which
 * SES reviews an account and may pause its sending. Rates are fractions (0.05 = 5 %).
 */
export const RateSchema = z.object({
  /** CloudWatch's metric name, e.g. `Reputation.BounceRate`. */
  metric: z.string(),
  /** The latest hourly value and its hour; absent when SES reported none. */
  now: z.number().optional(),
  at: z.string().optional(),
  /** The highest hourly value of the last 14 days. */
  max: z.number().optional(),
  level: z.enum(['healthy', 'review', 'pause', 'unknown']),
  review: z.number(),
  pause: z.number(),
});
export type Rate = z.infer<typeof RateSchema>;

export const ReputationSchema = z.object({ bounceRate: RateSchema, complaintRate: RateSchema });
export type Reputation = z.infer<typeof ReputationSchema>;

/** One address as the search shows it: status, the incident of its newest sender-side bounce, history. */
export const AddressViewSchema = z.object({
  address: z.string(),
  status: RecipientStatusSchema,
  incident: IncidentSchema.optional(),
  /** Newest first. */
  history: z.array(StoredEventSchema),
});
export type AddressView = z.infer<typeof AddressViewSchema>;

export const DashboardDataSchema = z.object({
  /** Which pipeline: `local pipeline in DIR` or `stack NAME`. */
  source: z.string(),
  generatedAt: z.string(),
  /** The window's resolved start. */
  since: z.string(),
  timeline: TimelineSchema,
  providers: BreakdownSchema,
  domains: BreakdownSchema,
  suppression: SuppressionSchema,
  /** Open incidents first, then those resolved in the window. */
  incidents: z.array(IncidentSchema),
  deadLetters: DeadLettersSchema,
  /** Only with a deployed stack: SES reputation lives in the account's CloudWatch metrics. */
  reputation: ReputationSchema.optional(),
  /**
   * Only in a static report, where no server answers a search: the most recently bounced
   * addresses of the window, by address.
   */
  addresses: z.record(z.string(), AddressViewSchema).optional(),
  /** Set when more addresses bounced in the window than the report holds: how many it holds. */
  addressesCapped: Count.optional(),
});
export type DashboardData = z.infer<typeof DashboardDataSchema>;

/** What the page's address search receives. */
export const AddressAnswerSchema = z.union([
  z.object({ found: z.literal(true), view: AddressViewSchema }),
  z.object({ found: z.literal(false), address: z.string(), error: z.string().optional() }),
]);
export type AddressAnswer = z.infer<typeof AddressAnswerSchema>;
