import { codeTable } from './table';

// Charter / Spectrum (Roadrunner, Time Warner Cable) "AUP#" codes, written as AUP#1260,
// AUP#I-1310 or AUP#In-1340: https://www.spectrum.net/support/internet/understanding-email-error-codes
// (cited by the replies). 1310/1320/1330 are Cloudmark rate-limit time-outs of rising length
// (https://www.spamresource.com/2019/10/charterroadrunner-bounces.html); 1340 is concurrent
// connections; 1020 is a block for suspicious activity that expires by itself (Spectrum staff,
// https://community.spectrum.net/discussion/172891); 1260 means IPv6 is not accepted.
const SPECTRUM_CODES = 'https://www.spectrum.net/support/internet/understanding-email-error-codes';

/** The ways Spectrum writes one code: `AUP#1310`, `AUP#I-1310`, `AUP#In-1310`, `AUP#Out-1310`. */
const aup = (...codes: string[]) => codes.flatMap((code) => ['', 'i-', 'in-', 'out-'].map((side) => `aup#${side}${code}`));

export const charter = codeTable('charter', SPECTRUM_CODES, [
  {
    name: 'ip-blocked',
    reason: 'blocked',
    codes: aup('1010'),
    party: 'sender',
    action: 'request-delisting',
    explanation: "Spectrum blocks the sending IP for spam or a blocklist listing it trusts.",
    remediation: 'Fix the cause, then ask for the block to be lifted by e-mail to unblock@charter.net with the IP and the bounce; with SES shared IPs, open an AWS Support case.',
  },
  {
    name: 'suspicious-activity',
    reason: 'blocked',
    codes: aup('1020'),
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'Spectrum holds back mail from this sender after recipients marked its mail as spam; the block expires by itself.',
    remediation: 'Slow down to Spectrum, stop mailing people who do not want the mail, and let the block expire.',
  },
  {
    name: 'rate-limit',
    reason: 'speeding',
    codes: aup('1310', '1320', '1330'),
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'Spectrum put the sender in a time-out (from minutes to a day) for sending too much too fast.',
    remediation: 'Spread mail to Spectrum addresses over more time and let the retries run.',
  },
  {
    name: 'concurrent-connections',
    reason: 'toomanyconn',
    codes: aup('1340'),
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'The sending IP had more simultaneous connections to Spectrum than it allows.',
    remediation: 'Open fewer connections at once to Spectrum and let the retries run.',
  },
  {
    name: 'ipv6-refused',
    reason: 'networkerror',
    codes: aup('1260'),
    party: 'infrastructure',
    action: 'retry',
    explanation: 'Spectrum does not accept mail over IPv6; the message has to come over IPv4.',
    remediation: 'Retry; delivery over IPv4 is accepted.',
  },
  {
    name: 'internal-error',
    reason: 'systemerror',
    codes: aup('1270'),
    party: 'infrastructure',
    action: 'retry',
    explanation: "Spectrum's mail system failed while taking the message.",
    remediation: 'Retry later; nothing on the sending side needs to change.',
  },
  {
    name: 'sender-domain-dns',
    reason: 'rejected',
    codes: aup('cmdns'),
    party: 'sender',
    action: 'fix-sender-address',
    explanation: "Spectrum refused the sender because the sender's domain did not resolve in DNS.",
    remediation: 'Send from a domain with working DNS (MX or A records), e.g. a verified custom MAIL FROM domain.',
  },
]);
