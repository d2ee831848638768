import type { Blocklist } from '../../verdict';
import { codeTable } from './table';

// Cox error codes, as the replies cite them ("Refer to Error Codes section at
// https://www.cox.com/residential/support/email-error-codes.html ... AUP#CXBL"); the table:
// https://www.cox.com/business/support/email-error-codes.html and the earlier
// http://postmaster.cox.net/confluence/display/postmaster/Error+Codes (IPBL bits: 0001
// Spamhaus ZEN, 0010 Return Path, 0100 Invaluement ivmSIP, 1000 Cloudmark CSI).
const COX_CODES = 'https://www.cox.com/business/support/email-error-codes.html';

const COX_LIST: Blocklist = { name: 'Cox Communications', delistUrl: 'https://www.cox.com/residential/support/email-error-codes.html' };
const SPAMHAUS: Blocklist = { name: 'Spamhaus ZEN', delistUrl: 'https://www.spamhaus.org/lookup/' };
const RETURN_PATH: Blocklist = { name: 'Validity Senderscore RTBL (Return Path)', delistUrl: 'https://senderscore.org/rtbl/' };
const INVALUEMENT: Blocklist = { name: 'Invaluement ivmSIP', delistUrl: 'https://www.invaluement.com/lookup/' };
const CLOUDMARK: Blocklist = { name: 'Cloudmark CSI', delistUrl: 'https://csi.cloudmark.com/reset-request' };

const listedAt = (list: Blocklist) => ({
  reason: 'blocked',
  party: 'sender',
  action: 'request-delisting',
  explanation: `Cox refused the sending IP because it is listed on ${list.name}, a blocklist Cox consults.`,
  remediation: `Look the IP up at ${list.delistUrl}, fix what caused the listing and request removal there; Cox has no say in it. With SES shared IPs, open an AWS Support case.`,
  blocklist: list,
}) as const;

export const cox = codeTable('cox', COX_CODES, [
  {
    name: 'blocked',
    reason: 'blocked',
    codes: ['cxbl'],
    party: 'sender',
    action: 'request-delisting',
    explanation: 'Cox blocks the sending IP on its own list because mail from it behaved like spam.',
    remediation: 'Stop what drew the block, then ask Cox to unblock the IP through the request form on its error-codes page; Cox decides alone. With SES shared IPs, open an AWS Support case.',
    blocklist: COX_LIST,
  },
  {
    name: 'temporary-block',
    reason: 'blocked',
    codes: ['cdrbl'],
    party: 'sender',
    action: 'retry',
    explanation: 'Cox blocks the sending IP for up to 24 hours because its recent mail looked like spam.',
    remediation: 'Check recent traffic for unwanted mail and let the retries run; the block ends by itself within a day.',
  },
  { name: 'spamhaus', codes: ['ipbl0001', 'ipbl0011', 'ipbl0101', 'ipbl0111'], ...listedAt(SPAMHAUS) },
  { name: 'return-path', codes: ['ipbl0010', 'ipbl0110'], ...listedAt(RETURN_PATH) },
  { name: 'invaluement', codes: ['ipbl0100'], ...listedAt(INVALUEMENT) },
  { name: 'cloudmark', codes: ['ipbl1000'], ...listedAt(CLOUDMARK) },
  {
    name: 'no-reverse-dns',
    reason: 'requireptr',
    codes: ['cxdns'],
    party: 'infrastructure',
    action: 'review',
    explanation: 'Cox could not look up the reverse DNS (PTR) of the sending IP, which it requires.',
    remediation: 'Publish a PTR record for the sending IP that resolves back to it, then retry after a day.',
  },
  {
    name: 'sender-domain',
    reason: 'authfailure',
    codes: ['cxsndr'],
    party: 'sender',
    action: 'fix-authentication',
    explanation: "Cox refused the sender's domain: the message failed the domain's SPF, DomainKeys or DKIM checks (or the domain did not resolve at all).",
    remediation: 'Make SPF and DKIM pass for the sending domain (a custom MAIL FROM domain and Easy DKIM with SES), and make sure the domain has MX or A records.',
  },
  {
    name: 'smtp-violation',
    reason: 'rejected',
    codes: ['cxsmtp'],
    party: 'sender',
    action: 'review',
    explanation: 'Cox could not verify that the message came from a legitimate sender: the SMTP conversation broke its rules.',
    remediation: 'Check the sending setup (HELO name, envelope sender) for anything unusual; SES itself speaks correct SMTP, so look at the identity used.',
  },
  {
    name: 'concurrent-connections',
    reason: 'toomanyconn',
    codes: ['cxcnct'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'Cox limits simultaneous SMTP connections per IP, and the sending IP went over the limit.',
    remediation: 'Open fewer connections at once to Cox (ten at most) and let the retries run.',
  },
  {
    name: 'too-many-messages',
    reason: 'speeding',
    codes: ['cxmxrt'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'The sender went over the number of messages or recipients Cox accepts in a period.',
    remediation: 'Wait before sending more to Cox addresses and spread sends over time.',
  },
]);
