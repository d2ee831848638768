import { describe, expect, it } from 'vitest';
import { ADDRESS_DEAD_REASONS } from '../shared/reasons';
import { FAMILIES, PROVIDER_RULES, classifyBounce } from '../shared/rules';
import { createPhraseMatcher } from '../shared/rules/phrases';
import { ACTIONS, PARTIES } from '../shared/verdict';

const allFamilies = [...PROVIDER_RULES, ...FAMILIES];
const allRules = allFamilies.flatMap((family) => family.rules);

describe('rule set', () => {
  it('has unique rule ids of the form family.name', () => {
    const ids = allRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const family of allFamilies) for (const rule of family.rules) expect(rule.id.startsWith(`${family.name}.`)).toBe(true);
  });

  it('gives every rule a party, an action and its own texts', () => {
    for (const rule of allRules) {
      expect(PARTIES).toContain(rule.party);
      expect(ACTIONS).toContain(rule.action);
      expect(rule.explanation.length).toBeGreaterThan(20);
      expect(rule.remediation.length).toBeGreaterThan(20);
    }
  });

  it('writes phrases the matcher accepts, each rule with at least one', () => {
    for (const rule of allRules) {
      if (!rule.match.phrases) continue;
      expect(rule.match.phrases.length, rule.id).toBeGreaterThan(0);
      expect(() => createPhraseMatcher([...rule.match.phrases!, ...(rule.match.unless ?? [])]), rule.id).not.toThrow();
    }
  });

  it('lets only SES sub-type rules be authoritative', () => {
    for (const rule of allRules.filter((r) => r.authoritative)) {
      expect(rule.match.ses).toBeDefined();
      expect(rule.match.phrases).toBeUndefined();
    }
  });

  it('never suppresses for a sender-side refusal', () => {
    for (const rule of allRules.filter((r) => ['sender', 'message'].includes(r.party))) {
      expect(ADDRESS_DEAD_REASONS.has(rule.reason)).toBe(false);
    }
  });
});

describe('precedence', () => {
  it('keeps a named cause at connection time over the generic connection refusal', () => {
    expect(classifyBounce({ diagnostic: 'SMTP error after initial connection: 554 5.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org' })).toMatchObject({ reason: 'blocked', rule: 'blocked.spamhaus' });
    expect(classifyBounce({ diagnostic: 'SMTP error after initial connection: 554 5.7.1 Missing reverse DNS for 192.0.2.1' }).reason).toBe('requireptr');
    expect(classifyBounce({ diagnostic: 'SMTP error after EHLO: 421 4.7.0 Too many concurrent connections from your IP' }).reason).toBe('toomanyconn');
  });

  it('reads a blocklist refusal behind a 5.1.1 code as blocked, not userunknown', () => {
    const verdict = classifyBounce({
      diagnostic: 'smtp; 550 5.1.1 Service unavailable; client [192.0.2.7] blocked using zen.spamhaus.org',
      status: '5.1.1',
      bounceType: 'Permanent',
      bounceSubType: 'General',
    });
    expect(verdict).toMatchObject({ reason: 'blocked', suppress: false, action: 'request-delisting', rule: 'blocked.spamhaus' });
    expect(verdict.blocklist).toEqual({ name: 'Spamhaus ZEN', delistUrl: 'https://www.spamhaus.org/lookup/' });
  });

  it('lets the text beat the status code', () => {
    const verdict = classifyBounce({ diagnostic: 'smtp; 552 5.2.2 Message size exceeds fixed maximum message size', status: '5.2.2' });
    expect(verdict.reason).toBe('mesgtoobig');
  });

  it('reads a DMARC rejection sent as 5.7.1 as authfailure', () => {
    const verdict = classifyBounce({
      diagnostic: 'smtp; 550 5.7.1 This message was not accepted due to domain (example.com) owner DMARC policy',
      status: '5.7.1',
    });
    expect(verdict).toMatchObject({ reason: 'authfailure', action: 'fix-authentication', party: 'sender' });
  });

  it('prefers a full mailbox over the give-up text appended to it', () => {
    const verdict = classifyBounce({
      diagnostic: "smtp; 450 4.2.2 <a@example.jp>... Mailbox Full Giving up on 192.0.2.1. I'm not going to try again; this message has been in the queue too long.",
    });
    expect(verdict.reason).toBe('mailboxfull');
  });

  it('keeps "user unknown" under a policy code from suppressing', () => {
    const verdict = classifyBounce({ diagnostic: 'smtp; 550 5.7.1 <a@example.org>: Recipient address rejected: User unknown', status: '5.7.1' });
    expect(verdict).toMatchObject({ reason: 'filtered', suppress: false });
  });

  it('lets SES suppression beat whatever the text says', () => {
    const verdict = classifyBounce({
      diagnostic: 'smtp; 550 5.7.1 blocked using zen.spamhaus.org',
      bounceType: 'Permanent',
      bounceSubType: 'OnAccountSuppressionList',
    });
    expect(verdict).toMatchObject({ reason: 'suppressed', suppress: true, rule: 'suppressed.ses-account-list', permanence: 'permanent' });
  });

  it('recognises the SES suppression wording in the diagnostic', () => {
    const verdict = classifyBounce({
      diagnostic: 'Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.',
      bounceType: 'Permanent',
      bounceSubType: 'General',
    });
    expect(verdict).toMatchObject({ reason: 'suppressed', suppress: true });
  });
});

