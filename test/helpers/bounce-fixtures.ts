import { randomUUID } from 'node:crypto';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type SesNotification, parseNotification } from '../../shared/notification';
import { type TableNames, createTableInputs } from '../../shared/store/schema';

/** SES notifications and throwaway tables for the store and handler tests. */

export async function createTables(dynamo: DynamoDBClient, prefix: string): Promise<TableNames> {
  const id = randomUUID().slice(0, 8);
  const tables = { recipients: `${prefix}Recipients-${id}`, events: `${prefix}Events-${id}` };
  for (const input of createTableInputs(tables)) await dynamo.send(new CreateTableCommand(input));
  return tables;
}

/** A fresh address per test, so tests share tables without seeing each other's data. */
export const address = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.com`;

const DAY_MS = 86_400_000;
/**
 * The clock origin: event times are days after it. Midnight 60 days ago, so that every `day(n)`
 * a test uses lies within the pipeline's timestamp window (a year back, a day ahead).
 */
const ORIGIN = Math.floor(Date.now() / DAY_MS) * DAY_MS - 60 * DAY_MS;
export const day = (days: number) => new Date(ORIGIN + days * DAY_MS).toISOString();

const mail = (at: string) => ({ messageId: `mail-${randomUUID()}`, timestamp: at, source: 'news@example.com' });

const BOUNCES = {
  hard: ['Permanent', 'General', '5.1.1', '550 5.1.1 Recipient address rejected: User unknown'],
  soft: ['Transient', 'MailboxFull', '4.2.2', '452 4.2.2 Mailbox full'],
  blocklisted: ['Permanent', 'General', '5.7.1', '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org'],
} as const;
export type BounceKind = keyof typeof BOUNCES;

export function bounceBody(recipients: string | string[], at: string, kind: BounceKind = 'hard') {
  const [bounceType, bounceSubType, status, diagnostic] = BOUNCES[kind];
  return {
    notificationType: 'Bounce',
    mail: mail(at),
    bounce: {
      bounceType,
      bounceSubType,
      feedbackId: `feedback-${randomUUID()}`,
      timestamp: at,
      bouncedRecipients: [recipients].flat().map((emailAddress) => ({
        emailAddress,
        action: 'failed',
        status,
        diagnosticCode: `smtp; ${diagnostic}`,
      })),
    },
  };
}

export function complaintBody(recipient: string, at: string) {
  return {
    notificationType: 'Complaint',
    mail: mail(at),
    complaint: {
      feedbackId: `feedback-${randomUUID()}`,
      timestamp: at,
      complaintFeedbackType: 'abuse',
      complainedRecipients: [{ emailAddress: recipient }],
    },
  };
}

export function deliveryBody(recipient: string, at: string) {
  return {
    notificationType: 'Delivery',
    mail: mail(at),
    delivery: { timestamp: at, recipients: [recipient], smtpResponse: '250 2.0.0 OK' },
  };
}

/** What SNS delivers to SQS: the notification as a JSON string inside an envelope. */
export function snsEnvelope(body: object): string {
  return JSON.stringify({ Type: 'Notification', MessageId: randomUUID(), Message: JSON.stringify(body) });
}

export function parsed(body: object): SesNotification {
  const notification = parseNotification(JSON.stringify(body));
  if (notification.type === 'ignored') throw new Error('fixture parsed as ignored');
  return notification;
}

/**
 * Make a real client fail requests `fault` picks, before they are sent (and before the SDK's
 * retries, so a fault is final for that call).
 */
export function injectFault(
  dynamo: DynamoDBClient,
  fault: (commandName: string, input: Record<string, unknown>) => Error | undefined,
): void {
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const error = fault(context.commandName ?? '', args.input as Record<string, unknown>);
      if (error) throw error;
      return next(args);
    },
    { step: 'initialize', name: 'injectFault' },
  );
}
