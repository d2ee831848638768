import type { RuleFamily } from '../types';

const reduce =
  'Most receivers allow only a handful of simultaneous connections per sending IP; some (Rackspace, for one) allow five. SES manages its own connections; if you relay through your own server, cap concurrent connections to this receiver at five or fewer and let the deferred mail retry.';

export const toomanyconn: RuleFamily = {
  name: 'toomanyconn',
  rules: [
    {
      id: 'toomanyconn.concurrent-connections',
      reason: 'toomanyconn',
      match: {
        text: /too many (?:concurrent |simultaneous |open |parallel |smtp )?(?:connections|sessions)|concurrent connections|connection (?:count|limit) (?:exceeded|reached)/,
      },
      party: 'sender',
      action: 'reduce-rate',
      explanation: 'The sending server held more connections open to this receiver at once than it permits.',
      remediation: reduce,
    },
    {
      id: 'toomanyconn.frequency-limited',
      reason: 'toomanyconn',
      match: { text: /(?:connection|ip) frequency limited|too many connections from|connection rate limit/ },
      party: 'sender',
      action: 'reduce-rate',
      explanation: 'The receiver limits how often one IP may connect, and the sending IP went over that limit.',
      remediation: `Slow down sending to this receiver and retry later. ${reduce}`,
    },
  ],
};
