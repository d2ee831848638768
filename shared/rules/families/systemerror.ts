import type { RuleFamily } from '../types';

const party = 'infrastructure';
const action = 'retry';
const remediation =
  "Retry later; these faults are on the receiving side and usually pass. If one domain fails for days, tell the recipient so their administrator can look into it.";

export const systemerror: RuleFamily = {
  name: 'systemerror',
  rules: [
    {
      id: 'systemerror.intermittent',
      reason: 'systemerror',
      match: { text: /intermittent (?:issue|error|problem|failure)|temporary (?:server error|local problem)|temporarily unable to process/ },
      party,
      action,
      explanation: 'The receiving server hit a passing fault of its own and could not take the message this time.',
      remediation: 'Send again later (SES retries soft bounces for you); no change to the message or address is needed.',
    },
    {
      id: 'systemerror.internal-error',
      reason: 'systemerror',
      match: {
        text: /internal (?:server |system )?error|system error|server error|local error in processing|transaction failed|unable to contact ldap|insufficient permission|duplicated message-id|mail system problem|configuration error/,
      },
      party,
      action,
      explanation: 'The receiving mail system reported an internal error while handling the message.',
      remediation,
    },
    {
      id: 'systemerror.status',
      reason: 'systemerror',
      match: { status: ['5.3.0', '4.3.0', '5.3.5', '4.3.5', '4.3.2'] },
      party,
      action,
      explanation: 'The status code (x.3.x) says the receiving mail system has a problem of its own.',
      remediation,
    },
  ],
};
