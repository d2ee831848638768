import { describe, expect, it } from 'vitest';
import type { Reason } from '../shared/reasons';
import { classifyBounce } from '../shared/rules';

/**
 * Sender-side refusals that generic codes used to decide, by kind: a bare 50x or x.7.1 code
 * against words that name the cause, relaying wordings, a sender on a receiver's own list,
 * blocked IPs and spam verdicts in other languages, SMTP AUTH failures and provider wordings.
 * Every row is a positive (`reason`) or a near miss of the same words (`not`); no sender-side
 * refusal may ever suppress the address. Texts follow the sources cited in the rule files.
 */
interface Case {
  text: string;
  status?: string;
  /** The reason it must get; left out for a near miss that another family's rules decide. */
  reason?: Reason;
  /** A reason the text must not get (a near miss's tempting verdict). */
  not?: Reason;
}

function classify({ text, status }: Case) {
  return classifyBounce({ diagnostic: `smtp; ${text}`, status, bounceType: 'Permanent', bounceSubType: 'General' });
}

function check(cases: readonly Case[]) {
  it.each(cases)('$text → $reason', (row) => {
    const verdict = classify(row);
    if (row.reason) expect(verdict.reason).toBe(row.reason);
    if (row.not) expect(verdict.reason).not.toBe(row.not);
  });
}

describe('a bare 50x reply code gives way to the words', () => {
  check([
    // RFC 5321 section 4.2.2: these are the command faults the 50x codes mean.
    { text: '500 5.5.1 Command unrecognized: "XYZZY"', reason: 'syntaxerror' },
    { text: '501 5.5.4 Syntax error in parameters or arguments', reason: 'syntaxerror' },
    { text: '503 5.5.1 Bad sequence of commands', reason: 'syntaxerror' },
    { text: '502 Command not implemented', reason: 'syntaxerror' },
    // Words about the relay, the sender or the recipients say what the code does not.
    { text: '500 Unauthorized relay attempt refused', reason: 'norelaying', not: 'syntaxerror' },
    { text: '501 <a@example.com>: sender email must belong to this domain', reason: 'rejected', not: 'syntaxerror' },
    { text: '501 5.1.3 Bad recipient address syntax', reason: 'userunknown', not: 'syntaxerror' },
    { text: '503 No valid recipients', reason: 'userunknown', not: 'syntaxerror' },
  ]);
});

describe('x.7.1 is a hint the words override', () => {
  check([
    { text: '550 5.7.1 Message refused', status: '5.7.1', reason: 'policyviolation' },
    // qmail-smtpd's rcpthosts refusal carries (#5.7.1) (https://cr.yp.to/qmail/faq/servers.html#rcpthosts).
    { text: "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", status: '5.7.1', reason: 'norelaying' },
    { text: '553 Sorry, the domain is not in my list of allowed hosts (#5.7.1)', status: '5.7.1', reason: 'norelaying' },
    // A link naming the IP as denied, and IceWarp's intrusion prevention: the IP is blocked.
    { text: '554 See http://filter.example.net/denyip?addr=192.0.2.4 (#5.7.1)', status: '5.7.1', reason: 'blocked' },
    { text: '421 4.7.1 Intrusion prevention active for [192.0.2.4][I]', status: '4.7.1', reason: 'blocked' },
    { text: '421 4.7.1 Intrusion prevention active for [192.0.2.4][D]', reason: 'blocked' },
  ]);
});

describe('relaying in its other wordings', () => {
  check([
    { text: '550 5.7.1 Relaying to <a@example.org> denied', reason: 'norelaying' },
    { text: '550 Relaying to <a@example.org> is prohibited by the administrator', reason: 'norelaying' },
    { text: '550 not local host example.org, not a gateway', reason: 'norelaying' },
    { text: '554 unauthorised relay attempt', reason: 'norelaying' },
    // Postfix's relay recipient table is about an unknown user, not relaying.
    { text: '550 5.1.1 <a@example.org>: Recipient address rejected: User unknown in relay recipient table', reason: 'userunknown', not: 'norelaying' },
  ]);
});

