import { ConfirmSubscriptionCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SnsSubscriptionMessage } from '../../shared/notification';
import { errorText } from '../../shared/text';

/**
 * SNS puts a SubscriptionConfirmation in the queue when a subscription of the queue to a topic
 * waits for confirmation (a topic in another account, for one), and an UnsubscribeConfirmation
 * when it ended. Only the pipeline's own topic may be confirmed: confirming any topic that
 * asks would let anyone who can name the queue feed it.
 */
export interface SubscriptionConfirmer {
  /** The pipeline's own topic. */
  topicArn: string;
  confirm(message: SnsSubscriptionMessage): Promise<void>;
}

/** Confirms with SNS's ConfirmSubscription and the message's token (no URL is fetched). */
export function snsConfirmer(sns: SNSClient, topicArn: string): SubscriptionConfirmer {
  return {
    topicArn,
    async confirm(message) {
      await sns.send(new ConfirmSubscriptionCommand({ TopicArn: message.topicArn, Token: message.token }));
    },
  };
}

/** What became of a subscription message, for the log. */
export interface SubscriptionOutcome {
  level: 'info' | 'warn' | 'error';
  message: string;
  details: Record<string, string>;
}

/**
 * Confirm, or say clearly what a person must do. Never a failed record: a retry cannot change
 * the answer, so the message is consumed whatever happens.
 */
export async function handleSubscription(
  message: SnsSubscriptionMessage,
  confirmer: SubscriptionConfirmer | undefined,
): Promise<SubscriptionOutcome> {
  const { messageType, topicArn, subscribeUrl } = message;
  if (!confirmer) {
    return {
      level: 'warn',
      message:
        messageType === 'SubscriptionConfirmation'
          ? `SNS asks to confirm the queue's subscription to ${topicArn}: if this is the pipeline's topic, open the SubscribeURL`
          : `the queue was unsubscribed from ${topicArn}: if this is the pipeline's topic, open the SubscribeURL to subscribe again`,
      details: { messageType, topicArn, subscribeUrl },
    };
  }
  if (topicArn !== confirmer.topicArn) {
    return {
      level: 'warn',
      message: `dropped an SNS ${messageType} of ${topicArn}, which is not the pipeline's topic`,
      details: { messageType, topicArn, pipelineTopicArn: confirmer.topicArn },
    };
  }
  if (messageType === 'UnsubscribeConfirmation') {
    return {
      level: 'warn',
      message: "the queue was unsubscribed from the pipeline's topic: no notification arrives until it is subscribed again (open the SubscribeURL)",
      details: { messageType, topicArn, subscribeUrl },
    };
  }
  try {
    await confirmer.confirm(message);
    return { level: 'info', message: "confirmed the queue's subscription to the pipeline's topic", details: { topicArn } };
  } catch (error) {
    return {
      level: 'error',
      message: "could not confirm the queue's subscription to the pipeline's topic: open the SubscribeURL to confirm it",
      details: { topicArn, subscribeUrl, error: errorText(error) },
    };
  }
}
