import { describe, expect, it } from 'vitest';
import { ADDRESS_DEAD_REASONS, type Reason } from '../shared/reasons';
import { FAMILIES, classifyBounce } from '../shared/rules';
import type { Action } from '../shared/verdict';

/**
 * The rule families about the *sender* (its IP, reputation, authentication, envelope address,
 * rate, content verdicts, relaying and site policy). Their texts are written here from the
 * shapes MTAs, providers and blocklists use (Postfix, Exim, sendmail, Gmail, Microsoft,
 * Yahoo, the blocklists' own pages); addresses and IPs are documentation ones.
 */
const SENDER_FAMILIES = new Set([
  'requireptr', 'blocked', 'connection', 'badreputation', 'virusdetected', 'securityerror', 'authfailure', 'spamdetected',
  'toomanyconn', 'speeding', 'rejected', 'norelaying', 'policyviolation', 'filtered',
]);
const senderRules = FAMILIES.filter((family) => SENDER_FAMILIES.has(family.name)).flatMap((family) => family.rules);

/** A permanent SES bounce carrying `diagnostic`, as SES reports it. */
function classify(diagnostic: string, status?: string, bounceSubType = 'General') {
  return classifyBounce({ diagnostic: `smtp; ${diagnostic}`, status, bounceType: 'Permanent', bounceSubType });
}

interface RuleCase {
  rule: string;
  /** A reply the rule must recognise, and its status when SES would carry one. */
  hit: string;
  hitStatus?: string;
  /** A near miss: a reply with the rule's words in another sense, which it must leave alone. */
  miss: string;
  missStatus?: string;
}