describe("a sender on the receiver's own list is rejected; named public lists stay blocked", () => {
  check([
    { text: '550 5.7.1 <s@example.com> sender is blacklisted', reason: 'rejected', not: 'blocked' },
    { text: '554 Sender black listed by the administrator', reason: 'rejected', not: 'blocked' },
    { text: '550 5.7.1 Sender blacklisted: listed at zen.spamhaus.org', reason: 'blocked' },
    { text: '554 Sender is blacklisted in bl.spamcop.net', reason: 'blocked' },
    { text: '550 Sender IP 192.0.2.4 is blacklisted', reason: 'blocked', not: 'rejected' },
    { text: '550 Your IP 192.0.2.4 is blacklisted', reason: 'blocked' },
  ]);
  it('tells the sender to contact the recipient, not to request a public delisting', () => {
    const verdict = classify({ text: '550 sender is blacklisted', reason: 'rejected' });
    expect(verdict.action).toBe('contact-recipient');
    expect(verdict.blocklist).toBeUndefined();
  });
});

describe('blocked IPs and spam verdicts in other languages', () => {
  check([
    { text: "550 Indirizzo IP 192.0.2.4 bloccato per abuso", reason: 'blocked' },
    { text: '550 La dirección IP 192.0.2.4 está bloqueada', reason: 'blocked' },
    { text: '554 Endereço IP 192.0.2.4 bloqueado', reason: 'blocked' },
    { text: '554 Adresse IP 192.0.2.4 bloquée', reason: 'blocked' },
    { text: '554 Ihre IP-Adresse 192.0.2.4 ist gesperrt', reason: 'blocked', not: 'suspend' },
    { text: '550 IP-adres 192.0.2.4 is geblokkeerd', reason: 'blocked' },
    { text: '550 Adres IP 192.0.2.4 został zablokowany', reason: 'blocked' },
    { text: '550 IP-адрес 192.0.2.4 заблокирован', reason: 'blocked', not: 'suspend' },
    { text: '550 IP adresa 192.0.2.4 je blokována', reason: 'blocked' },
    { text: '550 您的IP 192.0.2.4 已被封禁', reason: 'blocked' },
    { text: '550 送信元IP 192.0.2.4 は拒否されました', reason: 'blocked' },
    { text: '550 발신 IP 192.0.2.4 차단', reason: 'blocked' },
    // A locked mailbox is not a blocked IP.
    { text: '550 Benutzerkonto gesperrt', reason: 'suspend', not: 'blocked' },
    { text: '550 Messaggio rifiutato perché indesiderato', reason: 'spamdetected' },
    { text: '550 Mensaje rechazado: correo no solicitado', reason: 'spamdetected' },
    { text: '554 Nachricht abgelehnt: unerwünschte Werbung', reason: 'spamdetected' },
    { text: '554 Bericht geweigerd: ongewenste e-mail', reason: 'spamdetected' },
    { text: '550 Wiadomość odrzucona: niechciana poczta', reason: 'spamdetected' },
    { text: '550 Сообщение отклонено как нежелательная почта', reason: 'spamdetected' },
    { text: '550 Zpráva odmítnuta: nevyžádaná pošta', reason: 'spamdetected' },
    { text: '550 邮件被识别为垃圾邮件', reason: 'spamdetected' },
  ]);
});

describe('provider and SMTP AUTH wordings', () => {
  check([
    // RFC 4954: 535 is an SMTP AUTH failure on the way, not a message-authentication one.
    { text: '535 5.7.8 Authentication credentials invalid', reason: 'securityerror' },
    { text: '535 Incorrect authentication data', reason: 'securityerror' },
    { text: '535 Authentication failed for the relay login', reason: 'securityerror', not: 'authfailure' },
    { text: '550 5.7.1 Authentication failure: DMARC policy of reject', reason: 'authfailure' },
    // Exchange Online queue throttling is about volume, not a mailbox quota.
    { text: '450 4.7.3 Organization queue quota exceeded', status: '4.7.3', reason: 'speeding', not: 'mailboxfull' },
    { text: '450 4.7.3 Sender queue quota exceeded', reason: 'speeding', not: 'mailboxfull' },
    { text: '450 4.7.9 Application queue quota exceeded', reason: 'systemerror' },
    { text: '552 5.2.2 Mailbox quota exceeded', reason: 'mailboxfull', not: 'speeding' },
    // Gmail: the recipient receives too fast; the address is fine.
    { text: '550 5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.', status: '5.2.1', reason: 'speeding' },
    // Daum's CCRT is its spam centre blocking the IP, whatever "busy" says.
    { text: '421 4.4.5 CCRT 192.0.2.4: Connection refused. Server is busy(RT)', reason: 'blocked' },
    { text: '421 4.3.2 Server busy, try again later', reason: 'systemerror', not: 'blocked' },
    { text: '550 Content reject', reason: 'spamdetected' },
    { text: '550 5.7.1 Header value not allowed', reason: 'policyviolation' },
    { text: '550 5.6.0 Duplicate header not allowed: Subject', not: 'policyviolation' },
  ]);
});

