import type { RuleFamily } from '../types';

const remediation =
  "Read the receiver's text and any help link it gives for the policy in question. Typical causes: a message that breaks their header or content rules, a sender not yet known to them, or a topic they refuse. If the mail is legitimate and wanted, ask the recipient to have it safelisted.";

export const policyviolation: RuleFamily = {
  name: 'policyviolation',
  rules: [
    {
      id: 'policyviolation.local-policy',
      reason: 'policyviolation',
      match: {
        text: /policy reasons|(?:local|site|security|content|email) policy|policy violation|violat(?:es|ed|ion of) (?:our|the|local|site) |against (?:our|the|local) polic|prohibited by polic|header error/,
      },
      party: 'sender',
      action: 'review',
      explanation: 'The receiving site refused the message under one of its local policies.',
      remediation,
    },
    {
      id: 'policyviolation.status-5.7.1',
      reason: 'policyviolation',
      match: { status: ['5.7.1', '4.7.1', '5.7.9', '5.7.12', '5.7.15', '5.7.16'] },
      party: 'sender',
      action: 'review',
      explanation: 'The status code (typically x.7.1, "delivery not authorised") says the receiver refused the message by policy without saying which.',
      remediation,
    },
  ],
};
