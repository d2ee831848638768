import type { RuleFamily } from '../types';

export const norelaying: RuleFamily = {
  name: 'norelaying',
  rules: [
    {
      id: 'norelaying.relay-denied',
      reason: 'norelaying',
      match: {
        text: /relay(?:ing)? (?:access )?(?:denied|not permitted|not allowed|prohibited|refused)|no relaying|insecure mail relay|unable to relay|(?:not permitted|not allowed) to relay|we do not relay/,
      },
      party: 'recipient',
      action: 'review',
      explanation: "The server that answered for the recipient's domain does not consider itself responsible for that domain, so it refused to pass the mail on.",
      remediation:
        "Check the recipient address for a mistyped domain. If it is right, the recipient's domain has stale MX records or a misconfigured server; only its administrator can fix that, so reach the person another way.",
    },
    {
      id: 'norelaying.status',
      reason: 'norelaying',
      match: { status: ['5.7.64', '5.4.310'] },
      party: 'recipient',
      action: 'review',
      explanation: 'The status code says the receiving server is not set up to accept mail for the recipient domain.',
      remediation: "Check the domain for typos; otherwise the recipient's administrator must fix their mail routing.",
    },
  ],
};