describe('no sender-side refusal suppresses the address', () => {
  const texts = [
    '550 5.1.1 <s@example.com> sender is blacklisted',
    '550 5.1.1 Relaying to <a@example.org> denied',
    '550 5.1.1 Indirizzo IP bloccato',
    '501 5.1.1 Sender email is not accepted here',
    '535 5.1.1 Authentication failed',
    '550 5.1.1 Intrusion prevention active for [192.0.2.4]',
  ];
  it.each(texts)('%s', (text) => {
    expect(classify({ text, status: '5.1.1' }).suppress).toBe(false);
  });
});

describe("providers' documented replies", () => {
  check([
    // Gmail (https://support.google.com/a/answer/3726730).
    { text: '454 4.7.0 Too many login attempts, please try again later.', reason: 'securityerror', not: 'expired' },
    { text: '534 5.7.9 Application-specific password required.', reason: 'securityerror' },
    { text: '550 5.7.1 Email quota exceeded.', status: '5.7.1', reason: 'speeding', not: 'mailboxfull' },
    { text: '552 5.2.2 The recipient\'s inbox is out of storage space.', status: '5.2.2', reason: 'mailboxfull' },
    { text: '550 5.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address.', status: '5.7.28', reason: 'blocked' },
    {
      text: '421 4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.',
      status: '4.7.28',
      reason: 'badreputation',
    },
    // Exchange Online NDR codes.
    { text: '550 5.4.8 MX records point to same host', status: '5.4.8', reason: 'networkerror', not: 'hostunknown' },
    { text: '550 5.7.520 Access denied, Your organization does not allow external forwarding.', status: '5.7.520', reason: 'policyviolation' },
    { text: '550 5.7.700 Access denied, tenant has exceeded threshold', status: '5.7.700', reason: 'blocked' },
    // Yahoo and AOL (https://senders.yahooinc.com/smtp-error-codes/).
    { text: '421 4.7.1 [TS03] All messages from 192.0.2.4 will be permanently deferred; Retrying will NOT succeed.', reason: 'blocked' },
    { text: '421 4.7.0 [GL01] Message from (192.0.2.4) temporarily deferred - 4.16.50.', reason: 'badreputation' },
    { text: '451 Message temporarily deferred due to unresolvable RFC.5321 from domain', reason: 'rejected' },
    { text: '521 5.2.1 : AOL will not accept delivery of this message.', status: '5.2.1', reason: 'blocked', not: 'suspend' },
    { text: '550 5.7.60 SMTP; Client does not have permissions to send as this sender', reason: 'rejected' },
    // A blocked link in the content is the content's, not the sending IP's.
    { text: '554 5.7.1 Message rejected because it contains a blocked URL', reason: 'spamdetected', not: 'blocked' },
  ]);
  it('never suppresses the MX-loop answer, whose address may be fine', () => {
    expect(classify({ text: '550 5.4.8 MX records point to same host', status: '5.4.8' }).suppress).toBe(false);
  });
});

describe('Chinese hosted mail and Coremail-style replies', () => {
  // https://blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html, https://www.icoremail.vip/support/index.php?cate_id=84,
  // https://www.emailhost.com.cn/service.html?article_category=25
  check([
    { text: '551 auth error', reason: 'securityerror' },
    { text: '553 host denies relay', reason: 'norelaying' },
    { text: '553 relay check domain fail', reason: 'norelaying' },
    { text: '554 smtpport check error', reason: 'blocked' },
    { text: '555 helohost error', reason: 'blocked', not: 'syntaxerror' },
    { text: '421 IP is Hangup', reason: 'blocked' },
    { text: '553 Requested action not taken: no smtp MX only', reason: 'rejected' },
    { text: '554 Spam denied', reason: 'spamdetected' },
    // A failed message signature is the message's authentication, not a login.
    { text: '550 5.7.1 DKIM authentication failed', reason: 'authfailure', not: 'securityerror' },
  ]);
});

