import type { RuleFamily } from '../types';

const party = 'infrastructure';
const action = 'retry';
const remediation =
  'The address may be fine: try once more later. If the same domain keeps timing out for days, its mail servers are down or gone; confirm the address with the person before mailing it again.';

export const expired: RuleFamily = {
  name: 'expired',
  rules: [
    {
      id: 'expired.gave-up',
      reason: 'expired',
      // RFC 3463 x.4.7 "Delivery time expired"; Exim "retry timeout exceeded" and "retry time
      // not reached for any host after a long failure period"; Sendmail "Message could not be
      // delivered for 5 days" / "Cannot send message for 5 days"; qmail "this message has been
      // in the queue too long"; Exchange "QUEUE.Expired; message expired"; Domino "Delivery
      // time expired"; MTAs that count attempts ("Delivery failed after 20 attempts").
      match: {
        phrases: [
          'retry timeout exceeded',
          'retry time not reached ... long failure period',
          'envelope expired',
          'message expired',
          'message has expired',
          'delivery time expired',
          'delivery expired',
          'queue.expired',
          'not delivered within',
          'in the time limit specified',
          'could not be delivered for',
          'cannot send message for',
          'could not deliver ... for more than',
          'in the queue too long',
          'in queue too long',
          'queue lifetime',
          'failing for a long time',
          'after multiple retries',
          'will be retried for',
          'has been delayed',
          'giving up',
          'gave up',
          'stopped trying',
          'failed after ... attempts',
          'after ... delivery attempts',
          'maximum number of delivery attempts',
          'delivery attempts ... exceeded',
          'retry limit',
          'maximum number of retries',
          'max retries',
          'retries exceeded',
          'attempts exhausted',
          'retries exhausted',
        ],
      },
      party,
      action,
      explanation: 'The sending side kept retrying and gave up when the retry period ran out; the last error was temporary.',
      remediation,
    },
    {
      id: 'expired.unreachable',
      reason: 'expired',
      // Gmail "The recipient server did not accept our requests to connect".
      match: {
        phrases: [
          'connection timed out',
          'timed out',
          'did not accept our requests to connect',
          'host not reachable',
          'unable to connect',
          'failed to connect',
          'could not connect',
        ],
      },
      party,
      action,
      explanation: "The receiving server did not answer, or could not be reached at all, until delivery attempts ran out.",
      remediation,
    },
    {
      id: 'expired.status',
      reason: 'expired',
      match: { status: ['4.4.7', '5.4.7'] },
      party,
      action,
      explanation: 'The status code (x.4.7) says delivery time expired before the message could be delivered.',
      remediation,
    },
  ],
};