const CASES: RuleCase[] = [
  {
    rule: 'requireptr.missing-ptr',
    hit: '450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.7]',
    miss: '554 5.7.1 Refused: the reverse DNS of 192.0.2.7 looks like a dynamic address pool',
  },
  { rule: 'requireptr.status', hit: 'Delivery failed', hitStatus: '5.7.25', miss: 'Delivery failed', missStatus: '5.7.26' },
  {
    rule: 'blocked.spamhaus-pbl',
    hit: '554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using pbl.spamhaus.org',
    miss: '554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using xbl.spamhaus.org',
  },
  {
    rule: 'blocked.spamhaus-xbl',
    hit: '550 5.7.1 Rejected: 192.0.2.7 is listed on the Spamhaus Exploits Block List (XBL)',
    miss: '554 5.7.1 Client host [192.0.2.7] blocked using sbl.spamhaus.org',
  },
  {
    rule: 'blocked.spamhaus-sbl',
    hit: '554 Client host [192.0.2.7] blocked using sbl.spamhaus.org',
    miss: '554 Client host [192.0.2.7] blocked using zen.spamhaus.org',
  },
  {
    rule: 'blocked.spamhaus-css',
    hit: '554 5.7.1 Client host [192.0.2.7] blocked using css.spamhaus.org',
    miss: '554 5.7.1 Client host [192.0.2.7] blocked using access.example.net',
  },
  {
    rule: 'blocked.spamhaus-dbl',
    hit: '554 5.7.1 <news@example.com>: Sender address rejected: blocked using dbl.spamhaus.org',
    miss: '554 5.7.1 Client host [192.0.2.7] blocked using pbl.spamhaus.org',
  },
  {
    rule: 'blocked.spamhaus',
    hit: '550 5.7.1 192.0.2.7 is listed at zen.spamhaus.org',
    miss: '550 5.7.1 192.0.2.7 is listed at bl.spamcop.net',
  },
  {
    rule: 'blocked.cloudmark',
    hit: '550 Rejected: 192.0.2.7 is in an RBL, see csi.cloudmark.com/reset-request',
    miss: '550 Rejected: 192.0.2.7 is in an RBL, see bl.example.net',
  },
  {
    rule: 'blocked.senderscore',
    hit: '554 5.7.1 Client host [192.0.2.7] blocked using bl.score.senderscore.com',
    miss: '554 5.7.1 Your sending reputation score is too low',
  },
  {
    rule: 'blocked.spamcop',
    hit: '554 5.7.1 Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.7',
    miss: '554 5.7.1 Blocked - see https://blocklist.example.net/?192.0.2.7',
  },
  {
    rule: 'blocked.barracuda',
    hit: '554 Service unavailable; Client host [192.0.2.7] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?ip=192.0.2.7',
    miss: '554 Message rejected by the mail filter appliance',
  },
  {
    rule: 'blocked.uceprotect',
    hit: '550 5.7.1 Rejected: 192.0.2.7 listed at dnsbl-2.uceprotect.net',
    miss: '550 5.7.1 Rejected: 192.0.2.7 listed at dnsbl.example.net',
  },
  {
    rule: 'blocked.abusix',
    hit: '554 5.7.1 Client host [192.0.2.7] blocked using combined.mail.abusix.zone',
    miss: '554 5.7.1 Client host [192.0.2.7] blocked using combined.example.zone',
  },
  {
    rule: 'blocked.symantec',
    hit: '553 Rejected: your IP is on a block list, see https://ipremoval.sms.symantec.com/lookup/',
    miss: '553 Rejected: your IP is on a block list, see https://lookup.example.com/',
  },
  {
    rule: 'blocked.talos',
    hit: '554 Rejected: poor sender standing, see https://talosintelligence.com/reputation_center/lookup?search=192.0.2.7',
    miss: '554 Rejected: poor sender standing, see https://lookup.example.com/',
  },
  {
    rule: 'blocked.invaluement',
    hit: '554 5.7.1 Client host [192.0.2.7] blocked using ivmSIP',
    miss: '554 5.7.1 Client host [192.0.2.7] blocked using sip.example.net',
  },
  {
    rule: 'blocked.mailspike',
    hit: '554 5.7.1 Client host [192.0.2.7] blocked using bl.mailspike.net',
    miss: '554 5.7.1 Client host [192.0.2.7] blocked using bl.example.net',
  },
  {
    rule: 'blocked.psbl',
    hit: '550 5.7.1 Rejected: 192.0.2.7 listed at psbl.surriel.com',
    miss: '550 5.7.1 Rejected: 192.0.2.7 listed at bl.example.net',
  },
  {
    rule: 'blocked.hostkarma',
    hit: '550 Black listed at hostkarma http://ipadmin.junkemailfilter.com/remove.php?ip=192.0.2.7',
    miss: '550 Black listed at bl.example.net',
  },
  {
    rule: 'blocked.s5h',
    hit: '554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using all.s5h.net',
    miss: '554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using all.example.net',
  },
  {
    rule: 'blocked.microsoft',
    hit: '550 5.7.1 Unfortunately, messages from [192.0.2.7] weren\'t sent. Please contact your Internet service provider since part of their network is on our block list.',
    miss: '550 5.7.1 Unfortunately, messages from [192.0.2.7] weren\'t sent.',
  },
  {
    rule: 'blocked.cox',
    hit: '554 Rejected - see https://www.cox.com/residential/support/email-error-codes.html AUP#RBL',
    miss: '554 Rejected - see https://www.example.com/support/errors.html',
  },
  {
    rule: 'blocked.sorbs',
    hit: '554 5.7.1 Client host [192.0.2.7] blocked using dnsbl.sorbs.net',
    miss: '554 5.7.1 The message absorbs too many resources',
  },
  {
    rule: 'blocked.receiver-internal',
    hit: '550 5.7.1 Your IP 192.0.2.7 is on our local blacklist',
    miss: '550 5.7.1 news@example.com is on the user level blacklist of the recipient',
  },
  {
    rule: 'blocked.ip-refused',
    hit: '550 5.7.1 Sender IP address rejected',
    hitStatus: '5.7.1',
    miss: '550 5.7.1 The sending IP 192.0.2.7 is not allowed to send for example.com per its SPF record',
  },
  {
    rule: 'blocked.dnsbl',
    hit: '550 Rejected because 192.0.2.7 is in a black list at bl.example.net',
    miss: '554 5.7.1 Message rejected: a link in the body is listed at multi.uribl.com',
  },
  {
    rule: 'blocked.listed',
    hit: '554 Your server 192.0.2.7 is blacklisted, contact the postmaster',
    miss: '550 5.7.1 Your sender address news@example.com is blacklisted by this domain',
  },
  {
    rule: 'blocked.connection-refused',
    hit: '554 5.7.1 <mx.example.com[192.0.2.7]>: Client host rejected: Access denied',
    miss: '451 4.3.0 <mx.example.com[192.0.2.7]>: Client host rejected: throttled, too much spam from your server',
  },
  { rule: 'blocked.status', hit: 'Not delivered', hitStatus: '5.7.510', miss: 'Not delivered', missStatus: '5.7.514' },
  {
    rule: 'connection.refused',
    hit: 'SMTP error from remote mail server after initial connection: 554 mx.example.org ESMTP not accepting mail from you',
    miss: 'SMTP error from remote mail server after initial connection: 421 mx.example.org busy, try later',
  },
  {
    rule: 'badreputation.throttled',
    hit: '421 Messages from 192.0.2.7 temporarily deferred due to user complaints',
    miss: '451 4.7.0 The mail server [192.0.2.7] has been temporarily rate limited',
  },
  {
    rule: 'badreputation.too-much-spam',
    hit: '421 4.7.0 Too much spam from this source [192.0.2.7]; try again later',
    miss: '550 5.7.1 This message was classified as spam',
  },
  {
    rule: 'badreputation.low-reputation',
    hit: '554 Your access to this mail system has been rejected due to the sending MTA\'s poor reputation.',
    miss: '554 Your access to this mail system has been rejected.',
  },
  {
    rule: 'virusdetected.malware',
    hit: '554 5.7.1 Message rejected: virus found in attachment (Win.Trojan.Agent)',
    miss: '451 4.3.0 Temporary anti-virus failure, try again later',
  },
  {
    rule: 'securityerror.outlook-blocked-attachment',
    hit: '552 5.7.0 Message rejected: setup.exe is a Level 1 attachment',
    miss: '552 5.7.0 Message rejected: setup.exe is not allowed',
  },
  {
    rule: 'securityerror.winzip-exploitable-attachment',
    hit: '552 5.7.0 File attachment is not allowed because it can be used to exploit WinZip',
    miss: '552 5.7.0 File attachment notes.txt is fine but the message is too large',
  },
  {
    rule: 'securityerror.blocked-attachment-type',
    hit: '550 5.7.0 Your message has been rejected because it contains a banned file attachment',
    miss: '552 5.3.4 The attachment exceeds the size limit and was rejected',
  },
  {
    rule: 'securityerror.authentication-level',
    hit: '550 5.7.1 Access denied, sending domain example.com does not meet the required authentication level.',
    miss: '550 5.7.1 Access denied, sending domain example.com is unknown.',
  },
  {
    rule: 'securityerror.tls-handshake',
    hit: 'Cannot start TLS: handshake failure',
    miss: '550 5.7.1 Message refused: the handshake of our hosting agreement expired',
  },
  {
    rule: 'securityerror.tls-or-auth-required',
    hit: '530 5.7.0 Must issue a STARTTLS command first.',
    miss: '550 5.7.1 Relaying denied. Proper authentication required.',
  },
  {
    rule: 'securityerror.smtp-auth-failed',
    hit: '535 5.7.8 Error: authentication failed: bad username or password',
    miss: '550 5.7.1 Authentication failed: DKIM signature did not verify',
  },
  {
    rule: 'securityerror.smtp-login-refused',
    hit: '454 4.7.0 Too many login attempts, please try again later.',
    miss: '550 5.7.26 Too many messages fail DKIM; sign with DKIM and try again later.',
  },
  { rule: 'securityerror.reply-code-535', hit: '535 Incorrect login data', miss: '550 Incorrect login data' },
  { rule: 'securityerror.status', hit: 'Not accepted', hitStatus: '5.7.11', miss: 'Not accepted', missStatus: '5.7.12' },
  {
    rule: 'securityerror.ses-attachment-rejected',
    hit: 'Message rejected',
    miss: 'Message rejected',
  },
  {
    rule: 'authfailure.dmarc',
    hit: '550 5.7.1 Email rejected per DMARC policy for example.com',
    miss: '550 5.7.1 Email rejected per local policy for example.com',
  },
  {
    rule: 'authfailure.spf',
    hit: '550 5.7.1 SPF validation failed for example.com: 192.0.2.7 is not a permitted sender',
    miss: '550 5.7.1 The sender 192.0.2.7 is not allowed to relay through this server',
  },
  {
    rule: 'authfailure.dkim',
    hit: '550 5.7.20 No passing DKIM signature found',
    miss: '550 5.7.1 Message signed but refused by policy',
  },
  {
    rule: 'authfailure.unauthenticated',
    hit: '550 5.7.26 This mail has been blocked because the sender is unauthenticated.',
    miss: '550 5.7.1 This mail has been blocked.',
  },
  { rule: 'authfailure.status', hit: 'Rejected', hitStatus: '5.7.21', miss: 'Rejected', missStatus: '5.7.25' },
  {
    rule: 'spamdetected.community-spam',
    hit: '550 5.7.1 The content of this message is considered spam by the receiving site',
    miss: '550 5.7.1 The content of this message is considered unusual',
  },
  {
    rule: 'spamdetected.url-blocklist',
    hit: '554 5.7.1 Message rejected: a URL in the body is listed at multi.surbl.org',
    miss: '554 5.7.1 Message rejected: 192.0.2.7 is listed at bl.example.net',
  },
  {
    rule: 'spamdetected.content-rejected-by-policy',
    hit: '550 5.7.1 Message content rejected, id=12345',
    hitStatus: '5.7.1',
    miss: '554 5.6.0 Message content rejected, malformed MIME',
    missStatus: '5.6.0',
  },
  {
    rule: 'spamdetected.filter-verdict',
    hit: '554 5.7.1 Message rejected under suspicion of spam',
    miss: '451 4.7.1 Spam filter temporarily unavailable, try again later',
  },
  {
    rule: 'toomanyconn.concurrent-connections',
    hit: '421 4.7.0 Too many concurrent SMTP connections from this IP; try again later',
    miss: '421 4.7.0 Too many messages from this IP; try again later',
  },
  {
    rule: 'toomanyconn.frequency-limited',
    hit: '421 4.7.0 Connection rate limit exceeded for 192.0.2.7',
    miss: '421 4.7.0 Sending rate limit exceeded for 192.0.2.7',
  },
  {
    rule: 'speeding.recipient-rate',
    hit: '450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.',
    miss: '452 4.2.2 The user you are trying to contact is over quota.',
  },
  {
    rule: 'speeding.sender-rate',
    hit: '421 4.7.0 You are sending too fast; please slow down and try again later',
    miss: '550 5.2.2 User has too many messages on the server',
  },
  { rule: 'speeding.status', hit: 'Deferred', hitStatus: '4.7.28', miss: 'Deferred', missStatus: '4.7.24' },
  {
    rule: 'rejected.sender-domain-unverifiable',
    hit: '450 4.1.8 <news@example.com>: Sender address rejected: Domain not found',
    miss: '550 5.1.2 <kim@example.org>: Recipient address rejected: Domain not found',
  },
  {
    rule: 'rejected.user-blocklist',
    hit: '554 5.7.1 <news@example.com>: Sender address rejected: blocked by this recipient',
    miss: '550 5.7.1 Your IP 192.0.2.7 is on our local blacklist',
  },
  { rule: 'blocked.access-denied-at-connection', hit: '521 access denied', miss: '550 access denied for this mailbox' },
  {
    rule: 'rejected.sender-listed',
    hit: '550 5.7.1 <news@example.com> sender is blacklisted here',
    miss: '550 5.7.1 Sender IP 192.0.2.7 is blacklisted here',
  },
  {
    rule: 'rejected.recipient-blocklist',
    hit: '554 5.7.1 <news@example.com>: Sender address rejected: blocked by this domain',
    miss: '554 5.7.1 <news@example.com>: Sender address rejected: blocked by this recipient',
  },
  {
    rule: 'rejected.invalid-sender-domain',
    hit: '553 5.1.8 Sender domain is not valid: example.invalid',
    miss: '553 5.1.2 Recipient domain is not valid: example.invalid',
  },
  {
    rule: 'rejected.sender-address-unknown',
    hit: '550 5.1.0 <ghost@example.com>: Sender verify failed',
    miss: '550 5.1.1 <ghost@example.org>: Recipient verify failed',
  },
  {
    rule: 'rejected.group-posting-denied',
    hit: '550 5.7.1 You are not a member of this mailing list and may not post',
    miss: '550 5.1.1 The mailing list you wrote to does not exist',
  },
  {
    rule: 'rejected.sender-refused',
    hit: '554 5.7.1 <news@example.com>: Sender address rejected: Access to this server is restricted',
    miss: '550 5.7.1 Sender IP address rejected',
  },
  { rule: 'rejected.status', hit: 'Rejected', hitStatus: '5.1.8', miss: 'Rejected', missStatus: '5.1.2' },
  {
    rule: 'norelaying.relay-denied',
    hit: '554 5.7.1 <kim@example.org>: Relay access denied',
    miss: '550 5.1.1 <kim@example.org>: Recipient address rejected: User unknown in relay recipient table',
  },
  { rule: 'norelaying.status', hit: 'Refused', hitStatus: '5.7.64', miss: 'Refused', missStatus: '5.7.65' },
  {
    rule: 'policyviolation.local-policy',
    hit: '550 5.7.1 Message rejected due to local policy',
    miss: '451 4.7.1 Greylisting in action, please come back later; local policy',
  },
  { rule: 'policyviolation.status-5.7.1', hit: 'Delivery not possible', hitStatus: '5.7.1', miss: 'Delivery not possible', missStatus: '5.7.2' },
  {
    rule: 'filtered.user-blocklist',
    hit: '550 5.7.1 The recipient has chosen to block mail from this sender',
    miss: '550 5.7.1 The recipient has chosen a new address',
  },
  {
    rule: 'filtered.recipient-filter',
    hit: '553 Message filtered. Refer to the troubleshooting page for more information.',
    miss: '553 Message refused. Refer to the troubleshooting page for more information.',
  },
  {
    rule: 'filtered.refused-by-recipient',
    hit: '553 The recipient refuses to receive this mail',
    miss: '553 The recipient is not known here',
  },
  {
    rule: 'filtered.policy-user-unknown',
    hit: '550 5.7.1 User unknown',
    hitStatus: '5.7.1',
    miss: '550 5.1.1 User unknown',
    missStatus: '5.1.1',
  },
];

