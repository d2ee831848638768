import type { RuleFamily } from '../types';
import { OTHER_CAUSE } from './guards';

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
      // Gmail 4.3.0 "Mail server temporarily rejected message"; "Temporary system failure.
      // Please try again later" (Korean providers' lists); Postfix "Temporary lookup failure",
      // its answer when one of its own lookup tables (LDAP, SQL) does not respond.
      match: {
        phrases: [
          'intermittent issue',
          'intermittent error',
          'intermittent problem',
          'intermittent failure',
          'temporary server error',
          'temporary server failure',
          'temporary system failure',
          'temporary system problem',
          'temporary local problem',
          'temporary lookup failure',
          'temporarily unable to process',
          'server temporarily rejected',
          // A relay or queue that is down for now ("451 Relay Server Not Ready", Naver; "450
          // queue unavailable", Coremail).
          'server not ready',
          'server is not ready',
          'system not ready',
          'queue unavailable',
          'spool fail*',
          'queue is unavailable',
          // Momentum: "421 4.3.4 allocated resources exceeded" (a server limit, not the message's size).
          'resources exceeded',
          'allocated resources',
        ],
      },
      party,
      action,
      explanation: 'The receiving server hit a passing fault of its own and could not take the message this time.',
      remediation: 'Send again later (SES retries soft bounces for you); no change to the message or address is needed.',
    },
    {
      id: 'systemerror.internal-error',
      reason: 'systemerror',
      // RFC 5321 451 "Requested action aborted: local error in processing"; RFC 3463 x.3.5
      // "System incorrectly configured"; Dovecot LMTP "Internal error occurred".
      match: {
        phrases: [
          'internal server error',
          'internal error',
          'internal system error',
          'system error',
          'server error',
          'local error in processing',
          'error in processing',
          'transaction failed',
          'unable to contact ldap',
          'insufficient permission',
          'duplicated message-id',
          'mail system problem',
          'configuration error',
          'incorrectly configured',
          'configuration problem',
          'queue file write error',
          'out of memory',
          'database error',
          'database temporary error',
          'license expired',
          // Read and write failures of the receiver's own disks ("451 I/O error").
          'i/o error',
          'io error',
          'input/output error',
          // vpopmail/qmail-local could not create the file in the Maildir.
          'open new email file',
          // Exchange 2013+ and Exchange Online keep a shadow copy of each message on a second
          // server before acknowledging it (shadow redundancy); when no copy can be made they
          // defer with 451 4.4.x "Message failed to be made redundant"
          // (https://learn.microsoft.com/exchange/mail-flow/transport-high-availability/shadow-redundancy).
          'failed to be made redundant',
          'failed to be replicated',
          'shadow copy ... failed',
          'shadow redundancy',
        ],
        // "Transaction failed" is also a filter's preamble ("Transaction failed. (SPAM_SUSPECT...)").
        unless: ['spam*', 'virus*', 'blocked', 'blacklist*', 'blocklist*', 'dnsbl', 'rbl', 'reputation', 'policy', 'policies', 'relay*'],
      },
      party,
      action,
      explanation: 'The receiving mail system reported an internal error while handling the message.',
      remediation,
    },
    {
      id: 'systemerror.service-unavailable',
      reason: 'systemerror',
      // RFC 5321 421 "Service not available, closing transmission channel", and the
      // "554 Service currently unavailable" / "Server busy" variants. Blocklist and rate
      // refusals reuse "Service unavailable" as a preamble ("554 5.7.1 Service unavailable;
      // Client host [...] blocked using ..."), so any named cause vetoes the rule.
      match: {
        phrases: [
          'service unavailable',
          'service currently unavailable',
          'service is currently unavailable',
          'service temporarily unavailable',
          'service is unavailable',
          'service not available',
          'service is not available',
          'server unavailable',
          'server is unavailable',
          'server temporarily unavailable',
          'system unavailable',
          'system temporarily unavailable',
          'temporarily unavailable',
          'resources temporarily unavailable',
          'server busy',
          'server is busy',
          'server too busy',
          'system busy',
          'system is busy',
          'server ... busy',
          'system ... busy',
          'too busy',
          'busy ... try again',
          'busy ... try later',
          'overloaded',
          // RFC 5321 §3.8: a server that must shut down answers any command with 421 and closes.
          'shutting down',
          'not accepting network messages',
          'shutdown in progress',
        ],
        // A final give-up after such a deferral says more: delivery expired.
        unless: [...OTHER_CAUSE, 'mailbox', 'user', 'recipient', 'recipients', 'quota', 'connections', 'listed', 'limit*', 'giving up', 'too long', 'not going to try again'],
      },
      party,
      action,
      explanation: 'The receiving mail service said it is unavailable or overloaded right now.',
      remediation,
    },
    {
      id: 'systemerror.status',
      reason: 'systemerror',
      match: { status: ['5.3.0', '4.3.0', '5.3.3', '4.3.3', '5.3.5', '4.3.5', '4.3.2'] },
      party,
      action,
      explanation: 'The status code (x.3.x) says the receiving mail system has a problem of its own (other fault, missing feature, or bad configuration).',
      remediation,
    },
  ],
};
