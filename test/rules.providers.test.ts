import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from '../shared/providers';
import { ADDRESS_DEAD_REASONS } from '../shared/reasons';
import { classifyBounce } from '../shared/rules';
import { PROVIDER_RULES } from '../shared/rules/providers';
import type { BounceRule } from '../shared/rules/types';
import { BlocklistSchema } from '../shared/verdict';

const RULES = PROVIDER_RULES.flatMap((family) => family.rules);
const isDeadAddress = (rule: BounceRule) => ADDRESS_DEAD_REASONS.has(rule.reason);
const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/** A reply in which `phrase` occurs: its terms joined by a neutral word, a prefix term completed. */
const textOf = (phrase: string) =>
  phrase
    .split(' ... ')
    .map((term) => (term.endsWith('*') ? `${term.slice(0, -1)}ed` : term))
    .join(' and ');

/**
 * The same reply with every code glued inside a longer number or word: letters and digits
 * added around the code's own characters, inside any brackets it is written with.
 */
const gluedTextOf = (phrase: string) =>
  phrase
    .split(' ... ')
    .map((term) => {
      const prefix = term.endsWith('*');
      const text = prefix ? term.slice(0, -1) : term;
      const first = [...text].findIndex(isWordChar);
      const last = text.length - 1 - [...text].reverse().findIndex(isWordChar);
      const glue = (char: string) => (/\d/.test(char) ? '7' : 'q');
      const end = prefix ? text.slice(last + 1) : `${glue(text[last]!)}${text.slice(last + 1)}`;
      return `${text.slice(0, first)}${glue(text[first]!)}${text.slice(first, last + 1)}${end}`;
    })
    .join(' and ');

/** The status a reply with `phrase` comes with: the one the rule requires, if any. */
function statusFor(rule: BounceRule, phrase: string): string | undefined {
  const wanted = rule.match.status;
  if (!wanted) return undefined;
  const first = phrase.split(' ')[0]!;
  return wanted.includes(first) ? first : wanted[0];
}

const samples = RULES.flatMap((rule) => (rule.match.phrases ?? []).map((phrase) => ({ rule, phrase })));
const named = samples.map(({ rule, phrase }) => [rule.id, phrase, rule, phrase] as const);

