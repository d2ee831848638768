import type { Blocklist } from '../../verdict';
import { ADVICE, codeTable } from './table';

// Yahoo (also AOL and Verizon mailboxes since 2018) SMTP error codes:
// https://senders.yahooinc.com/smtp-error-codes/ (TS* deferrals, PH* content blocks, policy and
// authentication refusals); older pages the replies still link: help.yahoo.com/kb/postmaster
// SLN3434 (TS deferrals), SLN3436 (permanent deferral), SLN5067 (PH), SLN7253 (authentication).
// Spamhaus refusals: "[BL21] ... because the ip is in Spamhaus's list", "[BL23] ... Spamhaus XBL"
// (github.com/ActiveCampaign/smtp-field-manual#64), "[TSS07]" with the same wording
// (github.com/chenjj/espoofer#15).
// AOL's codes (RTR, RLY, DYN, HVU, DNS, CON): http://postmaster.aol.com/Postmaster.Errors.php
// and http://postmaster.info.aol.com/errors/ (e.g. 554rlyb1.html, 421dynt1.html).
// Yahoo writes its codes in brackets ("[TSS04]"); matching them with the brackets keeps host
// names such as ts01.example.net from reading as codes.
const YAHOO_CODES = 'https://senders.yahooinc.com/smtp-error-codes/';
const AOL_CODES = 'http://postmaster.aol.com/Postmaster.Errors.php';

const SPAMHAUS_ZEN: Blocklist = { name: 'Spamhaus ZEN', delistUrl: 'https://www.spamhaus.org/lookup/' };
const SPAMHAUS_XBL: Blocklist = { name: 'Spamhaus XBL', delistUrl: 'https://www.spamhaus.org/lookup/' };

