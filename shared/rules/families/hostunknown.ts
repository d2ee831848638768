import type { RuleFamily } from '../types';

const explanation = 'The recipient domain does not exist, or DNS has no mail server for it.';
const remediation =
  'Stop mailing this address and check the domain for typos (gmial.com, hotmal.com). If the domain is right, its owner must publish MX records before it can receive mail.';

export const hostunknown: RuleFamily = {
  name: 'hostunknown',
  rules: [
    {
      id: 'hostunknown.no-mx-host',
      reason: 'hostunknown',
      match: { text: /host or domain name not found|mx host not found|no mx (?:host|server) found/ },
      party: 'recipient',
      action: 'suppress',
      explanation: 'DNS has no mail server (MX record) for the recipient domain, so there is nowhere to deliver to.',
      remediation:
        'This message will not be delivered. Check the domain for typos; if it is correct, the recipient must have MX records created at their DNS host before they can receive mail.',
    },
    {
      id: 'hostunknown.unrouteable',
      reason: 'hostunknown',
      match: { text: /unroutable|unrouteable/ },
      party: 'recipient',
      action: 'suppress',
      explanation:
        "The receiver found no route for the address: either the address does not exist or the recipient domain's DNS is broken.",
      remediation:
        "Check the address for misspellings and resend only if you find one. If it is correct, the recipient's administrator must fix the domain's DNS so mail can be routed to it.",
    },
    {
      id: 'hostunknown.no-such-domain',
      reason: 'hostunknown',
      match: {
        text: /host unknown|unknown host|no such (?:domain|host)|domain (?:does not|doesn't) exist|(?:domain|host) (?:name )?not found|couldn't find any host|illegal host|dns lookup failure|host [a-z0-9.-]+ not found|(?:^|[ :])[a-z0-9-]+\.[a-z0-9.-]+ does not exist|domain may not exist|unknown (?:domain|mail domain)/,
      },
      party: 'recipient',
      action: 'suppress',
      explanation,
      remediation,
    },
    {
      id: 'hostunknown.status',
      reason: 'hostunknown',
      match: { status: ['5.1.2', '5.4.4'] },
      party: 'recipient',
      action: 'suppress',
      explanation: 'The status code says the recipient domain could not be resolved (x.1.2 bad destination system, x.4.4 unable to route).',
      remediation,
    },
  ],
};
