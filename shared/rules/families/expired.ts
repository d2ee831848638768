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
      match: {
        text: /retry timeout exceeded|envelope expired|message expired|delivery time expired|not delivered within|could not be delivered for|in the queue too long|failing for a long time|after multiple retries|will be retried for|has been delayed|queue lifetime|giving up/,
      },
      party,
      action,
      explanation: 'The sending side kept retrying and gave up when the retry period ran out; the last error was temporary.',
      remediation,
    },
    {
      id: 'expired.unreachable',
      reason: 'expired',
      match: {
        text: /connection timed out|timed out|did not accept our requests to connect|host not reachable|unable to connect|failed to connect|could not connect|connection refused/,
      },
      party,
      action,
      explanation: "The receiving server could not be reached (no answer or connection refused) until delivery attempts ran out.",
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
