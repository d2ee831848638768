import type { RuleFamily } from '../types';

export const mailererror: RuleFamily = {
  name: 'mailererror',
  rules: [
    {
      id: 'mailererror.delivery-program',
      reason: 'mailererror',
      match: {
        text: /mailer error|pipe to \||procmail|maildrop|local delivery (?:failed|agent)|delivery agent|command (?:died|failed)|exit (?:code|status) \d|operating system error|lock failure|unable to execute/,
      },
      party: 'infrastructure',
      action: 'retry',
      explanation:
        "The receiving server accepted the message, but the program that files it into the mailbox (procmail, a pipe, a local delivery agent) failed.",
      remediation:
        "Retry later. If it repeats, only the recipient's mail administrator can fix their delivery program; tell the person through another channel.",
    },
  ],
};
