import type { Blocklist } from '../../verdict';
import { ADVICE, codeTable } from './table';

// GoDaddy (secureserver.net) appends an IBnnn code to its refusals:
// https://www.godaddy.com/help/fix-rejected-email-with-a-bounce-error-40685 (IB101 queue busy;
// IB501/IB502 blank or IP-literal From; IB506 invalid From domain; IB508 SPF; content bounces),
// IB212 "content judged to be spam by the internet community" (https://support.tigertech.net/godaddy-ib212),
// IB105 with the Spamhaus XBL named in the reply.
const GODADDY_BOUNCES = 'https://www.godaddy.com/help/fix-rejected-email-with-a-bounce-error-40685';

const SPAMHAUS_XBL: Blocklist = { name: 'Spamhaus XBL', delistUrl: 'https://www.spamhaus.org/lookup/' };

export const godaddy = codeTable('godaddy', GODADDY_BOUNCES, [
  {
    name: 'spamhaus-xbl',
    reason: 'blocked',
    codes: ['ib105'],
    party: 'sender',
    action: 'request-delisting',
    explanation: 'GoDaddy refused the connection because the sending IP is on the Spamhaus Exploits Block List.',
    remediation: 'Look the IP up at https://www.spamhaus.org/lookup/, clean up the cause and request removal; with SES shared IPs, open an AWS Support case.',
    blocklist: SPAMHAUS_XBL,
  },
  {
    name: 'spam-content',
    reason: 'spamdetected',
    codes: ['ib212'],
    party: 'message',
    action: 'revise-content',
    explanation: "GoDaddy's filter refused the message because its content matches what GoDaddy users reported as spam.",
    remediation: 'Find and change the part of the content that triggers it (try a plain test message and add parts back); send only to people who opted in.',
  },
  {
    name: 'spf',
    reason: 'authfailure',
    codes: ['ib508'],
    party: 'sender',
    action: 'fix-authentication',
    explanation: "The sender domain's SPF record does not allow the sending IP.",
    remediation: "Include SES in the SPF record of the MAIL FROM domain (a custom MAIL FROM domain with SES's include).",
  },
  {
    name: 'from-domain',
    reason: 'rejected',
    codes: ['ib506'],
    party: 'sender',
    action: 'fix-sender-address',
    explanation: 'GoDaddy refused the From: domain: it has no valid MX or address records, or its DNS look-up failed.',
    remediation: 'Send from a domain with working DNS records.',
  },
  {
    name: 'from-header',
    reason: 'notcompliantrfc',
    codes: ['ib501', 'ib502'],
    party: 'message',
    action: 'revise-content',
    explanation: 'The From: header is blank or holds an IP address instead of an e-mail address.',
    remediation: 'Put one well-formed address in the From: header.',
  },
  {
    name: 'busy',
    reason: 'systemerror',
    codes: ['ib101'],
    party: 'infrastructure',
    action: 'retry',
    explanation: "GoDaddy's mail queue was busier than usual and refused the message for now.",
    remediation: ADVICE.retryLater,
  },
]);
