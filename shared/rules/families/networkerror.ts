import type { RuleFamily } from '../types';
import { NOT_THE_RECIPIENTS } from './hostunknown';

const party = 'infrastructure';
const action = 'retry';

const dnsExplanation =
  "Looking up the recipient domain's mail servers in DNS failed for now (a timeout or an error rather than a definite \"no such domain\").";
const dnsRemediation =
  "Let SES retry; DNS faults usually clear within hours. If it persists for days, the recipient's DNS provider or administrator must fix the domain's name servers.";

export const networkerror: RuleFamily = {
  name: 'networkerror',
  rules: [
    {
      id: 'networkerror.split-routing-deferred',
      reason: 'networkerror',
      // Only a temporary answer: a permanent one is the external server's "no such user"
      // (`userunknown.split-routing`).
      match: { phrases: ['split domain routing'], status: ['4.'] },
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
      // Postfix "Host not found, try again"; resolvers' SERVFAIL
      // (RFC 1035 rcode 2); RFC 3463 x.4.3 "Directory server failure".
      match: {
        phrases: [
          'host not found, try again',
          'name service error ... try again',
          'temporary dns failure',
          'temporary failure in name resolution',
          'servfail',
          'dns timeout',
          'dns ... timed out',
          'name server timeout',
          'directory server failure',
        ],
      },
      party,
      action,
      explanation: dnsExplanation,
      remediation: dnsRemediation,
    },
    {
      id: 'networkerror.dns-error',
      reason: 'networkerror',
      // A DNS failure without its kind. Gmail's "DNS Error: ... NXDOMAIN ... Domain name not
      // found" is a definite miss (hostunknown), and its "returned Null MX" is notaccept.
      match: {
        phrases: ['dns error', 'dns query failed', 'dns lookup failed', 'dns resolving error', 'dns resolution fail*', 'host name lookup failure'],
        unless: ['nxdomain', 'not found', 'does not exist', 'no such domain', 'null mx', 'nonexistent'],
      },
      party,
      action,
      explanation: dnsExplanation,
      remediation: dnsRemediation,
    },
    {
      id: 'networkerror.domain-lookup-deferred',
      reason: 'networkerror',
      // A DNS lookup that failed, even with NXDOMAIN, on a temporary (4.x) answer: the
      // sender's MTA will look again, and a passing DNS fault reads the same as a missing
      // domain until then (Gmail's delay notices carry "DNS Error: ... NXDOMAIN" under 4.0.0).
      // A receiver's own "Recipient address rejected: Domain not found" stays hostunknown.
      match: {
        phrases: ['dns error', 'dns lookup', 'dns query', 'dns type', 'name service error', 'name server'],
        status: ['4.'],
        unless: NOT_THE_RECIPIENTS,
      },
      party,
      action,
      explanation: "The recipient domain could not be found in DNS for now; the answer was temporary, so the lookup will be tried again.",
      remediation:
        "Let SES retry. If the domain still cannot be found after the retries, check it for typos; its owner must publish MX records before it can receive mail.",
    },
    {
      id: 'networkerror.routing',
      reason: 'networkerror',
      // Refused TCP connections (Microsoft 4.4.316 "Connection refused"); RFC 3463 x.4.1 "No
      // answer from host", x.4.2 "Bad connection", x.4.5 "Network
      // congestion", x.4.6 "Routing loop detected"; Microsoft 5.4.14 "Hop count exceeded -
      // possible mail loop"; Exim "Too many Received headers - suspected mail loop"; qmail
      // "This message is looping" and "wasn't able to establish an SMTP connection (#4.4.1)".
      match: {
        phrases: [
          'no route to host',
          'connection refused',
          'network is unreachable',
          'network unreachable',
          'host is unreachable',
          'host unreachable',
          'server is unreachable',
          'server was unreachable',
          'destination unreachable',
          'network error',
          'network congestion',
          'network is busy',
          'mail system congestion',
          'no answer from host',
          'bad connection',
          'too many hops',
          'hop count exceeded',
          'mail loop',
          'mail loops',
          'mail forwarding loop',
          'message is looping',
          'looping message',
          'loops back to myself',
          'routing loop',
          'loop detected',
          // Sendmail's "MX list for <domain> points back to <host>" and "config error: mail loops
          // back to me (MX problem?)" (sendmail/domain.c, deliver.c): the MX names this host itself.
          'points back to',
          'loops back to me',
          'mail loops back',
          // A session that broke off midway (Postfix "lost connection with ... while ...",
          // sendmail "Connection reset by ...", "Broken pipe").
          'connection ... broken',
          'connection ... reset by',
          'connection reset',
          'lost connection',
          'connection ... lost',
          'broken pipe',
          'could not initiate smtp conversation',
          // Exim: 'Too many "Received" headers - suspected mail loop' (src/receive.c).
          'too many received',
          'connection dropped',
          'connection terminated',
          // sendmail usersmtp.c: "reply: read error from <host>", the peer went away mid-reply.
          'read error from',
          'connection closed by',
          'closed connection unexpectedly',
          "wasn't able to establish an smtp connection",
          'was not able to establish an smtp connection',
        ],
        // A message that expired while the host refused or was unreachable is an expiry; a
        // refusal because the server is busy is the server's state (`systemerror`).
        unless: ['expired', 'busy'],
      },
      party,
      action,
      explanation: 'The message could not travel to the receiving server: the network path failed or mail went round in a loop between servers.',
      remediation:
        "Let SES retry. A mail loop (too many hops) does not fix itself: the recipient's administrator must correct their forwarding or MX setup.",
    },
    {
      id: 'networkerror.deferred-timeout',
      reason: 'networkerror',
      // A timeout in a notice that says the message is still queued is a fault of the way, to
      // be retried: sendmail's queue status "Deferred: Connection timed out with <host>"
      // (sendmail/deliver.c), Postfix's "delivery temporarily suspended: ..." and its
      // "conversation with <host> timed out while <stage>" (a session that broke off midway,
      // src/smtp/smtp_trouble.c), Google's "TEMP_FAILURE". A bare "connection timed out" is
      // what a final delay-expiry notice carries (`expired.unreachable`).
      match: {
        phrases: [
          'deferred ... timed out',
          'temp_failure ... timed out',
          'temporarily suspended ... timed out',
          'temporary failure ... timed out',
          'conversation with ... timed out while',
        ],
        unless: ['expire*', 'giving up', 'gave up', 'too long', 'retry time', 'retry timeout', 'for more than', 'could not be delivered for', 'no longer trying', 'stopped trying'],
      },
      party,
      action,
      explanation: 'The receiving server did not answer in time; the message is still queued and will be tried again.',
      remediation: "Let the retry run; a passing outage clears by itself. If the same domain keeps timing out for days, its mail servers are down: confirm the address with the person another way.",
    },
    {
      id: 'networkerror.status',
      reason: 'networkerror',
      match: { status: ['4.4.0', '4.4.1', '4.4.2', '4.4.3', '4.4.4', '4.4.5', '4.4.6', '4.4.312', '4.4.316', '5.4.0', '5.4.2', '5.4.3', '5.4.5', '5.4.6', '5.4.312', '5.4.316'] },
      party,
      action,
      explanation: 'The status code (x.4.x) says a network or routing problem stopped delivery.',
      remediation: 'Let SES retry; if the same domain keeps failing, its administrator must check their mail servers and DNS.',
    },
  ],
};
