import type { RuleFamily } from '../types';

const explanation = 'The recipient has left this address: the server says the mailbox moved and keeps no forwarding.';
const remediation =
  'Stop mailing this address. If the bounce names a new address, ask the person to confirm it before you mail it.';

export const hasmoved: RuleFamily = {
  name: 'hasmoved',
  rules: [
    {
      id: 'hasmoved.no-forwarding',
      reason: 'hasmoved',
      match: {
        text: /(?:mailbox|user|recipient|address) has moved|no forwarding address|no longer (?:on|at) (?:this )?server|not our (?:user|customer)|user not local|(?:address|mailbox) is no longer (?:valid|in use|used)/,
      },
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
