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

/** What the pipeline does with one SES type: uses it (parsed by its schema) or ignores it, and why. */
export type SesTypeHandling = { handling: 'used'; what: string } | { handling: 'ignored'; why: string };

/**
 * Every type SES sends, spelled as SES spells it (`notificationType` of identity notifications,
 * `eventType` of event publishing, which writes "Rendering Failure" with a space), and what
 * happens to it. Ignored types are acknowledged, not failed: they are valid SES output that
 * carries no verdict, so a configuration set publishing every event type fills no dead-letter
 * queue. A type missing here (one SES adds later) is ignored too, with a warning and a metric.
 * Sources: https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html,
 * https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html,
 * https://docs.aws.amazon.com/ses/latest/dg/receiving-email-notifications-contents.html
 */
export const SES_TYPES = {
  Bounce: { handling: 'used', what: 'one verdict per bounced recipient' },
  Complaint: { handling: 'used', what: 'one verdict per complaining recipient, decided by the feedback type' },
  Delivery: { handling: 'used', what: 'no verdict; ends the soft-bounce run of each recipient' },
  Send: { handling: 'ignored', why: 'SES accepted the message; its outcome arrives as Delivery, Bounce or Complaint' },
  Reject: { handling: 'ignored', why: 'SES found a virus and sent nothing: the message is at fault, not the recipient' },
  Open: { handling: 'ignored', why: 'engagement, not a delivery outcome' },
  Click: { handling: 'ignored', why: 'engagement, not a delivery outcome' },
  'Rendering Failure': {
    handling: 'ignored',
    why: 'the template could not be rendered and nothing was sent: the template data is at fault, not the recipient',
  },
  DeliveryDelay: { handling: 'ignored', why: 'SES is still retrying; the final outcome arrives as Delivery or Bounce' },
  Subscription: {
    handling: 'ignored',
    why: "the recipient changed their preferences in SES's subscription management, which SES itself enforces",
  },
  Received: { handling: 'ignored', why: 'mail SES received for you, not mail you sent' },
  AmazonSnsSubscriptionSucceeded: { handling: 'ignored', why: 'the notice SES sends once when a topic is set up' },
} as const satisfies Record<string, SesTypeHandling> & Record<NotificationType, { handling: 'used'; what: string }>;
export type SesType = keyof typeof SES_TYPES;

const SnsEnvelopeSchema = z.object({
  Type: z.literal('Notification'),
  Message: z.string(),
});

/**
 * What SNS puts in a subscribed queue when a subscription to a topic is requested or ended
 * (https://docs.aws.amazon.com/sns/latest/dg/http-subscription-confirmation-json.html).
 */