describe('status and reply codes alone', () => {
  it.each([
    ['5.1.1', 'userunknown', true],
    ['5.1.2', 'hostunknown', true],
    ['5.1.6', 'hasmoved', true],
    ['5.1.10', 'notaccept', true],
    ['5.2.2', 'mailboxfull', false],
    ['5.2.1', 'suspend', false],
    ['5.3.4', 'mesgtoobig', false],
    ['5.7.1', 'policyviolation', false],
    ['5.7.23', 'authfailure', false],
    ['5.7.25', 'requireptr', false],
    ['5.7.26', 'authfailure', false],
    ['5.7.27', 'rejected', false],
    ['4.4.7', 'expired', false],
    ['5.4.6', 'networkerror', false],
    ['5.6.1', 'contenterror', false],
  ] as const)('%s → %s', (status, reason, suppress) => {
    const verdict = classifyBounce({ status });
    expect(verdict).toMatchObject({ reason, suppress });
    expect(verdict.rule).toMatch(/\.status(?:-|$)/);
  });

  it('does not suppress a temporary (4xx) user unknown', () => {
    const verdict = classifyBounce({ diagnostic: 'smtp; 450 4.1.1 <a@example.com>: Recipient address rejected: User unknown', status: '4.1.1' });
    expect(verdict).toMatchObject({ reason: 'userunknown', permanence: 'transient', suppress: false, action: 'retry' });
    // The advice must agree with the verdict: keep the address.
    expect(verdict.remediation).toMatch(/^Keep the address/);
  });

  it('does not suppress a 4xx null MX answer', () => {
    const verdict = classifyBounce({ diagnostic: "DNS Error: DNS type 'mx' lookup of example.org responded with code NOERROR: returned Null MX", status: '4.0.0' });
    expect(verdict).toMatchObject({ reason: 'notaccept', suppress: false });
  });

  it('takes a specific status code from the text when SES gives x.0.0', () => {
    const verdict = classifyBounce({ diagnostic: 'smtp; 550 5.1.1 <a@example.com>: no such mailbox', status: '5.0.0' });
    expect(verdict).toMatchObject({ status: '5.1.1', replyCode: 550, reason: 'userunknown' });
  });

  it('extracts status and reply code from the text and ignores IP addresses', () => {
    const verdict = classifyBounce({ diagnostic: 'smtp; 554 5.7.1 Client host [192.0.2.1] blocked using bl.spamcop.net' });
    expect(verdict).toMatchObject({ status: '5.7.1', replyCode: 554, permanence: 'permanent' });
  });

  it('falls back to a syntax error on a bare 503', () => {
    expect(classifyBounce({ replyCode: 503 })).toMatchObject({ reason: 'syntaxerror', rule: 'syntaxerror.reply-code' });
  });

  it('reports undefined when nothing is known', () => {
    expect(classifyBounce({ diagnostic: 'something odd happened' })).toMatchObject({ reason: 'undefined', suppress: false, action: 'review' });
  });
});

describe('SES bounce types alone', () => {
  it.each([
    ['Transient', 'MailboxFull', 'mailboxfull', 'retry'],
    ['Transient', 'MessageTooLarge', 'mesgtoobig', 'shrink-message'],
    ['Transient', 'ContentRejected', 'contenterror', 'revise-content'],
    ['Transient', 'AttachmentRejected', 'securityerror', 'remove-attachment'],
    ['Permanent', 'NoEmail', 'userunknown', 'suppress'],
    ['Permanent', 'General', 'onhold', 'review'],
    ['Transient', 'General', 'onhold', 'retry'],
    ['Undetermined', 'Undetermined', 'onhold', 'review'],
    ['Permanent', 'Suppressed', 'suppressed', 'suppress'],
    ['Permanent', 'UnsubscribedRecipient', 'suppressed', 'suppress'],
  ] as const)('%s/%s → %s', (bounceType, bounceSubType, reason, action) => {
    expect(classifyBounce({ bounceType, bounceSubType })).toMatchObject({ reason, action });
  });

  it('never suppresses a permanent bounce without a dead-address cause', () => {
    expect(classifyBounce({ bounceType: 'Permanent', bounceSubType: 'General', diagnostic: 'smtp; 550 5.7.1 rejected' }).suppress).toBe(false);
  });
});

