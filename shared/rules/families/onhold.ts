import type { RuleFamily } from '../types';

const party = 'unknown';

export const onhold: RuleFamily = {
  name: 'onhold',
  rules: [
    {
      id: 'onhold.ses-undetermined',
      reason: 'onhold',
      match: { ses: ['Undetermined/Undetermined', 'Undetermined/'] },
      party,
      action: 'review',
      explanation: 'SES could not tell why the message bounced; the receiving server gave no usable reason.',
      remediation: 'Keep the address. If it bounces this way again, look at the raw bounce in SES and contact the recipient another way.',
    },
    {
      id: 'onhold.ses-permanent-general',
      reason: 'onhold',
      match: { ses: ['Permanent/General'] },
      party,
      action: 'review',
      explanation: 'SES reports a permanent bounce without saying why, and the diagnostic named no known cause.',
      remediation:
        'Read the diagnostic. The address is kept because nothing says it is dead; if it bounces permanently again, remove it.',
    },
    {
      id: 'onhold.ses-transient-general',
      reason: 'onhold',
      match: { ses: ['Transient/General'] },
      party,
      action: 'retry',
      explanation: 'SES reports a temporary bounce without a specific cause.',
      remediation: 'Retry later; if it keeps happening to one address, read the diagnostics for a pattern.',
    },
  ],
};
