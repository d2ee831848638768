import { describe, expect, it } from 'vitest';
import { detectProvider, isProviderId, PROVIDER_IDS, type ProviderEvidence, type ProviderId } from '../shared/providers';
import { PROVIDER_RULES } from '../shared/rules/providers';

/** Replies as receivers send them (personal data replaced), and the provider that answered. */
const DIAGNOSTICS: [ProviderId, string][] = [
  ['google', 'smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient\'s email address for typos or 550 5.1.1 https://support.google.com/mail/?p=NoSuchUser a1si1234567qkb.12 - gsmtp'],
  ['google', '550 5.7.1 This message violates example.com email policy. - gcdp <sessionid> - gsmtp'],
  ['google', 'host ASPMX.L.GOOGLE.COM[192.0.2.26] said: 452-4.2.2 The recipient\'s inbox is out of storage space.'],
  ['microsoft', '550 5.7.606 Access denied, banned sending IP [192.0.2.45]. To request removal from this list please visit https://sender.office.com/ and follow the directions.'],
  ['microsoft', 'host example-com.mail.protection.outlook.com[192.0.2.36] said: 550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [PR2FRA01FT009.eop-fra01.prod.protection.outlook.com]'],
  ['microsoft', '550 SC-001 (BAY004-MC4F25) Unfortunately, messages from 192.0.2.141 weren\'t sent. You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.'],
  ['microsoft', 'host mx4.hotmail.com[192.0.2.199] said: 550 OU-002 (SNT004-MC10F6) Unfortunately, messages from 192.0.2.137 weren\'t sent.'],
  ['yahoo', '421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes'],
  ['yahoo', 'host mta6.am0.yahoodns.net[192.0.2.64] said: 553 5.7.2 [TSS06] All messages from 192.0.2.239 will be permanently deferred'],
  ['yahoo', '554 delivery error: dd This user doesn\'t have a yahoo.com account (user@example.com) [-5] - mta123.mail.mud.yahoo.com'],
  ['yahoo', '554 RLY:B1 http://postmaster.info.aol.com/errors/554rlyb1.html'],
  ['yahoo', '521 5.2.1 :(CON:B1)'],
  ['apple', 'host mx01.mail.icloud.com[192.0.2.17] said: 550 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137'],
  ['proofpoint', '554 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.1'],
  ['proofpoint', 'host mxa-00123456.gslb.pphosted.com[192.0.2.40] said: 550 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.134'],
  ['comcast', '554 resimta-po-02v.sys.comcast.net comcast 192.0.2.1 Comcast requires that all mail servers must have a PTR record with a valid Reverse DNS entry.'],
  ['cox', '554 cmsmtp blocked. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CXBL'],
  ['cox', '421 cox blocked - Error Code: CDRBL'],
  ['charter', '550 5.1.0 sender rejected AUP#I-1310'],
  ['charter', '554 impin004.msg.chrl.nc.charter.net cmsmtp 192.0.2.1 blocked. AUP#In-1020'],
  ['att', '553 5.3.0 flpd575 DNSBL:ATTRBL 521< 192.0.2.1 >_is_blocked. For assistance forward this email to abuse_rbl@abuse-att.net'],
  ['att', '550 <192.0.2.1> blocked by ldap:ou=rblmx, dc=bellsouth, dc=net'],
  ['verizon', '550 relaying denied for <user@example.com> (in reply to RCPT TO) host relay.verizon.net'],
  ['orange', '421 mwinf5c23 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR004_104 [104]'],
  ['orange', '421 mwinf5c41 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]'],
  ['gmx', '554-gmx.net (mxgmx104) Nemesis ESMTP Service not available 554-No SMTP service 554-IP address is block listed. 554 For explanation visit https://postmaster.gmx.net/en/case?c=r0201&i=ip&v=192.0.2.42'],
  ['gmx', '550 Requested action not taken: mailbox unavailable (mxweb112) https://postmaster.web.de/en/error-messages?c=poli'],
  ['tonline', '554 IP=192.0.2.1 - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)'],
  ['mailru', '550 spam message rejected. Please visit http://help.mail.ru/notspam-support/id?c=abc or report details to abuse@corp.mail.ru.'],
  ['yandex', '451 4.5.1 The recipient <user@example.org> has exceeded their message rate limit. Try again later. mx.yandex.net'],
  ['tencent', '550 Mail content denied. http://service.exmail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726'],
  ['netease', '554 DT:SPM 163 smtp10,DsCowAA3D+JApVpd78gMKg--.16104S2 1566221632,please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.10'],
  ['naver', '421 4.3.2 Your IP(192.0.2.10) is filtered and this connection will be closed. You must register your IP to http://realip.naver.com'],
  ['zoho', '554 5.2.3 MailPolicy violation Error delivering to mailboxes,mx.zoho.com'],
  ['proton', 'host mail.protonmail.ch[192.0.2.5] said: 550 5.1.1 Address does not exist'],
  ['fastmail', 'host in1-smtp.messagingengine.com[192.0.2.8] said: 550 5.1.1 <user@example.org>: Recipient address rejected'],
  ['rackspace', 'host mx1.emailsrvr.com[192.0.2.10] said: 550 5.1.1 <kim@example.org>: Recipient address rejected: User unknown in relay recipient table'],
  ['godaddy', 'host smtp.secureserver.net said: 552 5.2.0 This message has been rejected due to content judged to be spam by the internet community IB212'],
  ['mimecast', '550 Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550 [gz1Vvz1VN9ikuIVSF81-Wg.au11]'],
  ['barracuda', '554 Service unavailable; Client host [host.example.net] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?r=1&ip=192.0.2.1'],
  ['cisco', 'host mx1.example.iphmx.com[192.0.2.9] said: 550 #5.1.0 Address rejected.'],
  ['trendmicro', 'host example-org.in.tmes.trendmicro.com[192.0.2.3] said: 554 5.7.1 <kim@example.org>: Recipient address rejected: BLOCK-RCPT.'],
  ['symantec', '553 you are trying to use me [server-4.tower-21.messagelabs.com] as a relay, but I have not been configured to let you do this.'],
  ['sophos', 'host mx-01-eu-west-1.prod.hydra.sophos.com[192.0.2.2] said: 550 5.7.1 Message rejected'],
  ['hornetsecurity', 'host mx-gate01.hornetsecurity.com[192.0.2.4] said: 550 5.7.1 Mail rejected by policy'],
  ['amazon', 'Amazon SES did not send the message to this address because it is on the suppression list for your account.'],
  ['amazon', 'Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.'],
];

