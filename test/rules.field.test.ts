import { describe, expect, it } from 'vitest';
import { classifyBounce } from '../shared/rules';

/**
 * The kinds of failure that real bounces the rules were not written from exposed (issue 11),
 * one or two replies each, as SES carries them (`status | diagnostic`). Each kind is fixed in
 * general, so these are spot checks of a kind, not the lines it was fixed for.
 */
const classify = (status: string | undefined, diagnostic: string, bounceType = status?.startsWith('4') ? 'Transient' : 'Permanent') =>
  classifyBounce({ status, diagnostic: `smtp; ${diagnostic}`, bounceType, bounceSubType: 'General' });

describe('kinds of failure on real bounces', () => {
  it('paraphrase: extra words between the words a rule knows', () => {
    expect(classify('4.7.0', '421 4.7.0 Too many concurrent SMTP connections from this IP; try again later')).toMatchObject({ reason: 'toomanyconn', action: 'reduce-rate' });
    expect(classify('5.1.1', '550 5.1.1 User not listed in public Name & Address Book')).toMatchObject({ reason: 'userunknown' });
  });

  it("the big providers' own replies", () => {
    for (const [status, text] of [
      ['5.7.1', '550 5.7.1 This message has no authentication information or fails to pass authentication checks (SPF or DKIM). To best protect our users from spam, the message has been blocked.'],
      ['4.7.0', '421 4.7.0 This message does not pass authentication checks (SPF and DKIM both do not pass).'],
      ['5.7.26', '550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.'],
    ] as const) {
      expect(classify(status, text), text).toMatchObject({ reason: 'authfailure', action: 'fix-authentication', suppress: false });
    }
    expect(classify('5.7.708', '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.')).toMatchObject({ reason: 'blocked', suppress: false });
    expect(classify('5.0.0', '554 resimta-ch2-18v.sys.comcast.net comcast 192.0.2.10 Comcast block for spam. Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000000')).toMatchObject({ reason: 'blocked' });
    expect(classify('5.0.0', '554 blocked. AUP#CXBL')).toMatchObject({ reason: 'blocked' });
    const proofpoint = classify('5.0.0', '554 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.10');
    expect(proofpoint).toMatchObject({ reason: 'blocked' });
    expect(proofpoint.blocklist?.delistUrl ?? proofpoint.reference).toMatch(/proofpoint\.com/);
  });

  it('a code never outweighs words naming another cause, and a good address is kept', () => {
    expect(classify('5.1.1', '552 5.1.1 <a@example.net> recipient rejected - extended quota violation')).toMatchObject({ reason: 'mailboxfull', suppress: false });
    expect(classify('5.1.1', '552 5.1.1 Boite du destinataire pleine. Recipient overquota')).toMatchObject({ reason: 'mailboxfull', suppress: false });
    expect(classify('5.1.1', '553 5.1.1 Relaying disallowed')).toMatchObject({ reason: 'norelaying', suppress: false });
    expect(classify('5.0.0', '550 mailbox unavailable Reject due to policy restrictions')).toMatchObject({ reason: 'policyviolation', suppress: false });
    expect(classify('5.7.1', '550 5.7.1 Sender IP address rejected')).toMatchObject({ reason: 'blocked', suppress: false });
    expect(classify('5.7.1', '550 5.7.1 Client IP address rejected')).toMatchObject({ reason: 'blocked', suppress: false });
  });

  it('plain words are not left undecided', () => {
    expect(classify('5.4.7', 'Delivery failed after 20 attempts')).toMatchObject({ reason: 'expired' });
    expect(classify('5.0.0', '554 Service currently unavailable')).toMatchObject({ reason: 'systemerror' });
    expect(classify('4.0.0', 'Cannot start TLS: handshake failure')).toMatchObject({ reason: 'securityerror' });
    for (const text of ['450 4.2.0 <a@example.org>: Recipient address rejected: Greylisted, please retry in 300 seconds', '451 4.7.1 Greylisting in action, please come back later']) {
      expect(classify(text.slice(4, 9), text), text).toMatchObject({ reason: 'greylisting', permanence: 'transient', action: 'retry', party: 'nobody', suppress: false });
    }
  });

  it('receivers answer in their own language', () => {
    expect(classify('5.1.1', '550 5.1.1 Benutzer unbekannt')).toMatchObject({ reason: 'userunknown', suppress: true });
    expect(classify('5.2.2', '552 5.2.2 Postfach voll')).toMatchObject({ reason: 'mailboxfull', suppress: false });
    expect(classify('5.1.1', '550 5.1.1 宛先のメールアドレスが見つかりません')).toMatchObject({ reason: 'userunknown' });
  });

  it('spam, virus and policy are told apart', () => {
    expect(classify('5.7.1', '550 5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.')).toMatchObject({ reason: 'spamdetected' });
    expect(classify('5.7.1', '554 5.7.1 We do not accept viral traffic')).toMatchObject({ reason: 'virusdetected' });
  });

  it("SES's own words", () => {
    const verdict = classifyBounce({
      diagnostic: 'Amazon SES did not send the message to this address because it is on the suppression list for your account.',
      bounceType: 'Permanent',
      bounceSubType: 'General',
    });
    expect(verdict).toMatchObject({ reason: 'suppressed', suppress: true });
  });

  it('where the refusal came, when the text says so', () => {
    const afterData = classify('5.1.1', 'host mx.example.net[192.0.2.8] said: 550 Unknown user a@example.net (in reply to end of DATA command)');
    expect(afterData).toMatchObject({ reason: 'filtered', suppress: false });
    const atRcpt = classify('5.1.1', 'host mx.example.net[192.0.2.8] said: 550 Unknown user a@example.net (in reply to RCPT TO command)');
    expect(atRcpt).toMatchObject({ reason: 'userunknown', suppress: true });
  });

  it('rewordings of the seed table', () => {
    expect(classify('5.7.1', "550 5.7.1 The sender's domain is on this domain's block list")).toMatchObject({ reason: 'rejected', action: 'contact-recipient', suppress: false });
    expect(classify('5.7.1', "550 5.7.1 Sender is on the recipient's personal blocked senders list")).toMatchObject({ reason: 'rejected', action: 'contact-recipient', suppress: false });
    expect(classify('5.7.1', '552 5.7.1 Attachment file name is longer than 50 characters')).toMatchObject({ action: 'remove-attachment', suppress: false });
    expect(classify('4.7.1', '421 4.7.1 Too much spam has come from this source; try again later')).toMatchObject({ reason: 'badreputation', action: 'retry', suppress: false });
  });
});
