import type { RuleFamily } from '../types';

const explanation = "The recipient's mailbox is over its storage quota, so new mail is refused until they make room.";
const remediation =
  'Nothing to fix on your side: retry later. A mailbox that stays full for weeks is usually abandoned; remove it if it keeps bouncing this way.';

export const mailboxfull: RuleFamily = {
  name: 'mailboxfull',
  rules: [
    {
      id: 'mailboxfull.over-quota',
      reason: 'mailboxfull',
      match: {
        text: /mailbox (?:is )?full|mailbox (?:size )?(?:limit )?exceeded|mailbox has exceeded|over (?:the |their |its )?(?:quota|storage)|quota (?:exceeded|full)|exceeded (?:the |their |its )?(?:storage|quota)|insufficient (?:storage|disk space)|not enough (?:disk |storage )?space|inbox is full|mail ?folder is full|out of storage/,
      },
      party: 'recipient',
      action: 'retry',
      explanation,
      remediation,
    },
    {
      id: 'mailboxfull.status',
      reason: 'mailboxfull',
      match: { status: ['5.2.2', '4.2.2'] },
      party: 'recipient',
      action: 'retry',
      explanation: 'The status code (x.2.2) says the mailbox is full.',
      remediation,
    },
    {
      id: 'mailboxfull.ses',
      reason: 'mailboxfull',
      match: { ses: ['*/MailboxFull'] },
      party: 'recipient',
      action: 'retry',
      explanation,
      remediation,
    },
  ],
};
