import { describe, expect, it } from 'vitest';
import { classifyBounce } from '../shared/rules';
import type { Reason } from '../shared/reasons';
import type { Action, Party } from '../shared/verdict';

/**
 * One realistic SES diagnostic per row of the mail provider's table of common bounce messages
 * (the seed the rule set was written from). The diagnostics are written here, not read from
 * ../shared, so the suite runs in any clone.
 */
interface SeedCase {
  row: string;
  diagnostic: string;
  status: string;
  rule: string;
  reason: Reason;
  suppress: boolean;
  party: Party;
  action: Action;
  delistUrl?: string;
  mentions?: RegExp;
}

const SPAMHAUS = 'https://www.spamhaus.org/lookup/';

const SEED: SeedCase[] = [
  {
    row: 'no MX records for the recipient domain',
    diagnostic: 'smtp; 550 5.1.2 Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found',
    status: '5.1.2',
    rule: 'hostunknown.no-mx-host',
    reason: 'hostunknown',
    suppress: true,
    party: 'recipient',
    action: 'suppress',
  },
  {
    row: 'recipient cannot verify the existence of your domain',
    diagnostic: 'smtp; 450 4.1.8 <news@mail.example.com>: Sender address rejected: Domain not found',
    status: '4.1.8',
    rule: 'rejected.sender-domain-unverifiable',
    reason: 'rejected',
    suppress: false,
    party: 'sender',
    action: 'fix-sender-address',
  },
  {
    row: 'too much spam from this source',
    diagnostic: 'smtp; 421 4.7.0 Too much spam from this source [192.0.2.10]; try again later',
    status: '4.7.0',
    rule: 'badreputation.too-much-spam',
    reason: 'badreputation',
    suppress: false,
    party: 'sender',
    action: 'retry',
  },
  {
    row: 'an intermittent issue',
    diagnostic: 'smtp; 451 4.3.0 An intermittent issue has occurred; please try again later',
    status: '4.3.0',
    rule: 'systemerror.intermittent',
    reason: 'systemerror',
    suppress: false,
    party: 'infrastructure',
    action: 'retry',
  },
  {
    row: 'too many concurrent connections',
    diagnostic: 'smtp; 421 4.7.0 Too many concurrent connections from 192.0.2.10; reduce to 5 or fewer',
    status: '4.7.0',
    rule: 'toomanyconn.concurrent-connections',
    reason: 'toomanyconn',
    suppress: false,
    party: 'sender',
    action: 'reduce-rate',
    mentions: /five or fewer/,
  },
  {
    row: 'split domain routing, external server soft fails',
    diagnostic: 'smtp; 451 4.4.0 Split domain routing: the external mail server for example.org did not answer on port 25, message deferred',
    status: '4.4.0',
    rule: 'networkerror.split-routing-deferred',
    reason: 'networkerror',
    suppress: false,
    party: 'recipient',
    action: 'retry',
    mentions: /port 25/,
  },
  {
    row: 'sending domain is not valid',
    diagnostic: 'smtp; 553 5.1.8 The sending domain is not valid: example.invalid',
    status: '5.1.8',
    rule: 'rejected.invalid-sender-domain',
    reason: 'rejected',
    suppress: false,
    party: 'sender',
    action: 'fix-sender-address',
  },
  {
    row: 'content deemed spam by the internet community',
    diagnostic: 'smtp; 550 5.7.1 The content of this message has been deemed spam by the internet community',
    status: '5.7.1',
    rule: 'spamdetected.community-spam',
    reason: 'spamdetected',
    suppress: false,
    party: 'message',
    action: 'revise-content',
  },
  {
    row: 'sender domain exists but the sending address does not',
    diagnostic: 'smtp; 550 5.1.0 <ghost@example.com>: Sender address rejected: User unknown in virtual mailbox table',
    status: '5.1.0',
    rule: 'rejected.sender-address-unknown',
    reason: 'rejected',
    suppress: false,
    party: 'sender',
    action: 'fix-sender-address',
  },
  {
    row: 'recipient does not exist in the hosted domain',
    diagnostic: 'smtp; 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in virtual mailbox table',
    status: '5.1.1',
    rule: 'userunknown.not-in-hosted-domain',
    reason: 'userunknown',
    suppress: true,
    party: 'recipient',
    action: 'suppress',
  },
  {
    row: 'message larger than the 50 MB limit',
    diagnostic: 'smtp; 552 5.3.4 Message size exceeds fixed maximum message size (52428800 bytes)',
    status: '5.3.4',
    rule: 'mesgtoobig.size-limit',
    reason: 'mesgtoobig',
    suppress: false,
    party: 'message',
    action: 'shrink-message',
    mentions: /50 MB/,
  },
  {
    row: 'attachment file type on the blocked list',
    diagnostic: 'smtp; 552 5.7.0 This message was blocked because its attachment type is on the blocked list: invoice.exe',
    status: '5.7.0',
    rule: 'securityerror.blocked-attachment-type',
    reason: 'securityerror',
    suppress: false,
    party: 'message',
    action: 'remove-attachment',
  },
  {
    row: "attachment type on Outlook's blocked list",
    diagnostic: "smtp; 552 5.7.0 Message rejected: attachment report.js is on Outlook's blocked file list",
    status: '5.7.0',
    rule: 'securityerror.outlook-blocked-attachment',
    reason: 'securityerror',
    suppress: false,
    party: 'message',
    action: 'remove-attachment',
    mentions: /\.exe.*\.js/,
  },
  {
    row: 'attachment that can exploit WinZip associated files',
    diagnostic: 'smtp; 552 5.7.0 Banned file type: archive.uue can be used to exploit WinZip',
    status: '5.7.0',
    rule: 'securityerror.winzip-exploitable-attachment',
    reason: 'securityerror',
    suppress: false,
    party: 'message',
    action: 'remove-attachment',
    mentions: /\.b64, \.bhx, \.hqx, \.mim, \.uue or \.xxe/,
  },
  {
    row: 'recipient address does not exist or the domain DNS has an issue',
    diagnostic: 'smtp; 550 5.1.1 <pat@example.net>: Unrouteable address',
    status: '5.1.1',
    rule: 'hostunknown.unrouteable',
    reason: 'hostunknown',
    suppress: true,
    party: 'recipient',
    action: 'suppress',
  },
  {
    row: 'sending IP blocked internally',
    diagnostic: 'smtp; 550 5.7.1 Sending IP 192.0.2.10 is blocked internally; contact the recipient to be safelisted',
    status: '5.7.1',
    rule: 'blocked.receiver-internal',
    reason: 'blocked',
    suppress: false,
    party: 'sender',
    action: 'contact-recipient',
  },
  {
    row: 'Spamhaus PBL',
    diagnostic:
      'smtp; 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using pbl.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1',
    status: '5.7.1',
    rule: 'blocked.spamhaus-pbl',
    reason: 'blocked',
    suppress: false,
    party: 'sender',
    action: 'request-delisting',
    delistUrl: SPAMHAUS,
    mentions: /only removal helps/,
  },
  {
    row: 'Cloudmark',
    diagnostic: 'smtp; 550 5.7.1 Message rejected: 192.0.2.10 is listed by Cloudmark CSI, see https://csi.cloudmark.com/reset-request',
    status: '5.7.1',
    rule: 'blocked.cloudmark',
    reason: 'blocked',
    suppress: false,
    party: 'sender',
    action: 'request-delisting',
    delistUrl: 'https://csi.cloudmark.com/reset-request',
  },
  {
    row: 'Senderscore',
    diagnostic: 'smtp; 554 5.7.1 Client host [192.0.2.10] blocked using bl.score.senderscore.com',
    status: '5.7.1',
    rule: 'blocked.senderscore',
    reason: 'blocked',
    suppress: false,
    party: 'sender',
    action: 'request-delisting',
    delistUrl: 'https://senderscore.org/rtbl/',
  },
  {
    row: 'Spamhaus XBL',
    diagnostic: 'smtp; 554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using xbl.spamhaus.org',
    status: '5.7.1',
    rule: 'blocked.spamhaus-xbl',
    reason: 'blocked',
    suppress: false,
    party: 'sender',
    action: 'request-delisting',
    delistUrl: SPAMHAUS,
  },
  {
    row: 'Spamhaus SBL',
    diagnostic: 'smtp; 554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using sbl.spamhaus.org',
    status: '5.7.1',
    rule: 'blocked.spamhaus-sbl',
    reason: 'blocked',
    suppress: false,
    party: 'sender',
    action: 'request-delisting',
    delistUrl: SPAMHAUS,
  },
  {
    row: 'Spamcop',
    diagnostic: 'smtp; 554 5.7.1 Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.10',
    status: '5.7.1',
    rule: 'blocked.spamcop',
    reason: 'blocked',
    suppress: false,
    party: 'sender',
    action: 'request-delisting',
    delistUrl: 'https://spamcop.net/bl.shtml',
    mentions: /24 hours/,
  },
  {
    row: 'sender blocklisted at the domain level',
    diagnostic: 'smtp; 550 5.7.1 news@example.com is blocklisted at the domain level by example.org',
    status: '5.7.1',
    rule: 'rejected.recipient-blocklist',
    reason: 'rejected',
    suppress: false,
    party: 'recipient',
    action: 'contact-recipient',
  },
  {
    row: 'sender blocklisted at the user level',
    diagnostic: 'smtp; 550 5.7.1 news@example.com is blocklisted at the user level by the recipient',
    status: '5.7.1',
    rule: 'rejected.user-blocklist',
    reason: 'rejected',
    suppress: false,
    party: 'recipient',
    action: 'contact-recipient',
  },
  {
    row: 'attachment name longer than 50 characters',
    diagnostic: 'smtp; 554 5.6.0 Attachment name is too long (more than 50 characters)',
    status: '5.6.0',
    rule: 'contenterror.attachment-name-too-long',
    reason: 'contenterror',
    suppress: false,
    party: 'message',
    action: 'remove-attachment',
    mentions: /50 characters/,
  },
  {
    row: 'split domain routing, external server permanently fails',
    diagnostic: 'smtp; 550 5.1.1 Split domain routing: recipient lee@example.org does not exist on the external mail server',
    status: '5.1.1',
    rule: 'userunknown.split-routing',
    reason: 'userunknown',
    suppress: true,
    party: 'recipient',
    action: 'suppress',
  },
  {
    row: "recipient's address and domain do not exist on our system",
    diagnostic: 'smtp; 550 5.1.1 <kim@example.net>: recipient address (and domain) does not exist on our system',
    status: '5.1.1',
    rule: 'userunknown.not-on-system',
    reason: 'userunknown',
    suppress: true,
    party: 'recipient',
    action: 'suppress',
  },
  {
    row: 'DMARC policy reject',
    diagnostic:
      "smtp; 550 5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain",
    status: '5.7.26',
    rule: 'authfailure.dmarc',
    reason: 'authfailure',
    suppress: false,
    party: 'sender',
    action: 'fix-authentication',
  },
  {
    row: 'SPF policy reject',
    diagnostic: 'smtp; 550 5.7.23 Message rejected: the sending IP 192.0.2.10 failed the SPF check for example.com (-all)',
    status: '5.7.23',
    rule: 'authfailure.spf',
    reason: 'authfailure',
    suppress: false,
    party: 'sender',
    action: 'fix-authentication',
  },
];

describe('seed: common email bounce messages', () => {
  it('has one distinct rule per row', () => {
    expect(new Set(SEED.map((c) => c.rule)).size).toBe(SEED.length);
  });

  it.each(SEED)('$row → $rule', (c) => {
    const verdict = classifyBounce({ diagnostic: c.diagnostic, status: c.status, bounceType: 'Permanent', bounceSubType: 'General' });
    expect(verdict.rule).toBe(c.rule);
    expect(verdict.reason).toBe(c.reason);
    expect(verdict.suppress).toBe(c.suppress);
    expect(verdict.party).toBe(c.party);
    expect(verdict.action).toBe(c.action);
    expect(verdict.blocklist?.delistUrl).toBe(c.delistUrl);
    if (c.delistUrl) expect(verdict.blocklist?.name).toBeTruthy();
    if (c.mentions) expect(`${verdict.explanation} ${verdict.remediation}`).toMatch(c.mentions);
  });
});
