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
      // Symantec.cloud "553 Message filtered"
      // (https://github.com/ActiveCampaign/smtp-field-manual/blob/master/data/codes/553.json).
      match: {
        phrases: [
          'message filtered', 'filtered by the recipient', 'filtered by recipient', "recipient's filter", 'recipients filter',
          'recipient filter', "user's filter", 'personal filter', "recipient's rule", "user's rule", 'mailbox rule', 'inbox rule',
          'content filter at the recipient', 'rejected by ... mail filter',
        ],
        // A filter that says what it found (spam, a virus, a listed sender) has judged the
        // message, not the recipient's wishes: the evidence for that finding decides.
        unless: ['spam*', 'virus*', 'malware', 'phish*', 'blacklist*', 'blocklist*', 'dnsbl', 'rbl'],
      },
      party,
      action,
      explanation: "A filter at the recipient's side (a mailbox rule or the organisation's filter) refused the message.",
      remediation: 'Ask the recipient to safelist your address; look at the content for anything a strict filter would refuse.',
    },
    {
      id: 'filtered.refused-by-recipient',
      reason,
      // The person (not a server fault, not a missing mailbox) refuses the message: the
      // mailbox's own "reject" setting or block list, as carriers' and webmail providers'
      // mailbox settings offer it. A dead or full mailbox worded the same way is left to its
      // family, and so is a refusal by the receiving server or domain. A reply: "rejected by
      // this user" (https://github.com/zone-eu/zone-mta/pull/251).
      match: {
        phrases: [
          'refused to receive',
          'refuses to receive',
          'refuse to receive',
          'user refused',
          'recipient refused',
          'rejected by this user',
          'rejected by the user',
          'rejected by user',
          'rejected by ... recipient',
          'refused by ... recipient',
          'refused by ... user',
          'declined by ... recipient',
        ],
        unless: ['unknown', 'not found', 'no such', 'no* exist*', 'invalid', 'full', 'quota', 'disabled', 'suspended', 'server', 'system', 'domain', 'host', 'mx', 'unavailable'],
      },
      party,
      action,
      explanation: 'The recipient (their own mailbox settings, not the server) refused this message.',
      remediation:
        'Only the recipient can change this. Ask them through another channel whether they want your mail; if not, stop mailing them.',
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
