import type { RuleFamily } from '../types';
import { SENDER_ADDRESS } from './guards';

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
      // RFC 7505 §3 (null MX, 556 / 5.1.10 "Recipient address has null MX"); RFC 3463 x.3.2
      // "System not accepting network messages"; Postfix "does not accept mail (nullMX)"; qmail
      // "Sorry, I couldn't find a mail exchanger or IP address" (no MX and no address: nowhere
      // that takes mail).
      // "Does not accept mail from <you>" is a refusal of the sender, and "for <domain>" of
      // relaying, so those words veto the rule.
      match: {
        phrases: [
          'null mx',
          'nullmx',
          'does not accept mail',
          "doesn't accept mail",
          'does not accept email',
          "doesn't accept email",
          'does not accept e-mail',
          'does not receive mail',
          "doesn't receive mail",
          'accepts no mail',
          'no mx record',
          'indicated no smtp service',
          "couldn't find a mail exchanger",
          'could not find a mail exchanger',
        ],
        unless: [...SENDER_ADDRESS, 'email from', 'e-mail from', 'messages from', 'mail for', 'relay*', 'your ip', 'your host', 'your server', 'spam'],
      },
      party: 'recipient',
      action: 'suppress',
      explanation,
      remediation,
    },
    {
      id: 'notaccept.not-accepting',
      reason: 'notaccept',
      // RFC 3463 x.3.2 "System not accepting network messages": permanent (5.3.2), the host
      // takes no mail at all; temporary (4.3.2), it is shutting down or overloaded
      // (`systemerror.service-unavailable`).
      match: {
        phrases: ['not accepting network messages', 'not accepting messages'],
        status: ['5.'],
        unless: [...SENDER_ADDRESS, 'messages from', 'relay*', 'your ip', 'your host', 'your server', 'spam'],
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
