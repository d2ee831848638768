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
        // Postfix reject_unknown_client_hostname / reject_unknown_reverse_client_hostname
        // ("cannot find your hostname", "cannot find your reverse hostname",
        // https://www.postfix.org/postconf.5.html), Gmail 5.7.25 / 4.7.23 ("does not have a PTR
        // record", https://support.google.com/a/answer/3726730), Microsoft 5.7.25 ("must have a
        // reverse DNS record"), Comcast ("must have a PTR record with a valid Reverse DNS entry").
        phrases: [
          'reverse dns', 'reverse-dns', 'reverse lookup', 'reverse hostname', 'reverse mapping', 'reverse dns lookup',
          'ptr record', 'ptr resource', 'ptr) record', 'dns ptr', 'no ptr', 'missing ptr', 'ptr lookup', 'ptr records',
          "doesn't have a ptr", 'does not have a ptr', 'does not have a ... ptr', "doesn't have a ... ptr", 'rdns', 'fcrdns', 'forward-confirmed reverse', 'forward confirmed reverse',
          'is not a fully qualified domain name', 'cannot resolve ptr', 'unable to resolve ptr', 'resolve ptr', 'cannot find your hostname', 'cannot find your reverse hostname', 'no host name found for ip', 'no hostname found for ip',
          'unverifiable sending ip*', 'without a valid sender domain',
        ],
        // A PTR that exists but names a dynamic or generic (residential) host is a block of the
        // IP range, not a missing record: `blocked.ip-refused` takes those.
        unless: ['dynamic', 'dial-up', 'dialup', 'residential', 'generic', 'contains your ip'],
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
