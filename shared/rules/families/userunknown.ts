import type { RuleFamily } from '../types';

const explanation = 'The receiving server says this mailbox does not exist.';
const remediation =
  'Stop mailing this address. If it came from a form, check it for typos and ask the person for a corrected one.';

export const userunknown: RuleFamily = {
  name: 'userunknown',
  rules: [
    {
      id: 'userunknown.no-such-user',
      reason: 'userunknown',
      match: {
        text: /(?:user|mailbox|recipient|address|account)(?: name)? (?:is )?(?:unknown|not found|does not exist|doesn't exist)|no such (?:user|mailbox|recipient)/,
      },
      party: 'recipient',
      action: 'suppress',
      explanation,
      remediation,
    },
    {
      id: 'userunknown.status-5.1.1',
      reason: 'userunknown',
      match: { status: ['5.1.1', '4.1.1'] },
      party: 'recipient',
      action: 'suppress',
      explanation: 'The status code (x.1.1) says the mailbox does not exist.',
      remediation,
    },
    {
      id: 'userunknown.ses-noemail',
      reason: 'userunknown',
      match: { ses: ['Permanent/NoEmail'] },
      party: 'recipient',
      action: 'suppress',
      explanation: 'SES reports that the recipient address does not exist.',
      remediation,
    },
  ],
};
