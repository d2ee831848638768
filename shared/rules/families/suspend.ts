import type { RuleFamily } from '../types';

const remediation =
  'Pause mailing this address. Disabled accounts are often on their way to deletion: if it still bounces after a few weeks, remove it; if the person reaches you another way, ask for a working address.';

export const suspend: RuleFamily = {
  name: 'suspend',
  rules: [
    {
      id: 'suspend.account-disabled',
      reason: 'suspend',
      match: {
        text: /(?:account|mailbox|recipient|address) (?:is |has been |was )?(?:disabled|suspended|inactive|deactivated|locked|frozen|discontinued)|disabled (?:recipient|account|mailbox|user)|inactive (?:user|account|mailbox|recipient)|account (?:has been )?(?:disabled|discontinued)|tried to reach is (?:disabled|inactive)|recipient account is blocked|compte du destinataire est bloque/,
      },
      party: 'recipient',
      action: 'review',
      explanation: "The mailbox exists but its provider has disabled or suspended it, so it takes no mail for now.",
      remediation,
    },
    {
      id: 'suspend.status',
      reason: 'suspend',
      match: { status: ['5.2.1', '4.2.1', '5.7.13'] },
      party: 'recipient',
      action: 'review',
      explanation: 'The status code says the mailbox is disabled and not accepting messages (x.2.1, x.7.13).',
      remediation,
    },
  ],
};
