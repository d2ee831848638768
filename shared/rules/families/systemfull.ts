import type { RuleFamily } from '../types';

const explanation = 'The receiving mail system ran out of disk space, so it cannot take any message for now.';
const remediation = "Retry later; the recipient's provider must free space. Nothing is wrong with the address or your message.";

export const systemfull: RuleFamily = {
  name: 'systemfull',
  rules: [
    {
      id: 'systemfull.disk-full',
      reason: 'systemfull',
      match: { text: /insufficient system storage|(?:mail )?system (?:is )?full|no space left|disk (?:is )?full|out of disk space/ },
      party: 'infrastructure',
      action: 'retry',
      explanation,
      remediation,
    },
    {
      id: 'systemfull.status',
      reason: 'systemfull',
      match: { status: ['4.3.1', '5.3.1'] },
      party: 'infrastructure',
      action: 'retry',
      explanation: 'The status code (x.3.1) says the receiving mail system is full.',
      remediation,
    },
  ],
};
