import type { RuleFamily } from '../types';
import { SENDER_ADDRESS } from './guards';

const explanation = 'The recipient has left this address: the server says the mailbox moved and keeps no forwarding.';
const remediation =
  'Stop mailing this address. If the bounce names a new address, ask the person to confirm it before you mail it.';

export const hasmoved: RuleFamily = {
  name: 'hasmoved',
  rules: [
    {
      id: 'hasmoved.no-forwarding',
      reason: 'hasmoved',
      // RFC 3463 x.1.6 "Destination mailbox has moved, No forwarding address"; RFC 5321 551
      // "User not local; please try <forward-path>"; Microsoft 5.1.6 (recipient address changed).
      match: {
        phrases: [
          'mailbox has moved',
          'user has moved',
          'recipient has moved',
          'address has moved',
          'account has moved',
          'no forwarding address',
          'no longer on this server',
          'no longer on server',
          'no longer at this server',
          'user not local',
          'address has changed',
        ],
        unless: SENDER_ADDRESS,
      },
      party: 'recipient',
      action: 'suppress',
      explanation,
      remediation,
    },
    {
      id: 'hasmoved.user-not-local',
      reason: 'hasmoved',
      // RFC 5321 §4.2.2: 551 "User not local; please try <forward-path>". Under that code a
      // bare "not our user" means the person is served elsewhere now; under 550 it is a plain
      // unknown user.
      match: { phrases: ['not our user', 'not our customer', 'not local'], replyCode: [551] },
      party: 'recipient',
      action: 'suppress',
      explanation,
      remediation,
    },
    {
      id: 'hasmoved.status',
      reason: 'hasmoved',
      match: { status: ['5.1.6', '5.7.17', '5.7.18'] },
      party: 'recipient',
      action: 'suppress',
      explanation: 'The status code says the mailbox or its domain changed owner or moved (x.1.6, x.7.17, x.7.18).',
      remediation,
    },
  ],
};
