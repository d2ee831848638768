import type { RuleFamily } from '../types';

const remediation =
  'The receiver wants the sending IP to have a PTR record whose name resolves back to the same IP. On SES shared IPs this is already in place, so report it to AWS Support; on dedicated IPs or your own relay, whoever runs the IP (you or your provider) must set matching PTR and A records.';

export const requireptr: RuleFamily = {
  name: 'requireptr',
  rules: [
    {
      id: 'requireptr.missing-ptr',
      reason: 'requireptr',
      match: {
        text: /reverse dns|reverse (?:lookup|hostname|mapping)|ptr (?:record|resource)|dns ptr|\brdns\b|cannot find your (?:reverse )?hostname|unverif(?:i|y)able sending ip|without a valid sender domain/,
      },
      party: 'infrastructure',
      action: 'review',
      explanation: 'The receiver could not confirm the reverse DNS (PTR) name of the sending IP and refuses such senders.',
      remediation,
    },
    {
      id: 'requireptr.status',
      reason: 'requireptr',
      match: { status: ['5.7.25', '4.7.25'] },
      party: 'infrastructure',
      action: 'review',
      explanation: 'The status code (x.7.25) says the reverse DNS check of the sending IP failed.',
      remediation,
    },
  ],
};