/** Recipient domains and the provider that hosts their mailboxes (nothing in the text). */
const RECIPIENTS: [ProviderId, string][] = [
  ['google', 'kim@gmail.com'],
  ['google', 'Kim@GoogleMail.COM'],
  ['microsoft', 'kim@hotmail.co.uk'],
  ['microsoft', 'kim@outlook.jp'],
  ['microsoft', 'kim@live.com.au'],
  ['microsoft', 'kim@msn.com'],
  ['yahoo', 'kim@yahoo.com.br'],
  ['yahoo', 'kim@ymail.com'],
  ['yahoo', 'kim@rocketmail.com'],
  ['yahoo', 'kim@aol.com'],
  ['apple', 'kim@icloud.com'],
  ['apple', 'kim@me.com'],
  ['apple', 'kim@mac.com'],
  ['comcast', 'kim@comcast.net'],
  ['cox', 'kim@cox.net'],
  ['charter', 'kim@charter.net'],
  ['charter', 'kim@nc.rr.com'],
  ['att', 'kim@sbcglobal.net'],
  ['att', 'kim@bellsouth.net'],
  ['verizon', 'kim@verizon.net'],
  ['yahoo', 'kim@aol.co.uk'],
  ['orange', 'kim@wanadoo.fr'],
  ['free', 'kim@free.fr'],
  ['laposte', 'kim@laposte.net'],
  ['gmx', 'kim@gmx.de'],
  ['gmx', 'kim@web.de'],
  ['tonline', 'kim@t-online.de'],
  ['mailru', 'kim@list.ru'],
  ['yandex', 'kim@yandex.com.tr'],
  ['yandex', 'kim@ya.ru'],
  ['tencent', 'kim@foxmail.com'],
  ['netease', 'kim@126.com'],
  ['naver', 'kim@naver.com'],
  ['zoho', 'kim@zoho.eu'],
  ['proton', 'kim@protonmail.ch'],
  ['proton', 'kim@proton.me'],
  ['fastmail', 'kim@fastmail.fm'],
  ['google', 'Kim <KIM@GMAIL.COM.>'],
  ['google', 'kim@ＧＭＡＩＬ．ＣＯＭ'],
  ['microsoft', 'kim@mail.hotmail.com'],
];

