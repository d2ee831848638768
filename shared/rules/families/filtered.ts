import type { RuleFamily } from '../types';

const reason = 'filtered';
const party = 'recipient';
const action = 'contact-recipient';

export const filtered: RuleFamily = {
  name: 'filtered',
  rules: [
    {
      id: 'filtered.user-blocklist',
      reason,
      match: {
        // The recipient's own mailbox rules refused the mail. A sender named as listed by the
        // user or the domain is `rejected.user-blocklist` / `rejected.recipient-blocklist`, which
        // come first.
        phrases: [
          'recipient has chosen to block', 'user has chosen to block', 'blocked by the mailbox owner', 'mailbox owner has blocked',
          'recipient is not accepting mail from', 'recipient does not accept mail from', 'not accepting mail from this sender',
        ],
      },
      party,
      action,
      explanation: 'The recipient personally blocked your address or domain in their own mailbox settings.',
      remediation:
        'Only the recipient can undo it, by removing you from their blocked senders. Respect it: if they blocked you on purpose, stop mailing them.',
    },
    {
      id: 'filtered.recipient-filter',
      reason,
      match: {
        phrases: [
          'message filtered', 'filtered by the recipient', 'filtered by recipient', "recipient's filter", 'recipients filter',
          'recipient filter', "user's filter", 'personal filter', "recipient's rule", "user's rule", 'mailbox rule', 'inbox rule',
          'content filter at the recipient', 'rejected by ... mail filter',
        ],
      },
      party,
      action,
      explanation: "A filter at the recipient's side (a mailbox rule or the organisation's filter) refused the message.",
      remediation: 'Ask the recipient to safelist your address; look at the content for anything a strict filter would refuse.',
    },
    {
      id: 'filtered.policy-user-unknown',
      reason,
      match: { phrases: ['user unknown', 'unknown user'], status: ['5.7.'] },
      party,
      action,
      explanation:
        'The server said "user unknown" but under a policy status code (x.7.x); some filters give that answer to senders they refuse, so the address may well exist.',
      remediation:
        'Do not treat the address as dead yet. Check it for typos and confirm it with the recipient another way; if it bounces this way again, stop mailing it.',
    },
  ],
};
