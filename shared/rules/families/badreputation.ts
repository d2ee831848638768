import type { RuleFamily } from '../types';

const hygiene =
  'Send only to people who asked for your mail, remove addresses that bounce or never engage, and keep complaints well under 0.1%. Watch Google Postmaster Tools and Microsoft SNDS to see the reputation recover.';

export const badreputation: RuleFamily = {
  name: 'badreputation',
  rules: [
    {
      id: 'badreputation.throttled',
      reason: 'badreputation',
      match: {
        text: /rate limited due to (?:ip |domain )?reputation|deferred due to unexpected volume|unexpected volume or user complaints/,
      },
      party: 'sender',
      action: 'reduce-rate',
      explanation: 'The receiver is slowing your mail down because your recent volume or complaint level hurt your reputation.',
      remediation: `Lower the sending rate to this provider and let SES retry the deferred mail. ${hygiene}`,
    },
    {
      id: 'badreputation.too-much-spam',
      reason: 'badreputation',
      match: { text: /too much spam from (?:this|your) (?:source|ip|server|network|address|domain)/ },
      party: 'sender',
      action: 'review',
      explanation: 'The receiving server has had so much spam from your sending source that it distrusts anything new from it.',
      remediation: `Send again later, and meanwhile ask the recipient to safelist your domain. ${hygiene}`,
    },
    {
      id: 'badreputation.low-reputation',
      reason: 'badreputation',
      match: {
        text: /(?:low|poor|bad) (?:ip |sender |sending |domain )?reputation|reputation of the sending|due to (?:ip |domain |sender )?reputation/,
      },
      party: 'sender',
      action: 'review',
      explanation: 'The receiver refused the message because the reputation of your sending IP or domain is too low.',
      remediation: hygiene,
    },
  ],
};