const OTHERS: ProviderEvidence[] = [
  {},
  { recipient: 'kim@example.org' },
  { recipient: 'kim@yahoo.co.jp' }, // Yahoo! JAPAN is another company.
  { recipient: 'kim@hotmail.example.com' }, // a brand name under a real domain is not the brand
  { recipient: 'kim@bücher.de' },
  { recipient: 'kim@例え.jp' },
  { diagnostic: '550 5.1.1 <kim@example.org>: Recipient address rejected: User unknown in virtual mailbox table' },
  { diagnostic: 'host kaolin.example.net[192.0.2.1] said: 550 acme.com olive.com mygmail.company.org no such user' },
  { diagnostic: '550 Benutzer unbekannt: Postfach existiert nicht — ユーザーが見つかりません' },
  { remoteMta: '192.0.2.55' },
  { remoteMta: 'a8-30.smtp-out.amazonses.com' }, // SES's own reporting host says nothing about the receiver
  { diagnostic: '554 5.7.1 Service unavailable; Client host [a8-30.smtp-out.amazonses.com] blocked using zen.spamhaus.org' },
];

describe('detectProvider', () => {
  it.each(DIAGNOSTICS)('finds %s in the diagnostic: %s', (provider, diagnostic) => {
    expect(detectProvider({ diagnostic, recipient: 'kim@example.org' })).toBe(provider);
  });

  it.each(RECIPIENTS)('knows the provider of %s mailboxes: %s', (provider, recipient) => {
    expect(detectProvider({ recipient })).toBe(provider);
  });

  it.each(OTHERS)('answers "other" when nothing identifies the receiver: %j', (evidence) => {
    expect(detectProvider(evidence)).toBe('other');
  });

  it('finds a custom domain hosted at Google or Microsoft from the text, not the domain', () => {
    expect(detectProvider({ diagnostic: '550-5.1.1 The email account that you tried to reach does not exist. - gsmtp', recipient: 'kim@example.org' })).toBe('google');
    expect(detectProvider({ diagnostic: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', remoteMta: 'example-org.mail.protection.outlook.com', recipient: 'kim@example.org' })).toBe('microsoft');
  });

  it('knows every code of the providers\' code tables, without a host name in sight', () => {
    expect(detectProvider({ diagnostic: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup' })).toBe('microsoft');
    expect(detectProvider({ diagnostic: '550 5.1.1 <kim@example.org>: Email address could not be found, or was misspelled (G8)' })).toBe('rackspace');
    expect(detectProvider({ diagnostic: '450 RP:DRC' })).toBe('netease');
    expect(detectProvider({ diagnostic: '550 Requested action not taken: mailbox unavailable. For explanation visit /en/error-messages?ip=192.0.2.54&c=poli' })).toBe('gmx');
    expect(detectProvider({ diagnostic: '550 5.7.1 qRESOLVER.ADR.RecipientNotFound' })).toBe('other');
  });

  it('prefers the text to the remote host, and the remote host to the recipient domain', () => {
    expect(detectProvider({ diagnostic: '550 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1', remoteMta: 'mx01.mail.icloud.com', recipient: 'kim@icloud.com' })).toBe('proofpoint');
    expect(detectProvider({ diagnostic: '550 5.1.1 user unknown', remoteMta: 'MX01.MAIL.ICLOUD.COM', recipient: 'kim@example.org' })).toBe('apple');
    expect(detectProvider({ diagnostic: '550 5.1.1 user unknown', remoteMta: '192.0.2.7', recipient: 'kim@gmail.com' })).toBe('google');
  });

  it('takes the host that answered, not an address named in the reply', () => {
    // A forwarding server names the final address; the answer came from example.net's host.
    expect(detectProvider({ diagnostic: '550 5.1.1 <kim@gmail.com>: forwarding failed at mx.example.net', recipient: 'kim@example.net' })).toBe('other');
    // The first host named wins.
    expect(detectProvider({ diagnostic: 'host mx.mail.protection.outlook.com said: 550 see also google.com' })).toBe('microsoft');
  });

  it('names only ids it declares, and every provider rule belongs to one of them', () => {
    const ids = new Set<string>(PROVIDER_IDS);
    for (const [provider] of [...DIAGNOSTICS, ...RECIPIENTS]) expect(ids.has(provider)).toBe(true);
    for (const rule of PROVIDER_RULES.flatMap((family) => family.rules)) expect(isProviderId(rule.provider), rule.id).toBe(true);
    expect(isProviderId('hotmail')).toBe(false);
  });
});
