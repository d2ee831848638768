import type { RuleFamily } from '../types';

const explanation = 'The receiving mail system ran out of disk space, so it cannot take any message for now.';
const remediation = "Retry later; the recipient's provider must free space. Nothing is wrong with the address or your message.";

export const systemfull: RuleFamily = {
  name: 'systemfull',
  rules: [
    {
      id: 'systemfull.disk-full',
      reason: 'systemfull',
      // RFC 5321 452 "Requested action not taken: insufficient system storage"; RFC 3463 x.3.1
      // "Mail system full"; Sendmail 452 4.4.5 "Insufficient disk space; try again later";
      // Microsoft 4.3.1 "Insufficient system resources"; qmail "qq write error or disk full".
      match: {
        phrases: [
          'insufficient system storage',
          'system storage ... full',
          'insufficient system resources',
          'insufficient disk space',
          'mail system full',
          'mail system is full',
          'system is full',
          'system full',
          'no space left',
          'disk full',
          'disk is full',
          'out of disk space',
          'file system full',
          'filesystem full',
          'queue is full',
          'queue full',
          'spool ... full',
        ],
      },
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
