import { z } from 'zod';

/**
 * Parsing of everything that can arrive on the queue or a CLI input line: an SNS envelope
 * around an SES notification, a raw SES notification (`notificationType`), or an SES
 * event-publishing record (`eventType`). The schemas accept unknown extra fields, because SES
 * adds fields over time, and reject what a verdict cannot be built without. Unknown fields are
 * dropped from the result: nothing reads them, and copying them (mail headers can be large)
 * would cost more than the validation.
 */

// Times become sort keys and status order: text that is not a time would sort after every real one.
const isoTimestamp = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time' });

const MailSchema = z.object({
  messageId: z.string().min(1),
  timestamp: isoTimestamp,
  source: z.string().optional(),
  /** The SES identity the message was sent through. */
  sourceArn: z.string().optional(),
  /** Message tags; SES adds `ses:configuration-set` (and others) when sending through a configuration set. */
  tags: z.record(z.string(), z.array(z.string())).optional(),
});

const BouncedRecipientSchema = z.object({
  emailAddress: z.string().min(1),
  action: z.string().optional(),
  status: z.string().optional(),
  diagnosticCode: z.string().optional(),
});

const BounceSchema = z.object({
  bounceType: z.string().min(1),
  bounceSubType: z.string().optional(),
  bouncedRecipients: z.array(BouncedRecipientSchema).min(1),
  timestamp: isoTimestamp,
  feedbackId: z.string().min(1),
  reportingMTA: z.string().optional(),
  /** The IP address of the MTA that answered, when SES reached one. */
  remoteMtaIp: z.string().optional(),
});

const ComplaintSchema = z.object({
  complainedRecipients: z.array(z.object({ emailAddress: z.string().min(1) })).min(1),
  timestamp: isoTimestamp,
  feedbackId: z.string().min(1),
  complaintFeedbackType: z.string().optional(),
  complaintSubType: z.string().nullish(),
});

const DeliverySchema = z.object({
  timestamp: isoTimestamp,
  recipients: z.array(z.string().min(1)).min(1),
  smtpResponse: z.string().optional(),
});

/** The three notification kinds, keyed by the field SES names the kind with. */
const NOTIFICATION_BODIES = {
  Bounce: z.object({ mail: MailSchema, bounce: BounceSchema }),
  Complaint: z.object({ mail: MailSchema, complaint: ComplaintSchema }),
  Delivery: z.object({ mail: MailSchema, delivery: DeliverySchema }),
} as const;
export type NotificationType = keyof typeof NOTIFICATION_BODIES;

/**
 * Event types SES publishes through configuration sets that carry no bounce verdict. They are
 * acknowledged as `ignored` instead of failing, so a configuration set that publishes every
 * event type does not flood the dead-letter queue.
 */
const IGNORED_EVENT_TYPES = new Set([
  'Send',
  'Reject',
  'Open',
  'Click',
  'RenderingFailure',
  'DeliveryDelay',
  'Subscription',
]);

const SnsEnvelopeSchema = z.object({
  Type: z.literal('Notification'),
  Message: z.string(),
});

export type BouncedRecipient = z.infer<typeof BouncedRecipientSchema>;

export type SesNotification =
  | { type: 'Bounce'; mail: z.infer<typeof MailSchema>; bounce: z.infer<typeof BounceSchema> }
  | { type: 'Complaint'; mail: z.infer<typeof MailSchema>; complaint: z.infer<typeof ComplaintSchema> }
  | { type: 'Delivery'; mail: z.infer<typeof MailSchema>; delivery: z.infer<typeof DeliverySchema> };

export type ParseResult = SesNotification | { type: 'ignored'; eventType: string };

/** The one error parsing throws; `message` names what is wrong with the input. */
export class NotificationParseError extends Error {
  override readonly name = 'NotificationParseError';
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new NotificationParseError(`${what} is not JSON (${(error as Error).message})`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseSesNotification(value: unknown, via: string): ParseResult {
  if (!isRecord(value)) {
    throw new NotificationParseError(`${via} is not a JSON object`);
  }
  const kind = value.notificationType ?? value.eventType;
  if (typeof kind !== 'string') {
    throw new NotificationParseError(
      `${via} is not an SES notification: it has neither "notificationType" nor "eventType"`,
    );
  }
  if (IGNORED_EVENT_TYPES.has(kind) || kind === 'AmazonSnsSubscriptionSucceeded') {
    return { type: 'ignored', eventType: kind };
  }
  if (!Object.hasOwn(NOTIFICATION_BODIES, kind)) {
    throw new NotificationParseError(`${via} has unknown SES notification type "${kind}"`);
  }
  const type = kind as NotificationType;
  const parsed = NOTIFICATION_BODIES[type].safeParse(value);
  if (!parsed.success) {
    throw new NotificationParseError(`invalid ${type} notification: ${formatIssues(parsed.error)}`);
  }
  return { type, ...parsed.data } as SesNotification;
}

/**
 * Parse one SQS record body or CLI input line. Throws only NotificationParseError.
 */
export function parseNotification(text: string): ParseResult {
  const value = parseJson(text, 'input');
  if (isRecord(value) && 'Type' in value && !('notificationType' in value) && !('eventType' in value)) {
    const envelope = SnsEnvelopeSchema.safeParse(value);
    if (!envelope.success) {
      throw new NotificationParseError(
        value.Type === 'Notification'
          ? `invalid SNS envelope: ${formatIssues(envelope.error)}`
          : `SNS message of type "${String(value.Type)}" carries no SES notification`,
      );
    }
    return parseSesNotification(parseJson(envelope.data.Message, 'SNS Message'), 'SNS Message');
  }
  return parseSesNotification(value, 'input');
}