describe('lists, connections and rates in other languages', () => {
  check([
    { text: '550 Ihre IP-Adresse steht auf einer Sperrliste', reason: 'blocked' },
    { text: '550 Adresa IP je na černé listině', reason: 'blocked' },
    { text: '550 Zpráva odmítnuta antispamovým filtrem', reason: 'spamdetected' },
    { text: '421 Trop de connexions depuis votre adresse', reason: 'toomanyconn' },
    { text: '421 Zu viele Verbindungen, bitte später erneut versuchen', reason: 'toomanyconn' },
    { text: '421 Demasiadas conexiones simultáneas', reason: 'toomanyconn' },
    { text: '421 Слишком много соединений с вашего адреса', reason: 'toomanyconn' },
    { text: '421 Trop de messages envoyés, veuillez réessayer plus tard', reason: 'speeding' },
    { text: '450 Troppi messaggi inviati, riprovare più tardi', reason: 'speeding' },
    { text: '450 Слишком много писем, попробуйте позже', reason: 'speeding' },
    // Free.fr: too much spam from one IP is its reputation, not one message's content.
    { text: '421 Too many spams from your IP (192.0.2.4), please visit http://postmaster.free.fr/', reason: 'badreputation' },
  ]);
});

describe('filters and MTAs in front of mailboxes', () => {
  check([
    { text: '554 5.7.1 reject: Client host bypassing service provider\'s mail relay: host.example.net', reason: 'blocked' },
    { text: '550 Error: 192.0.2.4 is blocked from sending, probably due to spam', reason: 'blocked' },
    { text: '550 5.7.1 [CS] Message blocked. If this is a false positive, report it to your hosting provider.', reason: 'spamdetected' },
    { text: '554 rejecting banned content', reason: 'spamdetected' },
    { text: '550 Verify mailfrom failed, blocked', reason: 'rejected', not: 'blocked' },
    { text: "554 5.7.1 Recipient address rejected: Username a@example.com and sender doesn't match", reason: 'rejected' },
    { text: '554 5.7.1 Blocked because the return email domain is invalid (failed to obtain DNS record for domain example.net)', reason: 'rejected' },
    { text: "553 sorry, that domain isn't allowed to be relayed thru this MTA (#5.7.1)", reason: 'norelaying', not: 'policyviolation' },
    { text: '550 message submission is for authorised users only', reason: 'norelaying' },
    { text: '554 5.7.1 Matched map: MIME_BAD_EXTENSION', reason: 'securityerror' },
    { text: '[internal] remote SSL certificate not signed by a trusted CA', reason: 'securityerror', not: 'authfailure' },
    { text: '550 5.7.1 DKIM: message not signed', reason: 'authfailure' },
    { text: '421 4.4.2 Message submission rate for this client has exceeded the configured limit', reason: 'speeding', not: 'rejected' },
    { text: '550 [192.0.2.4] is not a fully qualified domain name', reason: 'requireptr' },
    { text: "550 5.7.1 Email has been rejected due to the domain's SPF policy", reason: 'authfailure', not: 'policyviolation' },
    { text: '554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: a@example.com', reason: 'rejected' },
    { text: '550 Error: MAIL FROM is mismatched with message header from address!', reason: 'policyviolation' },
    { text: '554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied', reason: 'rejected' },
    { text: '550 unauthorized interface for <192.0.2.4>', reason: 'blocked' },
  ]);
});

