import type { RuleFamily } from '../types';

const explanation =
  "The recipient's domain declares that it accepts no mail at all (a null MX record, RFC 7505) or has no mail server to deliver to.";
const remediation =
  'Stop mailing addresses at this domain; the owner has said it takes no mail. Check the domain for typos, and ask the person for another address.';

export const notaccept: RuleFamily = {
  name: 'notaccept',
  rules: [
    {
      id: 'notaccept.null-mx',
      reason: 'notaccept',
      match: {
        text: /null mx|(?:does not|doesn't) (?:accept|receive) (?:e-?mail|mail)|not accepting (?:network )?messages|no mx record|couldn't find a mail exchanger|accepts no mail/,
      },
      party: 'recipient',
      action: 'suppress',
      explanation,
      remediation,
    },
    {
      id: 'notaccept.status',
      reason: 'notaccept',
      match: { status: ['5.1.10', '5.3.2'] },
      party: 'recipient',
      action: 'suppress',
      explanation: 'The status code says the recipient domain has a null MX (x.1.10) or its system accepts no network mail (x.3.2).',
      remediation,
    },
  ],
};