describe('sender-side rules', () => {
  it('has a case for every rule of the sender families', () => {
    const tested = new Set(CASES.map((c) => c.rule));
    expect(senderRules.map((rule) => rule.id).filter((id) => !tested.has(id))).toEqual([]);
  });

  it('never gives a sender-side rule a dead-address reason', () => {
    for (const rule of senderRules) expect(ADDRESS_DEAD_REASONS.has(rule.reason), rule.id).toBe(false);
  });

  it.each(CASES)('$rule recognises its reply and leaves the near miss', ({ rule, hit, hitStatus, miss, missStatus }) => {
    // SES's own sub-type is the only evidence the attachment rule has.
    const sub = rule === 'securityerror.ses-attachment-rejected';
    expect(classify(hit, hitStatus, sub ? 'AttachmentRejected' : 'General').rule).toBe(rule);
    expect(classify(miss, missStatus).rule).not.toBe(rule);
  });

  it('never suppresses a reply that carries one of their phrases, whatever its code', () => {
    // Rules whose text needs a status or reply code to mean anything are left out: their words
    // alone ("user unknown", "access denied") are not a cause on the sender's side.
    for (const rule of senderRules.filter(({ match }) => !match.status && !match.replyCode)) {
      for (const phrase of rule.match.phrases ?? []) {
        const words = phrase.split(' ... ').map((term) => term.replace(/\*$/, '')).join(' x ');
        for (const status of ['5.1.1', '5.0.0']) {
          const verdict = classify(`550 ${status} <kim@example.org> ${words}`, status);
          expect(verdict.suppress, `${rule.id}: ${phrase} (${status})`).toBe(false);
        }
      }
    }
  });
});