describe('command order, score reports and session limits', () => {
  check([
    // RFC 5321 section 4.1.4: commands out of order are syntax faults, whatever address words they carry.
    { text: '503 5.5.1 Error: need MAIL command', reason: 'syntaxerror', not: 'rejected' },
    { text: '503 RCPT TO without MAIL FROM', reason: 'syntaxerror', not: 'rejected' },
    { text: '503 5.5.0 Sender already specified', reason: 'syntaxerror', not: 'rejected' },
    { text: '551 line parse error', reason: 'syntaxerror' },
    // A content score that lists list tests is a spam verdict.
    { text: '554 5.7.1 Content filter rejection: SpamAssassin score 12.5 (RCVD_IN_BL_SPAMCOP_NET,URIBL_BLACK)', reason: 'spamdetected', not: 'blocked' },
    { text: '554 5.7.1 Service unavailable; Client host [192.0.2.4] blocked using bl.spamcop.net', reason: 'blocked' },
    { text: '421 4.4.5 Service unavailable, concurrency limit reached', reason: 'toomanyconn', not: 'systemerror' },
    { text: '450 Client host rejected, Cannot resolve PTR for 192.0.2.4', reason: 'requireptr', not: 'blocked' },
    { text: '503 Either sender or receiver must be local account', reason: 'norelaying', not: 'syntaxerror' },
    { text: '550 Too many invalid recipients from your IP', reason: 'blocked' },
    { text: '553 private list access denied', reason: 'policyviolation' },
  ]);
});

describe('rates and blocked servers, more wordings', () => {
  check([
    { text: '452 4.4.5 Messages per second limit exceeded', reason: 'speeding' },
    { text: '452 4.5.3 Daily message limit exceeded', reason: 'speeding', not: 'exceedlimit' },
    { text: '450 4.7.1 Twój serwer poczty 192.0.2.4 został zablokowany', reason: 'blocked' },
    { text: '550 Ihr Mailserver wurde gesperrt', reason: 'blocked', not: 'suspend' },
    { text: '550 Votre serveur 192.0.2.4 est bloqué', reason: 'blocked' },
  ]);
});

describe('field wordings of MTAs, hosts and filters', () => {
  check([
    { text: '550 5.7.520 Message blocked because it contains content identified as spam. AS(4810)', reason: 'spamdetected', not: 'policyviolation' },
    { text: '521 5.2.1 : (CON:B1) http://postmaster.info.aol.com/errors/554conb1.html', reason: 'blocked' },
    { text: '421 4.7.0 : (CON:B1) too many connections', status: '4.7.0', reason: 'toomanyconn' },
    { text: '550 Sorry, no access for this ip', reason: 'blocked' },
    { text: '451 From:domain must resolve', reason: 'rejected' },
    { text: '550 Callback setup failed while verifying <a@example.com> (result of an earlier callout reused)', reason: 'rejected', not: 'spamdetected' },
    { text: '550 The mail may contain inappropriate words or content.', reason: 'spamdetected' },
    { text: '553 5.3.0 Your message was rejected for possible spam/virus content', reason: 'spamdetected', not: 'virusdetected' },
    { text: '421 4.7.0 Too many bad commands', reason: 'syntaxerror' },
    { text: '501 5.5.4 Syntax: MAIL FROM:<address>', reason: 'syntaxerror', not: 'rejected' },
    { text: '421 4.7.0 mx.example.net Error: too many errors', reason: 'syntaxerror' },
    { text: '550 5.7.1 <a@example.com>: Sender address rejected: not logged in', reason: 'securityerror', not: 'rejected' },
    { text: '550 must be authenticated', reason: 'securityerror' },
    { text: '550 relay through this server without authentication', reason: 'norelaying', not: 'securityerror' },
    { text: 'MSG-EXT: Blacklisted high risk file extension detected (invoice.scr)', reason: 'securityerror', not: 'blocked' },
    { text: 'Hourly send rate exceeded, retry later.', reason: 'speeding' },
    { text: 'Domain example.net has exceeded the max defers and failures per hour (5/5 (100%)) allowed.', reason: 'speeding' },
    { text: '550 Forged sender domain from this server', reason: 'authfailure' },
  ]);
});

describe('connection-time refusals and sender-domain DNS', () => {
  check([
    { text: '521 access denied', reason: 'blocked' },
    { text: '521 5.3.2 Server does not accept mail', not: 'blocked' },
    { text: 'Dictionary attack detected from your IP', reason: 'blocked' },
    { text: '550-Requested action not taken: mailbox unavailable 550 invalid DNS MX or A/AAAA resource record', reason: 'rejected', not: 'userunknown' },
  ]);
  it('does not suppress a recipient because the sender domain has no MX', () => {
    expect(classify({ text: '550-Requested action not taken: mailbox unavailable 550 invalid DNS MX or A/AAAA resource record' }).suppress).toBe(false);
  });
});
