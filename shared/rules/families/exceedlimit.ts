import type { RuleFamily } from '../types';

export const exceedlimit: RuleFamily = {
  name: 'exceedlimit',
  rules: [
    {
      id: 'exceedlimit.recipient-limit',
      reason: 'exceedlimit',
      match: { text: /limit set by (?:the )?recipient|exceeds (?:the )?recipient'?s? limit/ },
      party: 'message',
      action: 'shrink-message',
      explanation: 'The message is over a limit the recipient set for their own mailbox, usually on message length.',
      remediation: 'Send a shorter message with large content as links; the recipient can raise their limit if they want it.',
    },
    {
      id: 'exceedlimit.too-many-recipients',
      reason: 'exceedlimit',
      match: { text: /too many recipients|recipient limit|maximum (?:number of )?recipients/ },
      party: 'message',
      action: 'review',
      explanation: 'The message was addressed to more recipients at once than the receiver accepts.',
      remediation: 'Split the send: address each message to one recipient (as SES bulk sending does), or to at most a few dozen.',
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
