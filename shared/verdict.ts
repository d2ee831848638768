import { z } from 'zod';
import { PROVIDER_IDS } from './providers';
import { REASON_NAMES } from './reasons';

export const PERMANENCES = ['permanent', 'transient', 'undetermined'] as const;
export type Permanence = (typeof PERMANENCES)[number];

/** Who must act for mail to flow again; `nobody` when a retry alone delivers (greylisting). */
export const PARTIES = ['recipient', 'sender', 'message', 'infrastructure', 'unknown', 'nobody'] as const;
export type Party = (typeof PARTIES)[number];

/** The one thing the sender should do next. */
export const ACTIONS = [
  'suppress',
  'retry',
  'fix-authentication',
  'request-delisting',
  'fix-sender-address',
  'reduce-rate',
  'revise-content',
  'shrink-message',
  'remove-attachment',
  'contact-recipient',
  'review',
] as const;
export type Action = (typeof ACTIONS)[number];

export const BlocklistSchema = z.object({ name: z.string(), delistUrl: z.url() });
export type Blocklist = z.infer<typeof BlocklistSchema>;

/**
 * One verdict per bounced or complaining recipient. The schema is the contract for the CLI's
 * JSON lines, the event history and the typed client; types are inferred from it.
 */
export const VerdictSchema = z.object({
  recipient: z.string(),
  notificationType: z.enum(['Bounce', 'Complaint']),
  reason: z.enum(REASON_NAMES),
  permanence: z.enum(PERMANENCES),
  suppress: z.boolean(),
  party: z.enum(PARTIES),
  action: z.enum(ACTIONS),
  /** Stable id of the rule that matched, e.g. `blocked.spamhaus`. */
  rule: z.string(),
  /**
   * How the verdict was reached: `rule` (a rule recognised the reply), `code` (only the status
   * or reply code, or SES's bounce type), `evidence` (no rule; the words point to the reason),
   * `none` (nothing says why). Complaints are `rule`. Absent on events stored by 0.1.
   */
  confidence: z.enum(['rule', 'code', 'evidence', 'none']).optional(),
  explanation: z.string(),
  remediation: z.string(),
  blocklist: BlocklistSchema.optional(),
  /** The receiving mailbox provider or filtering service (see shared/providers.ts); `other` when unknown. */
  provider: z.enum(PROVIDER_IDS).optional(),
  /** The receiving provider's or blocklist's own page about this reply (URL). */
  reference: z.url().optional(),
  // Evidence: what the verdict was drawn from.
  status: z.string().optional(),
  replyCode: z.number().int().optional(),
  diagnostic: z.string().optional(),
  bounceType: z.string().optional(),
  bounceSubType: z.string().optional(),
  complaintFeedbackType: z.string().optional(),
  feedbackId: z.string(),
  messageId: z.string(),
  /** When the bounce or complaint happened (ISO 8601). */
  timestamp: z.string(),
  /** When the original message was sent (ISO 8601). */
  mailTimestamp: z.string().optional(),
});
export type Verdict = z.infer<typeof VerdictSchema>;
