import type { RuleFamily } from '../types';

const remediation =
  'Spread sending to this receiver over a longer time: lower your SES sending rate or batch size for this domain, and retry deferred messages later rather than at once.';

export const speeding: RuleFamily = {
  name: 'speeding',
  rules: [
    {
      id: 'speeding.recipient-rate',
      reason: 'speeding',
      match: { text: /receiving mail at a rate that|receiving (?:too much|too many) (?:mail|messages)|recipient rate limit/ },
      party: 'recipient',
      action: 'retry',
      explanation: 'This recipient is getting more mail than their provider lets in per hour, from everyone combined, so further messages are refused for now.',
      remediation: 'Retry later; the limit is on the recipient, not on you. If it repeats for one address, mail it less often.',
    },
    {
      id: 'speeding.sender-rate',
      reason: 'speeding',
      match: {
        text: /rate limit(?:ed|ing)?|sending rate|too many (?:messages|mails|emails)|(?:message|mail) (?:rate|volume) (?:exceeded|too high)|throttl|unusual rate|exceeded the (?:maximum )?(?:number of )?(?:messages|emails) (?:per|allowed)/,
      },
      party: 'sender',
      action: 'reduce-rate',
      explanation: 'You sent to this receiver faster than it accepts, so it refused or deferred the excess.',
      remediation,
    },
    {
      id: 'speeding.status',
      reason: 'speeding',
      match: { status: ['4.7.28', '5.7.28'] },
      party: 'sender',
      action: 'reduce-rate',
      explanation: 'The status code (x.7.28) says the receiver saw a flood of mail from your sending IP.',
      remediation,
    },
  ],
};
