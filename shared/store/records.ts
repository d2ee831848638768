import { z } from 'zod';
import { REASON_NAMES, SOFT_BOUNCE_ESCALATION } from '../reasons';
import { ACTIONS, BlocklistSchema, PARTIES, PERMANENCES, VerdictSchema } from '../verdict';

/**
 * The shapes items have in DynamoDB and leave the store in. The query API and the typed client
 * validate with the same schemas, so a change here is a change of their contract.
 */

/** A change made to SES's account suppression list on the strength of a verdict. */
export const SuppressionChangeSchema = z.object({
  action: z.enum(['put', 'delete']),
  /** SES's list reason, for `put`. */
  reason: z.enum(['BOUNCE', 'COMPLAINT']).optional(),
  why: z.string(),
  at: z.string(),
});
export type SuppressionChange = z.infer<typeof SuppressionChangeSchema>;

/** Why a recipient was suppressed: a dead-address reason, or repeated soft bounces. */
export const SuppressedReasonSchema = z.union([z.enum(REASON_NAMES), z.literal(SOFT_BOUNCE_ESCALATION)]);

/** Transient recipient-side bounces in a row, not interrupted by a delivery. */
export const SoftRunSchema = z.object({
  count: z.number().int().nonnegative(),
  /** Time of the run's first bounce. */
  since: z.string().optional(),
  /** Time of the last delivery that ended a run: bounces before it never count again. */
  resetAt: z.string().optional(),
});
export type SoftRun = z.infer<typeof SoftRunSchema>;

/** What the pipeline knows about one normalised address. */
export const RecipientStatusSchema = z.object({
  address: z.string(),
  domain: z.string(),
  /** Sticky: once true, no later event (not even a delivery) sets it back. */
  suppressed: z.boolean(),
  suppressedAt: z.string().optional(),
  suppressedReason: SuppressedReasonSchema.optional(),
  // Of the newest event by event time, whatever order events arrived in.
  reason: z.enum(REASON_NAMES).optional(),
  /** `suppress` whenever the recipient is suppressed, else the newest event's action. */
  action: z.enum(ACTIONS).optional(),
  party: z.enum(PARTIES).optional(),
  permanence: z.enum(PERMANENCES).optional(),
  blocklist: BlocklistSchema.optional(),
  lastDiagnostic: z.string().optional(),
  lastFeedbackId: z.string().optional(),
  lastMessageId: z.string().optional(),
  lastEventAt: z.string().optional(),
  lastEventKey: z.string().optional(),
  /** Time of the earliest bounce or complaint. */
  firstBounceAt: z.string().optional(),
  /** Every bounce: permanent, transient and undetermined. */
  bounceCount: z.number().int().nonnegative(),
  hardBounceCount: z.number().int().nonnegative(),
  softBounceCount: z.number().int().nonnegative(),
  complaintCount: z.number().int().nonnegative(),
  softRun: SoftRunSchema,
});
export type RecipientStatus = z.infer<typeof RecipientStatusSchema>;

/** The recipient item: the status plus the bookkeeping that makes writes idempotent. */
export const RecipientItemSchema = RecipientStatusSchema.extend({
  /** Tags of the last applied events, newest first: a redelivered event is found here. */
  recentTags: z.array(z.string()),
  /** Optimistic lock: every write expects the revision it read. */
  revision: z.number().int().nonnegative(),
  /** Present only while suppressed, so the sparse bySuppressed index lists exactly those. */
  suppressedShard: z.string().optional(),
  /** Every recipient's partition in the byShard index, which counts recipients. */
  recipientShard: z.string(),
});
export type RecipientItem = z.infer<typeof RecipientItemSchema>;

/**
 * One verdict as stored in the history. `explanation` and `remediation` are not stored: they
 * are the rule's texts (found by `rule`), and leaving them out keeps an event under 1 KB, i.e.
 * one write unit for the table and one per index.
 */
export const StoredEventSchema = VerdictSchema.omit({ recipient: true, explanation: true, remediation: true }).extend({
  address: z.string(),
  /** `${timestamp}#${feedbackId}`. */
  eventKey: z.string(),
  domain: z.string(),
  /** Epoch seconds when DynamoDB's TTL deletes the event. */
  expiresAt: z.number().int(),
  /** What the pipeline changed on SES's suppression list for this event, and why. */
  suppressionChange: SuppressionChangeSchema.optional(),
});
export type StoredEvent = z.infer<typeof StoredEventSchema>;