export const yahoo = codeTable('yahoo', YAHOO_CODES, [
  {
    name: 'spamhaus-xbl',
    reason: 'blocked',
    codes: ['[bl23]'],
    party: 'sender',
    action: 'request-delisting',
    explanation: 'Yahoo refused the connection because the sending IP is on the Spamhaus Exploits Block List (a hijacked or infected machine sent from it).',
    remediation: 'Look the IP up at https://www.spamhaus.org/lookup/, clean up what caused the listing and request removal; with SES shared IPs, open an AWS Support case.',
    blocklist: SPAMHAUS_XBL,
  },
  {
    name: 'spamhaus',
    reason: 'blocked',
    codes: ['[bl21]', '[tss07]'],
    party: 'sender',
    action: 'request-delisting',
    explanation: 'Yahoo refused the connection because the sending IP is on a Spamhaus blocklist.',
    remediation: 'Look the IP up at https://www.spamhaus.org/lookup/, fix the cause it names and request removal; with SES shared IPs, open an AWS Support case.',
    blocklist: SPAMHAUS_ZEN,
  },
  {
    name: 'permanently-deferred',
    reason: 'blocked',
    // "[TS03]/[TSS09] All messages from <IP> will be permanently deferred; Retrying will NOT
    // succeed" (SLN3436): the words decide, whatever the bracketed code.
    codes: ['[tss06]', '[tss09]', 'will be permanently deferred'],
    party: 'sender',
    action: 'review',
    explanation: 'Yahoo refuses all mail from the sending IP for now; retrying will not help. It does this after heavy complaints or spam-like volume from the IP.',
    remediation:
      'Stop sending to Yahoo from this IP, find what drew complaints, and ask Yahoo for a review through its Sender Hub support form once it is fixed; with SES shared IPs, open an AWS Support case.',
    reference: 'https://help.yahoo.com/kb/postmaster/SLN3436.html',
  },
  {
    name: 'deferred-complaints',
    reason: 'badreputation',
    // [GL01]: deferred for unusual traffic from the IP; [TSS11]: too many unknown recipients.
    // Yahoo's older deferral replies carried the reason as a dotted code after the text
    // ("temporarily deferred - 4.16.50"; 4.16.5x: volume, complaints or reputation).
    codes: ['[ts01]', '[ts02]', '[ts03]', '[tss04]', '[tss05]', '[ipts04]', '[gl01]', '[tss11]', 'deferred - 4.16.5*'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: "Yahoo is deferring mail from the sending IP because of user complaints, unexpected volume or the IP's poor reputation.",
    remediation:
      'Let the retries run and slow down to Yahoo; send only to people who want the mail, honour unsubscribes at once and join the Yahoo complaint feedback loop. Deferrals lasting over a day mean the cause is still there.',
    reference: 'https://help.yahoo.com/kb/postmaster/SLN3434.html',
  },
  {
    name: 'content-blocked',
    reason: 'spamdetected',
    codes: ['[ph01]', 'sln5067'],
    party: 'message',
    action: 'revise-content',
    explanation: 'Yahoo refused the message for its content: something in it (a link, an attachment, wording) matches phishing, malware or spam Yahoo will not accept.',
    remediation: 'Check every link and attachment in the message (and the domains they point to) and remove what Yahoo objects to.',
    reference: 'https://help.yahoo.com/kb/postmaster/SLN5067.html',
  },
  {
    name: 'authentication-policy',
    reason: 'authfailure',
    codes: ['sln7253'],
    party: 'sender',
    action: 'fix-authentication',
    explanation: "The message failed Yahoo's authentication checks: DKIM or DMARC for the sending domain did not pass and the domain's policy says to refuse it.",
    remediation: 'Sign with DKIM for the From: domain (Easy DKIM), use a custom MAIL FROM under the same domain so SPF aligns, and publish a DMARC record.',
    reference: 'https://help.yahoo.com/kb/postmaster/SLN7253.html',
  },
  {
    name: 'mailbox-disabled',
    reason: 'suspend',
    codes: ['554.30'],
    party: 'recipient',
    action: 'review',
    explanation: 'The Yahoo mailbox exists but is disabled.',
    remediation: ADVICE.disabledMailbox,
  },
  {
    // "Message temporarily deferred due to unresolvable RFC.5321 from domain": the MAIL FROM
    // domain does not resolve in DNS (Yahoo's SMTP error codes page).
    name: 'unresolvable-sender-domain',
    reason: 'rejected',
    codes: ['unresolvable rfc.5321', 'unresolvable rfc5321'],
    party: 'sender',
    action: 'fix-sender-address',
    explanation: 'Yahoo could not resolve the domain of the envelope sender (MAIL FROM) in DNS, so it defers the mail.',
    remediation: 'Make sure the MAIL FROM domain (on SES, the custom MAIL FROM domain) has public MX or A records; Yahoo accepts the retries once it resolves.',
  },
  {
    // AOL's bare connection refusal: "521 5.2.1 : AOL will not accept delivery of this message."
    // (http://postmaster.aol.com/Postmaster.Errors.php, 521: the IP is blocked).
    name: 'aol-refused',
    reason: 'blocked',
    codes: ['aol will not accept delivery'],
    party: 'sender',
    action: 'review',
    explanation: 'AOL refuses mail from the sending IP altogether, after complaints or spam-like traffic from it.',
    remediation: "Find what drew complaints, stop it, and ask for a review through Yahoo's Sender Hub (AOL mail is Yahoo's); with SES shared IPs, open an AWS Support case.",
  },
  {
    name: 'aol-dynamic-or-unallocated-ip',
    reason: 'blocked',
    codes: ['rtr:bb', 'rtr:du', 'rtr:bg', 'rtr:rd', 'rtr:ch', 'rtr:bl', 'hvu:b1', 'hvu:b4'],
    party: 'sender',
    action: 'request-delisting',
    explanation: 'AOL blocks the sending IP: it looks dynamic or residential, is not allocated, shows signs of a compromised machine, or is on a blocklist AOL uses.',
    remediation: 'Make sure the IP has a proper host name (static-looking reverse DNS), nothing on it is compromised, then open a block-removal request with the AOL/Yahoo postmaster.',
    reference: AOL_CODES,
  },
  {
    name: 'aol-complaints',
    reason: 'badreputation',
    codes: ['rly:b1', 'dyn:t1'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'AOL holds back mail from the sending IP because its users complained about it beyond AOL\'s threshold; the block lifts by itself when complaints drop.',
    remediation: 'Slow down to AOL, stop mailing people who complain (use the feedback loop) and let the automatic block expire.',
    reference: 'http://postmaster.info.aol.com/errors/554rlyb1.html',
  },
  {
    name: 'aol-sender-name',
    reason: 'rejected',
    codes: ['rly:sn'],
    party: 'sender',
    action: 'fix-sender-address',
    explanation: 'AOL refuses mail that uses an AOL address (or one it protects) as the sender when it does not come from AOL\'s own servers.',
    remediation: 'Send from an address at your own domain instead of an AOL address.',
    reference: AOL_CODES,
  },
  {
    name: 'aol-no-reverse-dns',
    reason: 'requireptr',
    codes: ['dns:nr'],
    party: 'infrastructure',
    action: 'review',
    explanation: 'AOL found no usable reverse DNS (PTR) record for the sending IP.',
    remediation: ADVICE.publishPtr,
    reference: AOL_CODES,
  },
  {
    name: 'aol-ip-blocked',
    reason: 'blocked',
    codes: ['con:b1'],
    status: ['5.'],
    party: 'sender',
    action: 'review',
    explanation: 'AOL blocks the sending IP after unfavourable traffic from it (too many connections or complaints).',
    remediation: "Slow down to AOL, find what drew complaints, and ask for a review through Yahoo's Sender Hub (AOL mail is Yahoo's).",
    reference: AOL_CODES,
  },
  {
    name: 'aol-connections',
    reason: 'toomanyconn',
    codes: ['con:b1'],
    // As a deferral; the permanent answer ("521 5.2.1 : (CON:B1) .../554conb1.html") means AOL put
    // the IP on its internal block list after too much spam from it
    // (https://www.mailchannels.com/2012/09/why-did-i-get-521-5-2-1-conb1-httppostmaster-info-aol-comerrors554conb1-html/).
    status: ['4.'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'AOL refused the connection because the sending IP had more connections open to it than AOL allows.',
    remediation: 'Open fewer simultaneous connections to AOL and let the retries run.',
    reference: AOL_CODES,
  },
]);