describe('provider code tables', () => {
  it('are data with provenance: ids, providers, pages and delisting links', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(PROVIDER_IDS, rule.id).toContain(rule.provider);
      expect(rule.id.startsWith(`${rule.provider}.`), rule.id).toBe(true);
      expect(rule.reference, rule.id).toMatch(/^https?:\/\/\S+$/);
      expect(rule.match.phrases?.length, rule.id).toBeGreaterThan(0);
      if (rule.blocklist) expect(() => BlocklistSchema.parse(rule.blocklist), rule.id).not.toThrow();
      expect(rule.authoritative, rule.id).toBeUndefined();
    }
  });

  it('try every sender-side and mailbox-state code before any dead-address code', () => {
    const firstDead = RULES.findIndex(isDeadAddress);
    expect(firstDead).toBeGreaterThan(0);
    expect(RULES.slice(firstDead).every(isDeadAddress)).toBe(true);
  });

  it.each(named)('%s: "%s" decides the verdict and names the provider\'s page', (_id, _phrase, rule, phrase) => {
    const code = phrase.startsWith('4.') ? 451 : 550;
    const verdict = classifyBounce({ diagnostic: `${code} ${textOf(phrase)}`, status: statusFor(rule, phrase) });
    expect(verdict).toMatchObject({ rule: rule.id, reason: rule.reason, provider: rule.provider, reference: rule.reference, confidence: 'rule' });
    expect(verdict.suppress).toBe(isDeadAddress(rule) && code === 550);
    if (rule.blocklist) expect(verdict.blocklist).toEqual(rule.blocklist);
  });

  it.each(named)('%s: "%s" inside a longer number or word does not match', (_id, _phrase, rule, phrase) => {
    const glued = gluedTextOf(phrase);
    expect(glued).not.toBe(textOf(phrase));
    const verdict = classifyBounce({ diagnostic: `550 ${glued}`, status: statusFor(rule, phrase) });
    expect(verdict.rule).not.toBe(rule.id);
  });

  it('does not read a dotted code inside an IP address as the code', () => {
    const guarded = samples.filter(({ rule, phrase }) => rule.match.status && /^\d\.\d+\.\d+$/.test(phrase.split(' ')[0]!));
    expect(guarded.length).toBeGreaterThan(5);
    for (const { rule, phrase } of guarded) {
      const code = phrase.split(' ')[0]!;
      const diagnostic = `550 Service unavailable, client host [10.${code}] blocked and ${textOf(phrase).slice(code.length)}`;
      for (const status of [undefined, '5.0.0', '5.7.1']) {
        expect(classifyBounce({ diagnostic, status }).rule, `${diagnostic} (${status})`).not.toBe(rule.id);
      }
    }
  });

  it('never suppresses a good address for a sender-side or mailbox-state code, whatever dead-address code the reply also carries', () => {
    const deadTexts = samples.filter(({ rule }) => isDeadAddress(rule)).map(({ phrase }) => textOf(phrase));
    const live = samples.filter(({ rule }) => !isDeadAddress(rule));
    expect(deadTexts.length).toBeGreaterThan(3);
    for (const { rule, phrase } of live) {
      for (const dead of ['5.1.1 user unknown', ...deadTexts]) {
        const diagnostic = `550 5.1.1 <kim@example.org>: ${dead}; ${textOf(phrase)}`;
        const verdict = classifyBounce({ diagnostic, status: statusFor(rule, phrase) ?? '5.1.1' });
        expect(verdict.suppress, `${diagnostic} → ${verdict.rule}`).toBe(false);
      }
    }
  });

  it('reads the field replies of each provider as the provider documents them', () => {
    const cases: [string, string, string | undefined][] = [
      ['microsoft.ip-not-accepted', '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(7171)', '5.7.708'],
      ['microsoft.banned-sending-ip', '550 5.7.606 Access denied, banned sending IP [192.0.2.45]. To request removal from this list please visit https://sender.office.com/ and follow the directions. (AS16012609)', '5.7.606'],
      ['microsoft.outlook-com-block-list', "550 5.7.1 Unfortunately, messages from [192.0.2.44] weren't sent. Please contact your Internet service provider since part of their network is on our block list (AS3150).", '5.7.1'],
      ['microsoft.temporarily-restricted', '451 4.7.500 Server busy. Please try again later from [192.0.2.10]. (AS843) [AM5EUR02FT027.eop-EUR02.prod.protection.outlook.com]', '4.7.500'],
      ['microsoft.directory-edge-block', '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [PR2FRA01FT009.eop-fra01.prod.protection.outlook.com]', '5.4.1'],
      ['microsoft.tenant-relay-denied', '550 5.4.1 Relay Access Denied', '5.4.1'],
      ['google.no-such-user', "550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1si123.12 - gsmtp", '5.1.1'],
      ['google.over-quota', "552-5.2.2 The recipient's inbox is out of storage space and inactive. Please 552-5.2.2 direct the recipient to 552 5.2.2  https://support.google.com/mail/?p=OverQuotaPerm - gsmtp", '5.2.2'],
      ['google.unsolicited-ip', '550-5.7.1 [192.0.2.181] Our system has detected an unusual rate of 550-5.7.1 unsolicited mail originating from your IP address. 550 5.7.1  https://support.google.com/mail/?p=UnsolicitedIPError - gsmtp', '5.7.1'],
      ['yahoo.deferred-complaints', '421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html', '4.7.0'],
      ['yahoo.spamhaus', "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes", '5.7.1'],
      ['yahoo.aol-complaints', '421 4.7.1 : (DYN:T1) http://postmaster.info.aol.com/errors/421dynt1.html', '4.7.1'],
      ['comcast.spam-patterns', '554 xx.comcast.net comcast 192.0.2.10 Comcast block for spam. Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000000', undefined],
      ['cox.blocked', '554 cmsmtp blocked. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CXBL', undefined],
      ['charter.rate-limit', '550 5.1.0 sender rejected AUP#I-1320', '5.1.0'],
      ['proofpoint.dynamic-reputation', '550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.165: user@me.com', '5.7.0'],
      ['netease.spam-content', '554 DT:SPM 163 smtp10,DsCowAA3D+JApVpd78gMKg--.16104S2 1566221632,please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.10', undefined],
      ['tencent.content-denied', '550 Mail content denied. http://service.exmail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726', undefined],
      ['mimecast.blocked-sender', '550 Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550 [gz1Vvz1VN9ikuIVSF81-Wg.au11]', undefined],
    ];
    for (const [id, diagnostic, status] of cases) expect(classifyBounce({ diagnostic, status }).rule, diagnostic).toBe(id);
  });

  it('does not take a host name for a code', () => {
    const verdict = classifyBounce({ diagnostic: 'host ts01.mx.example.net[192.0.2.1] said: 550 5.1.1 <kim@example.org>: Recipient address rejected: User unknown', status: '5.1.1' });
    expect(verdict.rule).not.toMatch(/^yahoo\./);
    expect(verdict.reason).toBe('userunknown');
  });

  it('leaves 5.1.10 as a null MX when the text says so (RFC 7505), not as Microsoft\'s "not found"', () => {
    expect(classifyBounce({ diagnostic: '556 5.1.10 Recipient address has null MX', status: '5.1.10' }).rule).not.toMatch(/^microsoft\./);
  });
});
