import type { RuleFamily } from '../types';

export const exceedlimit: RuleFamily = {
  name: 'exceedlimit',
  rules: [
    {
      id: 'exceedlimit.recipient-limit',
      reason: 'exceedlimit',
      match: {
        phrases: ['limit set by ... recipient', "exceeds ... recipient's limit", 'exceeds ... recipients limit', 'exceeds the recipient limit'],
      },
      party: 'message',
      action: 'shrink-message',
      explanation: 'The message is over a limit the recipient set for their own mailbox, usually on message length.',
      remediation: 'Send a shorter message with large content as links; the recipient can raise their limit if they want it.',
    },
    {
      id: 'exceedlimit.too-many-recipients',
      reason: 'exceedlimit',
      // RFC 3463 x.5.3 "Too many recipients"; RFC 5321 452 "Too many recipients" (§4.5.3.1.10);
      // Gmail 4.5.3 "Your message has too many recipients"; Microsoft
      // "RESOLVER.RST.RecipLimit"; RFC 3463 x.2.3 "Message length exceeds administrative limit".
      match: {
        phrases: [
          'too many recipients',
          'recipient limit',
          'recipients limit',
          'maximum number of recipients',
          'maximum recipients',
          'max recipients',
          'number of recipients ... exceed*',
          'exceeded ... number of recipients',
          'reciplimit',
          'number of rcpt*',
          'per transaction exceeded',
          'recipients per ... limit',
          'domains per transaction',
          'rcpt numbers',
          'recipient numbers',
          'message length exceeds',
          'header size limit*',
        ],
        unless: ['rate', 'per hour', 'per day', 'per minute', 'too many messages'],
      },
      party: 'message',
      action: 'review',
      explanation: 'The message was addressed to more recipients at once than the receiver accepts, or is longer than its administrative limit.',
      remediation: 'Split the send: address each message to one recipient (as SES bulk sending does), or to at most a few dozen, and keep messages short.',
    },
    {
      id: 'exceedlimit.status',
      reason: 'exceedlimit',
      match: { status: ['5.2.3', '4.2.3', '5.5.3', '4.5.3'] },
      party: 'message',
      action: 'review',
      explanation: 'The status code says the message exceeds an administrative limit (its length, or the number of recipients).',
      remediation: 'Send smaller messages to fewer recipients at a time.',
    },
  ],
};