const SnsSubscriptionSchema = z.object({
  Type: z.enum(['SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  TopicArn: z.string().min(1),
  Token: z.string().min(1),
  SubscribeURL: z.url(),
});

/** An SNS subscription message: which topic, and how to confirm (or, after an unsubscribe, subscribe again). */
export interface SnsSubscriptionMessage {
  messageType: z.infer<typeof SnsSubscriptionSchema>['Type'];
  topicArn: string;
  token: string;
  subscribeUrl: string;
}

export type BouncedRecipient = z.infer<typeof BouncedRecipientSchema>;

export type SesNotification =
  | { type: 'Bounce'; mail: z.infer<typeof MailSchema>; bounce: z.infer<typeof BounceSchema> }
  | { type: 'Complaint'; mail: z.infer<typeof MailSchema>; complaint: z.infer<typeof ComplaintSchema> }
  | { type: 'Delivery'; mail: z.infer<typeof MailSchema>; delivery: z.infer<typeof DeliverySchema> };

/**
 * A notification to use, or one that is valid but carries no verdict: an SES type ignored on
 * purpose (`known`), one SES added after this code was written (not `known`), or an SNS
 * subscription message (`subscription`, its SNS `Type` as `eventType`).
 */
export type ParseResult =
  | SesNotification
  | { type: 'ignored'; eventType: string; known: boolean; subscription?: SnsSubscriptionMessage };

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
  const handling: SesTypeHandling | undefined = Object.hasOwn(SES_TYPES, kind) ? SES_TYPES[kind as SesType] : undefined;
  if (!handling) {
    // Every SES notification and event record describes a message: without one it is not SES output.
    if (!isRecord(value.mail)) {
      throw new NotificationParseError(`${via} has unknown SES notification type "${kind}" and no "mail" object`);
    }
    return { type: 'ignored', eventType: kind, known: false };
  }
  if (handling.handling === 'ignored') return { type: 'ignored', eventType: kind, known: true };
  const type = kind as NotificationType;
  const parsed = NOTIFICATION_BODIES[type].safeParse(value);
  if (!parsed.success) {
    throw new NotificationParseError(`invalid ${type} notification: ${formatIssues(parsed.error)}`);
  }
  return { type, ...parsed.data } as SesNotification;
}

/**
 * How far from now a notification's times may lie, in days: SES reports within days of sending,
 * a complaint can come months later, and a day ahead allows for clock skew. A time outside would
 * become a sort key at the top or bottom of every listing, and (far ahead) a TTL that never
 * expires.
 */
export const TIMESTAMP_WINDOW_DAYS = { back: 365, ahead: 1 } as const;
const DAY_MS = 86_400_000;

export interface ParseOptions {
  /**
   * Check every time of the notification against TIMESTAMP_WINDOW_DAYS around `now`. The
   * pipeline does; without it any ISO 8601 time is accepted (`bounces classify` reads archives).
   */
  now?: Date;
}

function checkTimes(notification: SesNotification, now: Date): void {
  const event =
    notification.type === 'Bounce'
      ? notification.bounce
      : notification.type === 'Complaint'
        ? notification.complaint
        : notification.delivery;
  const times = [
    ['mail.timestamp', notification.mail.timestamp],
    [`${notification.type.toLowerCase()}.timestamp`, event.timestamp],
  ] as const;
  const from = now.getTime() - TIMESTAMP_WINDOW_DAYS.back * DAY_MS;
  const to = now.getTime() + TIMESTAMP_WINDOW_DAYS.ahead * DAY_MS;
  for (const [path, time] of times) {
    const ms = Date.parse(time);
    if (ms < from || ms > to) {
      throw new NotificationParseError(
        `invalid ${notification.type} notification: ${path}: ${time} is outside the accepted window, ` +
          `${TIMESTAMP_WINDOW_DAYS.back} days back to ${TIMESTAMP_WINDOW_DAYS.ahead} day ahead of now ` +
          `(${new Date(from).toISOString()} to ${new Date(to).toISOString()})`,
      );
    }
  }
}

/**
 * Parse one SQS record body or CLI input line. Throws only NotificationParseError.
 */
export function parseNotification(text: string, options: ParseOptions = {}): ParseResult {
  const parsed = parseValue(parseJson(text, 'input'));
  if (options.now && parsed.type !== 'ignored') checkTimes(parsed, options.now);
  return parsed;
}

function parseValue(value: unknown): ParseResult {
  if (isRecord(value) && 'Type' in value && !('notificationType' in value) && !('eventType' in value)) {
    if (value.Type === 'SubscriptionConfirmation' || value.Type === 'UnsubscribeConfirmation') {
      return subscriptionMessage(value);
    }
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

function subscriptionMessage(value: Record<string, unknown>): ParseResult {
  const parsed = SnsSubscriptionSchema.safeParse(value);
  if (!parsed.success) {
    throw new NotificationParseError(`invalid SNS ${String(value.Type)}: ${formatIssues(parsed.error)}`);
  }
  const { Type, TopicArn, Token, SubscribeURL } = parsed.data;
  return {
    type: 'ignored',
    eventType: Type,
    known: true,
    subscription: { messageType: Type, topicArn: TopicArn, token: Token, subscribeUrl: SubscribeURL },
  };
}
