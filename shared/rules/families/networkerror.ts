import type { RuleFamily } from '../types';

const party = 'infrastructure';
const action = 'retry';

export const networkerror: RuleFamily = {
  name: 'networkerror',
  rules: [
    {
      id: 'networkerror.split-routing-deferred',
      reason: 'networkerror',
      match: { text: /split domain routing/ },
      party: 'recipient',
      action,
      explanation:
        "The recipient's domain forwards some mailboxes to a second, external mail server, and that server could not be reached, so the message waits for a retry.",
      remediation:
        "Let the retry run. If it keeps failing, the recipient's administrator must make sure their external mail server is up and accepts SMTP connections on port 25.",
    },
    {
      id: 'networkerror.dns-temporary',
      reason: 'networkerror',
      match: { text: /host not found, try again|dns error|dns query failed|host name lookup failure|temporary (?:dns|lookup) failure|servfail/ },
      party,
      action,
      explanation: "Looking up the recipient domain's mail servers in DNS failed for now (a timeout or an error rather than a definite \"no such domain\").",
      remediation:
        "Let SES retry; DNS faults usually clear within hours. If it persists for days, the recipient's DNS provider or administrator must fix the domain's name servers.",
    },
    {
      id: 'networkerror.routing',
      reason: 'networkerror',
      match: {
        text: /no route to host|network (?:is )?unreachable|network error|too many hops|mail (?:loop|loops)|loops? back to myself|routing loop|loop detected|wasn't able to establish an smtp connection/,
      },
      party,
      action,
      explanation: 'The message could not travel to the receiving server: the network path failed or mail went round in a loop between servers.',
      remediation:
        "Let SES retry. A mail loop (too many hops) does not fix itself: the recipient's administrator must correct their forwarding or MX setup.",
    },
    {
      id: 'networkerror.status',
      reason: 'networkerror',
      match: { status: ['4.4.0', '4.4.1', '4.4.2', '4.4.3', '4.4.4', '4.4.5', '4.4.6', '4.4.312', '4.4.316', '5.4.0', '5.4.3', '5.4.5', '5.4.6', '5.4.312', '5.4.316'] },
      party,
      action,
      explanation: 'The status code (x.4.x) says a network or routing problem stopped delivery.',
      remediation: 'Let SES retry; if the same domain keeps failing, its administrator must check their mail servers and DNS.',
    },
  ],
};