describe('real-world phrasings', () => {
  it.each([
    ['550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient\'s email address', 'userunknown'],
    ['550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', 'userunknown'],
    ['554 delivery error: dd This user doesn\'t have a yahoo.com account (x@yahoo.com) [0] - mta1061.mail.ne1.yahoo.com', 'userunknown'],
    ['552 5.2.2 <a@icloud.com>: user is over quota (in reply to RCPT TO command)', 'mailboxfull'],
    ['550 5.7.606 Access denied, banned sending IP [198.51.100.1]. To request removal from this list please visit https://sender.office.com/', 'blocked'],
    ['451 4.7.650 The mail server [192.0.2.25] has been temporarily rate limited due to IP reputation.', 'badreputation'],
    ['550 5.7.25 The IP address sending this message does not have a PTR record setup', 'requireptr'],
    ['554 5.7.1 <a@example.com>: Relay access denied', 'norelaying'],
    ['554 5.7.9 Message not accepted for policy reasons. See https://senders.yahooinc.com/error-codes', 'policyviolation'],
    ['550 Virus Detected; Content Rejected', 'virusdetected'],
    ['550 5.7.1 Message content rejected, UBE, id=12345', 'spamdetected'],
    ['421 4.7.0 Connection frequency limited', 'toomanyconn'],
    ['550 5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered', 'speeding'],
    ['525 5.7.13 <a@example.org>: Recipient address rejected: Disabled recipient address', 'suspend'],
    ['550 5.1.6 recipient no longer on server: a@example.jp', 'hasmoved'],
    ['554 5.4.6 Too many hops', 'networkerror'],
    ['connect to example.com[192.0.2.2]:25: Connection timed out', 'expired'],
    ['pipe to |/usr/local/bin/filter a@example.com failed', 'mailererror'],
    ['452 4.3.1 Insufficient system storage', 'systemfull'],
    ['554 5.3.0 Internal system error', 'systemerror'],
    ['503 Improper sequence of commands', 'syntaxerror'],
    ['550 5.7.1 Messages missing a valid Message-ID header are not accepted (not RFC 5322 compliant)', 'notcompliantrfc'],
    ['553 5.1.8 <root@host.example.jp>... Domain of sender address root@host.example.jp does not exist', 'rejected'],
    ['Sorry, I couldn\'t find any host named example.invalid. (#5.1.2)', 'hostunknown'],
    ['550 5.3.2 System not accepting network messages', 'notaccept'],
    ['530 5.7.0 Must issue a STARTTLS command first', 'securityerror'],
    ['host mx.example.net [192.0.2.7] SMTP error from remote mail server after EHLO sender.example.com: 550 Rejected', 'blocked'],
    ['SMTP error from remote mail server after initial connection: 554 mx1.example.net : quota of relayed messages reached', 'blocked'],
    ['550 5.4.1 All recipient addresses rejected : Access denied. AS(201806281) [AM0PR01.prod.protection.outlook.com]', 'userunknown'],
    ['User Ann Lee (ann@example.co.jp) not listed in Domino Directory', 'userunknown'],
    ['ユーザー Ann (ann@example.co.jp) は Domino ディレクトリには見つかりません。', 'userunknown'],
    ['Hallo, die Gruppe (staff) ist möglicherweise nicht vorhanden. Hilfe: https://groups.google.com/support/', 'rejected'],
  ])('%s → %s', (diagnostic, reason) => {
    expect(classifyBounce({ diagnostic: `smtp; ${diagnostic}` }).reason).toBe(reason);
  });

  it('reads UTF-8 that a gateway decoded as Latin-1 as the text it was', () => {
    const japanese = 'ユーザー Ann (ann@example.co.jp) は Domino ディレクトリには見つかりません。';
    const garbled = Buffer.from(japanese, 'utf8').toString('latin1');
    expect(classifyBounce({ diagnostic: garbled })).toMatchObject({ reason: 'userunknown', rule: 'userunknown.not-in-directory' });
  });
});
