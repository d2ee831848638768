import type { Blocklist } from '../../verdict';
import { ADVICE, codeTable } from './table';

// Comcast (Xfinity) error codes: https://www.xfinity.com/support/articles/email-errors and the
// postmaster table http://postmaster.comcast.net/mail-error-codes.html (ES000001, ES000010,
// BL000000-BL000111: which lists the IP is on, as bits: 1 Spamhaus ZEN, 10 Cloudmark CSI,
// 100 SenderScore). Older codes BL004 (spam patterns), BL006 (Spamhaus SBL/XBL), BL007
// (Cloudmark CSI): https://business.comcast.com/help-and-support/internet/email-bounce-back-messages/.
// Its own block reads "Comcast block for spam" (with BL000000 or alone).
// DMARC refusals carry DM000001 (postmaster.comcast.net/smtp-error-codes.php#DM000001). RL0000xx
// codes are volume-based rate limits that may be retried within minutes (RL000003; Comcast's
// postmaster in https://suped.com/email-deliverability/answers/what-should-i-do-about-comcast-throttling-and-deferral-errors).
const COMCAST_CODES = 'http://postmaster.comcast.net/mail-error-codes.html';

const COMCAST_LIST: Blocklist = { name: 'Comcast', delistUrl: 'https://postmaster.comcast.net/' };
const SPAMHAUS: Blocklist = { name: 'Spamhaus ZEN', delistUrl: 'https://www.spamhaus.org/lookup/' };
const CLOUDMARK: Blocklist = { name: 'Cloudmark CSI', delistUrl: 'https://csi.cloudmark.com/reset-request' };
const SENDERSCORE: Blocklist = { name: 'Validity Senderscore RTBL', delistUrl: 'https://senderscore.org/rtbl/' };

const listedAt = (list: string) =>
  `Comcast refused the sending IP because it is listed on ${list}, a blocklist Comcast consults.`;
const delistAt = (url: string) =>
  `Look the IP up at ${url}, fix what caused the listing and request removal; Comcast accepts the IP again once the list drops it. With SES shared IPs, open an AWS Support case.`;

export const comcast = codeTable('comcast', COMCAST_CODES, [
  {
    name: 'spamhaus',
    reason: 'blocked',
    codes: ['bl000001', 'bl000011', 'bl000101', 'bl000111', 'bl006'],
    party: 'sender',
    action: 'request-delisting',
    explanation: listedAt('Spamhaus'),
    remediation: delistAt(SPAMHAUS.delistUrl),
    blocklist: SPAMHAUS,
  },
  {
    name: 'cloudmark',
    reason: 'blocked',
    codes: ['bl000010', 'bl000110', 'bl007'],
    party: 'sender',
    action: 'request-delisting',
    explanation: listedAt('Cloudmark Sender Intelligence'),
    remediation: delistAt(CLOUDMARK.delistUrl),
    blocklist: CLOUDMARK,
  },
  {
    name: 'senderscore',
    reason: 'blocked',
    codes: ['bl000100'],
    party: 'sender',
    action: 'request-delisting',
    explanation: listedAt("Validity's SenderScore blocklist"),
    remediation: delistAt(SENDERSCORE.delistUrl),
    blocklist: SENDERSCORE,
  },
  {
    name: 'spam-patterns',
    reason: 'blocked',
    codes: ['bl000000', 'bl004', 'comcast block for spam'],
    party: 'sender',
    action: 'request-delisting',
    explanation: "Comcast blocks the sending IP on its own list: mail from it came in patterns typical of spam.",
    remediation:
      'Stop whatever sent the unwanted mail, then ask Comcast to remove the block through its postmaster site (https://postmaster.comcast.net/); with SES shared IPs, open an AWS Support case.',
    blocklist: COMCAST_LIST,
  },
  {
    name: 'residential-ip',
    reason: 'blocked',
    codes: ['es000001'],
    party: 'infrastructure',
    action: 'review',
    explanation: "The message came straight from an address in Comcast's own residential space, which may not deliver to Comcast's mail servers directly.",
    remediation: "Send through a mail service (such as SES) rather than from a home connection.",
  },
  {
    name: 'dynamic-looking-ip',
    reason: 'requireptr',
    codes: ['es000010'],
    party: 'infrastructure',
    action: 'review',
    explanation: "Comcast treats the sending IP as dynamic or residential, usually because its reverse DNS name does not look like a mail server's.",
    remediation: 'Give the IP a reverse DNS (PTR) name that looks static, such as mail.example.com, and make it resolve back to the IP.',
  },
  {
    name: 'rate-limit',
    reason: 'speeding',
    codes: ['rl0000*'],
    party: 'sender',
    action: 'retry',
    explanation: 'Comcast is throttling the sending IP for volume: it sent more than Comcast takes in a short time.',
    remediation: 'Let the retries run a few minutes apart and spread sends to Comcast over more time; heavy retrying does not help.',
  },
  {
    name: 'dmarc',
    reason: 'authfailure',
    codes: ['dm000001'],
    party: 'sender',
    action: 'fix-authentication',
    explanation: "Comcast refused the message because it failed DMARC for its From: domain, whose policy says to reject such mail.",
    remediation: ADVICE.alignAuthentication,
  },
]);