interface KindCase {
  kind: string;
  status?: string;
  diagnostic: string;
  reason: Reason;
  action?: Action;
  delistUrl?: string;
}

/** The kinds of failure of issue 11 that fall to the sender families, one case or more each. */
const KINDS: KindCase[] = [
  // Gmail's authentication replies in their three forms (https://support.google.com/a/answer/3726730).
  {
    kind: 'Gmail authentication, 550 5.7.1',
    status: '5.7.1',
    diagnostic: '550 5.7.1 This message has no authentication information or fails to pass authentication checks (SPF or DKIM)',
    reason: 'authfailure',
    action: 'fix-authentication',
  },
  {
    kind: 'Gmail authentication, 421 4.7.0',
    status: '4.7.0',
    diagnostic:
      '421-4.7.0 This message does not have authentication information or fails to pass 421-4.7.0 authentication checks. To best protect our users from spam, the 421-4.7.0 message has been blocked.',
    reason: 'authfailure',
    action: 'fix-authentication',
  },
  {
    kind: 'Gmail authentication, 5.7.26',
    status: '5.7.26',
    diagnostic: '550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.',
    reason: 'authfailure',
    action: 'fix-authentication',
  },
  {
    kind: 'Gmail authentication, 5.7.27',
    status: '5.7.27',
    diagnostic: '550 5.7.27 This message was blocked because it did not pass SPF authentication.',
    reason: 'authfailure',
    action: 'fix-authentication',
  },
  {
    kind: 'Gmail authentication, 4.7.26 rate limit',
    status: '4.7.26',
    diagnostic: '421 4.7.26 This email has been rate limited because it is unauthenticated.',
    reason: 'authfailure',
    action: 'fix-authentication',
  },
  // An IP refused under a recipient-looking phrase is blocked, never a dead address.
  { kind: 'Sender IP address rejected', status: '5.7.1', diagnostic: '550 5.7.1 Sender IP address rejected', reason: 'blocked' },
  { kind: 'Client IP address rejected', status: '5.1.1', diagnostic: '550 5.1.1 Client IP address rejected', reason: 'blocked' },
  { kind: 'Microsoft traffic not accepted', status: '5.7.708', diagnostic: '550 5.7.708 Access denied, traffic not accepted from this IP', reason: 'blocked' },
  {
    kind: 'Proofpoint lookup link',
    diagnostic: '554 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.10',
    reason: 'blocked',
    action: 'request-delisting',
    delistUrl: 'https://ipcheck.proofpoint.com/',
  },
  {
    kind: 'Spamhaus ZEN with its lookup',
    diagnostic: '554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.10',
    reason: 'blocked',
    action: 'request-delisting',
    delistUrl: 'https://www.spamhaus.org/lookup/',
  },
  {
    kind: 'Barracuda BRBL',
    diagnostic: '554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using b.barracudacentral.org',
    reason: 'blocked',
    action: 'request-delisting',
    delistUrl: 'https://www.barracudacentral.org/lookups',
  },
  {
    kind: 'Trend Micro RBL+',
    diagnostic: '550 Service unavailable; Client host [192.0.2.10] blocked using Trend Micro RBL+. Please see http://www.mail-abuse.com/cgi-bin/lookup?ip_address=192.0.2.10',
    reason: 'blocked',
    action: 'request-delisting',
  },
  // Spam, virus and policy told apart.
  {
    kind: 'Gmail likely unsolicited mail',
    status: '5.7.1',
    diagnostic: '550 5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.',
    reason: 'spamdetected',
    action: 'revise-content',
  },
  { kind: 'viral traffic', status: '5.7.1', diagnostic: '554 5.7.1 We do not accept viral traffic', reason: 'virusdetected' },
  { kind: 'local policy', status: '5.7.1', diagnostic: '550 5.7.1 Message rejected due to local policy', reason: 'policyviolation' },
  { kind: 'GMX policy restrictions', diagnostic: '550 mailbox unavailable Reject due to policy restrictions', reason: 'policyviolation' },
  // Reputation.
  {
    kind: 'too much spam from this source',
    status: '4.7.0',
    diagnostic: '421 4.7.0 Too much spam from this source, try again later',
    reason: 'badreputation',
    action: 'retry',
  },
  {
    kind: 'Gmail low reputation',
    status: '5.7.1',
    diagnostic: '550 5.7.1 This message is likely suspicious due to the very low reputation of the sending domain.',
    reason: 'badreputation',
  },
  // A sender on the recipient domain's or the user's own list: not a public blocklist.
  {
    kind: "a domain's block list",
    status: '5.7.1',
    diagnostic: '550 5.7.1 The sender address news@example.com is on the domain-level block list of example.org',
    reason: 'rejected',
    action: 'contact-recipient',
  },
  {
    kind: "a user's block list",
    status: '5.7.1',
    diagnostic: '550 5.7.1 news@example.com is blocklisted at the user level by the recipient',
    reason: 'rejected',
    action: 'contact-recipient',
  },
  {
    kind: 'Mimecast blocked senders',
    diagnostic: '550 Rejected by header based manually Blocked Senders',
    reason: 'rejected',
    action: 'contact-recipient',
  },
  // Encryption.
  { kind: 'TLS handshake', diagnostic: 'Cannot start TLS: handshake failure', reason: 'securityerror' },
  { kind: 'STARTTLS required', status: '5.7.0', diagnostic: '530 5.7.0 Must issue a STARTTLS command first', reason: 'securityerror' },
  { kind: 'certificate expired', diagnostic: 'TLS session failed: certificate has expired', reason: 'securityerror' },
  // Connections and rate.
  {
    kind: 'too many concurrent connections',
    status: '4.7.0',
    diagnostic: '421 4.7.0 Too many concurrent SMTP connections from this IP; try again later',
    reason: 'toomanyconn',
    action: 'reduce-rate',
  },
  {
    kind: 'recipient receiving too fast',
    status: '4.2.1',
    diagnostic: '450 4.2.1 The user you are trying to contact is receiving mail too quickly.',
    reason: 'speeding',
    action: 'retry',
  },
  // Relaying under a recipient code is not a dead address.
  { kind: 'relaying disallowed under 5.1.1', status: '5.1.1', diagnostic: '553 5.1.1 Relaying disallowed', reason: 'norelaying' },
  // The languages receivers refuse in.
  { kind: 'German spam verdict', diagnostic: '571 5.7.1 message classified as spam (Nachricht als Spam eingestuft)', reason: 'spamdetected' },
  { kind: 'French black list', diagnostic: '554 Votre adresse IP figure sur une liste noire', reason: 'blocked' },
  { kind: 'Chinese spam verdict', diagnostic: '554 邮件被判为垃圾邮件', reason: 'spamdetected' },
];

describe('issue 11 failure kinds on the sender side', () => {
  it.each(KINDS)('$kind → $reason', ({ status, diagnostic, reason, action, delistUrl }) => {
    const verdict = classify(diagnostic, status);
    expect(verdict.reason).toBe(reason);
    expect(verdict.suppress).toBe(false);
    if (action) expect(verdict.action).toBe(action);
    if (delistUrl) expect(verdict.blocklist?.delistUrl).toBe(delistUrl);
  });
});
