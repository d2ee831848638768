import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { deleteMessages, forEachMessage, type OutgoingMessage, releaseMessages, sendMessages } from './queues';

/**
 * A message re-sent to a queue (redrive, or restored after a local restart) gets a new SQS
 * messageId, but the handler recorded its failures under the id it had then. This attribute
 * carries the first id along, so the error stays findable.
 */
export const ORIGINAL_MESSAGE_ID = 'OriginalMessageId';

export interface DeadLetter {
  messageId: string;
  /** The last error the handler recorded for this message, if any. */
  error: string | null;
  body: string;
}

/** Last recorded error per SQS messageId (the store's getFailures). */
export type FailureLookup = (messageIds: string[]) => Promise<ReadonlyMap<string, string>>;

/** The SQS messageId the message had when it was first enqueued. */
export function originalMessageId(message: Message): string {
  return message.MessageAttributes?.[ORIGINAL_MESSAGE_ID]?.StringValue ?? message.MessageId ?? '';
}

/** The ids a message's failures may be recorded under: its own, then the one it first had. */
function failureIds(message: Message): string[] {
  return [...new Set([message.MessageId ?? '', originalMessageId(message)])];
}

/** The message as it must be re-sent so its history stays attached. */
export function resendable(body: string, originalId: string): OutgoingMessage {
  return { body, attributes: { [ORIGINAL_MESSAGE_ID]: originalId } };
}

/** Pair each message with its last recorded error. */
export async function withErrors(messages: readonly Message[], lookup: FailureLookup): Promise<DeadLetter[]> {
  const failures = await lookup([...new Set(messages.flatMap(failureIds))]);
  return messages.map((message) => ({
    messageId: message.MessageId ?? '',
    error: failureIds(message).map((id) => failures.get(id)).find((error) => error !== undefined) ?? null,
    body: message.Body ?? '',
  }));
}

/**
 * Every message in the dead-letter queue, each once, with its error. Read-only: the messages
 * are made visible again when the listing is done.
 */
export async function listDeadLetters(sqs: SQSClient, dlqUrl: string, lookup: FailureLookup): Promise<DeadLetter[]> {
  const seen: Message[] = [];
  try {
    await forEachMessage(sqs, dlqUrl, { visibilityTimeoutSeconds: 60 }, async (messages) => {
      seen.push(...messages);
    });
  } finally {
    await releaseMessages(sqs, dlqUrl, seen);
  }
  return withErrors(seen, lookup);
}

/**
 * Move every dead-lettered message back to the source queue: receive, send, delete (the
 * emulator has no StartMessageMoveTask). A message is deleted only after it was sent, so a
 * crash in between duplicates it at worst, which the handler absorbs.
 */
export async function redriveDeadLetters(sqs: SQSClient, dlqUrl: string, queueUrl: string): Promise<number> {
  let moved = 0;
  await forEachMessage(sqs, dlqUrl, { visibilityTimeoutSeconds: 60 }, async (messages) => {
    await sendMessages(sqs, queueUrl, messages.map((message) => resendable(message.Body ?? '', originalMessageId(message))));
    await deleteMessages(sqs, dlqUrl, messages);
    moved += messages.length;
  });
  return moved;
}
