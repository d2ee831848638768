import { describe, expect, it } from 'vitest';
import { FAMILIES, classifyBounce } from '../shared/rules';
import { ADDRESS_DEAD_REASONS } from '../shared/reasons';

/**
 * The recipient-side families (mailbox, domain, receiving system, delivery time, SMTP syntax,
 * message limits, SES's own suppression) and greylisting. Every text rule has a reply it must
 * claim and a near miss it must leave alone; every rule that can suppress has near misses whose
 * words name a sender-side cause or a mailbox state, and those must never be suppressed. The
 * replies are written here in the wording servers use (Postfix, Sendmail, Exim, qmail,
 * Exchange, Gmail, Yahoo, Domino, Dovecot, carriers), with example.* addresses and
 * documentation IPs.
 */

const FAMILY_NAMES = new Set([
  'suppressed',
  'greylisting',
  'exceedlimit',
  'mesgtoobig',
  'contenterror',
  'notcompliantrfc',
  'hasmoved',
  'suspend',
  'mailboxfull',
  'userunknown',
  'notaccept',
  'networkerror',
  'hostunknown',
  'systemfull',
  'mailererror',
  'systemerror',
  'filtered',
  'expired',
  'syntaxerror',
]);

const textRuleIds = FAMILIES.filter((family) => FAMILY_NAMES.has(family.name))
  .flatMap((family) => family.rules)
  .filter((rule) => rule.match.phrases)
  .map((rule) => rule.id);

const classify = (diagnostic: string, status?: string) => classifyBounce({ diagnostic: `smtp; ${diagnostic}`, status });

/** [rule, diagnostic, status?]: the rule must claim the reply. */
const CLAIMS: [string, string, string?][] = [
  ['suppressed.ses-text', 'Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.'],
  ['greylisting.deferred', '450 4.7.1 <kim@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html'],
  ['greylisting.policy-deferral', '451 4.7.1 Please try again later'],
  ['exceedlimit.recipient-limit', '552 5.2.3 Message exceeds the size limit set by the recipient'],
  ['exceedlimit.too-many-recipients', '452 4.5.3 Your message has too many recipients. For more information regarding Google\'s sending limits, visit the help center'],
  ['mesgtoobig.size-limit', '552 5.3.4 Message size exceeds fixed limit'],
  ['contenterror.attachment-name-too-long', '554 5.6.0 Attachment name is too long (more than 50 characters)'],
  ['contenterror.media-error', '554 5.6.1 Media not supported'],
  ['notcompliantrfc.message-format', '550 5.7.1 Our system has detected that this message is not RFC 5322 compliant.'],
  ['hasmoved.no-forwarding', '550 5.1.6 Destination mailbox has moved, no forwarding address'],
  ['hasmoved.user-not-local', '551 not our customer'],
  ['suspend.account-disabled', '550 5.2.1 The email account that you tried to reach is disabled.'],
  ['suspend.not-activated', '550 5.2.1 This mailbox has not been activated yet'],
  ['suspend.unavailable-disabled', '550 5.2.1 Mailbox not available', '5.2.1'],
  ['suspend.in-other-languages', '550 Das Konto des Empfängers ist gesperrt'],
  ['mailboxfull.over-quota', "452 4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to manage their storage."],
  ['mailboxfull.unavailable-full', '452 4.2.2 Mailbox unavailable', '4.2.2'],
  ['mailboxfull.in-other-languages', '552 Postfach voll'],
  ['userunknown.split-routing', '550 5.1.1 Split domain routing: recipient lee@example.org does not exist on the external mail server', '5.1.1'],
  ['userunknown.not-on-system', '550 5.1.1 <kim@example.org>: this address does not exist on our system'],
  ['userunknown.not-in-hosted-domain', '550 5.1.1 <kim@example.org>: Recipient address rejected: User unknown in virtual mailbox table'],
  ['userunknown.not-in-directory', 'User not listed in public Name & Address Book'],
  ['userunknown.no-such-user', '550 5.1.1 <kim@example.org>... User unknown'],
  ['userunknown.named-mailbox-missing', '550 User kim@example.org does not exist'],
  ['userunknown.words-apart', '550 Recipient <kim@example.org> unknown'],
  ['userunknown.in-other-languages', '550 Benutzer unbekannt'],
  ['userunknown.address-rejected', '550 5.1.1 <kim@example.org>: Recipient address rejected: kim@example.org'],
  ['userunknown.recipient-access-denied', '554 5.7.1 <kim@example.org>: Recipient address rejected: Access denied'],
  ['userunknown.address-rejected-code', '550 #5.1.0 Address rejected.'],
  ['userunknown.mailbox-unavailable', '550 Requested action not taken: mailbox unavailable'],
  ['notaccept.null-mx', '556 5.1.10 Recipient address has null MX'],
  ['notaccept.not-accepting', '554 5.3.2 System not accepting network messages'],
  ['networkerror.split-routing-deferred', '451 4.4.0 Split domain routing: the external server for lee@example.org did not answer', '4.4.0'],
  ['networkerror.dns-temporary', 'Host or domain name not found. Name service error for name=example.org type=MX: Host not found, try again'],
  ['networkerror.dns-error', '451 4.4.3 DNS query failed for example.org'],
  ['networkerror.domain-lookup-deferred', "DNS Error: DNS type 'mx' lookup of example.invalid responded with code NXDOMAIN Domain name not found: example.invalid", '4.0.0'],
  ['networkerror.routing', '554 5.4.6 Too many hops'],
  ['networkerror.deferred-timeout', 'Deferred: Connection timed out with mx.example.org.'],
  ['hostunknown.no-mx-host', '550 5.1.2 Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found'],
  ['hostunknown.unrouteable', '550 Unrouteable address'],
  ['hostunknown.no-such-domain', "553 5.1.2 We weren't able to find the recipient domain. Please check for any spelling errors."],
  ['hostunknown.in-other-languages', '550 5.1.2 Domain existiert nicht'],
  ['systemfull.disk-full', '452 4.3.1 Insufficient system storage'],
  ['mailererror.delivery-program', 'Command died with status 127: "/usr/bin/procmail"'],
  ['systemerror.intermittent', '451 4.3.0 <kim@example.org>: Temporary lookup failure'],
  ['systemerror.internal-error', '451 Requested action aborted: local error in processing'],
  ['systemerror.service-unavailable', '554 Service currently unavailable'],
  ['expired.gave-up', 'Delivery failed after 20 attempts'],
  ['expired.unreachable', 'connect to example.com[192.0.2.2]:25: Connection timed out'],
  ['syntaxerror.smtp-command', '500 5.5.1 Command unrecognized'],
  ['filtered.refused-by-recipient', '550 The recipient refused to receive this message'],
  ['filtered.user-blocklist', '550 5.7.1 The recipient has chosen to block your messages'],
  ['filtered.recipient-filter', "550 5.7.1 Message rejected by the recipient's filter"],
  ['filtered.policy-user-unknown', '550 5.7.1 <kim@example.org>: User unknown', '5.7.1'],
];

/** [rule, diagnostic, status?]: a near miss the rule must leave to another. */
const LEAVES: [string, string, string?][] = [
  ['suppressed.ses-text', '552 5.2.2 Mailbox full; the address is not on the suppression list for your account'],
  ['greylisting.deferred', '451 4.7.1 Please try again later'],
  ['greylisting.policy-deferral', '451 4.7.1 Service unavailable - try again later'],
  ['exceedlimit.recipient-limit', '552 5.3.4 Message exceeds the size limit set by the administrator'],
  ['exceedlimit.too-many-recipients', '451 4.7.1 Per-recipient rate limit exceeded, please retry later'],
  ['mesgtoobig.size-limit', '552 5.2.2 Mailbox size limit exceeded'],
  ['contenterror.attachment-name-too-long', '552 5.3.4 Attachment is too large for this server'],
  ['contenterror.media-error', '550 5.7.1 Message content rejected, UBE, id=12345'],
  ['notcompliantrfc.message-format', '550 5.7.1 Missing reverse DNS for 192.0.2.1'],
  ['hasmoved.no-forwarding', '550 5.7.1 <news@example.com>: Sender address has moved, please update your records'],
  ['hasmoved.user-not-local', '550 5.1.1 Not our Customer'],
  ['suspend.account-disabled', '550 5.7.1 Message rejected: your account is disabled for sending'],
  ['suspend.not-activated', '550 5.7.1 Your account is not activated for sending'],
  ['suspend.unavailable-disabled', '550 5.1.1 Mailbox not available', '5.1.1'],
  ['suspend.in-other-languages', '550 Das Absenderkonto ist gesperrt'],
  ['mailboxfull.over-quota', '550 5.4.5 Daily user sending quota exceeded.'],
  ['mailboxfull.unavailable-full', '550 5.1.1 Mailbox unavailable', '5.1.1'],
  ['mailboxfull.in-other-languages', '550 5.4.5 Sendekontingent überschritten'],
  ['userunknown.split-routing', '451 4.4.0 Split domain routing: recipient lee@example.org does not exist yet on the external server', '4.4.0'],
  ['userunknown.not-on-system', '550 5.1.8 Sender domain does not exist on our system'],
  ['userunknown.not-in-hosted-domain', '550 5.1.0 <news@example.com>: Sender address rejected: User unknown in local recipient table'],
  ['userunknown.not-in-directory', '554 5.7.1 Your IP 192.0.2.1 is listed in our block list directory'],
  ['userunknown.no-such-user', '550 5.1.0 <news@example.com>: Sender address rejected: User unknown in relay recipient table'],
  ['userunknown.named-mailbox-missing', '550 5.1.2 <kim@example.org>: domain does not exist'],
  ['userunknown.words-apart', '550 5.1.0 Sender <news@example.com> unknown, verify your account'],
  ['userunknown.in-other-languages', '550 Absender unbekannt'],
  ['userunknown.address-rejected', '554 5.7.1 <kim@example.org>: Recipient address rejected: BLOCK-SEND-ER.', '5.7.1'],
  ['userunknown.recipient-access-denied', '554 5.7.1 <kim@example.org>: Recipient address rejected: Access denied, your IP address 192.0.2.1 is on our blacklist'],
  ['userunknown.address-rejected-code', '550 5.7.1 Sender IP address rejected', '5.7.1'],
  ['userunknown.mailbox-unavailable', '550 mailbox unavailable Reject due to policy restrictions'],
  ['notaccept.null-mx', '550 Our server does not accept mail from your IP address'],
  ['notaccept.not-accepting', '421 4.3.2 System not accepting network messages'],
  ['networkerror.split-routing-deferred', '550 5.1.1 Split domain routing: recipient lee@example.org does not exist on the external mail server', '5.1.1'],
  ['networkerror.dns-temporary', '550 5.1.2 Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found'],
  ['networkerror.dns-error', "DNS Error: DNS type 'mx' lookup of example.invalid responded with code NXDOMAIN Domain name not found: example.invalid", '5.0.0'],
  ['networkerror.domain-lookup-deferred', '450 4.1.2 <kim@example.cn>: Recipient address rejected: Domain not found', '4.1.2'],
  ['networkerror.routing', '421 4.7.0 Too many concurrent connections from your network'],
  ['networkerror.deferred-timeout', 'Deferred: Connection timed out with mx.example.org; giving up after 5 days in queue'],
  ['hostunknown.no-mx-host', 'Host or domain name not found. Name service error for name=example.org type=MX: Host not found, try again'],
  ['hostunknown.unrouteable', '550-Verification failed for <news@example.com> 550-Unrouteable address 550 Sender verify failed'],
  ['hostunknown.no-such-domain', '550 5.1.8 <news@example.com>: Sender address rejected: Domain not found'],
  ['hostunknown.in-other-languages', '550 Absender-Domain existiert nicht'],
  ['systemfull.disk-full', '452 4.2.2 Insufficient storage in the recipient mailbox'],
  ['mailererror.delivery-program', '550 5.7.1 Command rejected: RCPT TO not accepted'],
  ['systemerror.intermittent', '451 4.7.1 Temporary failure, greylisted for 300 seconds'],
  ['systemerror.internal-error', '550 5.7.1 Internal policy error: message rejected as spam'],
  ['systemerror.service-unavailable', '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org'],
  ['expired.gave-up', "452 4.2.2 <kim@example.jp>... Mailbox Full Giving up on 192.0.2.1. I'm not going to try again; this message has been in the queue too long."],
  ['expired.unreachable', 'connect to example.com[192.0.2.2]:25: No route to host'],
  ['syntaxerror.smtp-command', '553 5.1.3 Bad recipient address syntax'],
  ['filtered.refused-by-recipient', '550 Message refused by the recipient server: mailbox full'],
  ['filtered.user-blocklist', '550 5.7.1 Sender is on the recipient domain block list'],
  ['filtered.recipient-filter', '550 5.7.1 Message filtered as spam by content scanner at example.org'],
  ['filtered.policy-user-unknown', '550 5.1.1 <kim@example.org>: User unknown', '5.1.1'],
];

describe('recipient-side rules claim their replies', () => {
  it.each(CLAIMS)('%s ← %s', (rule, diagnostic, status) => {
    expect(classify(diagnostic, status).rule).toBe(rule);
  });

  it.each(LEAVES)('%s leaves %s', (rule, diagnostic, status) => {
    const verdict = classify(diagnostic, status);
    expect(verdict.rule).not.toBe(rule);
    if (rule.startsWith('userunknown.') || rule.startsWith('hostunknown.') || rule.startsWith('hasmoved.') || rule.startsWith('notaccept.')) {
      expect(verdict.rule.split('.')[0]).not.toBe(rule.split('.')[0]);
    }
  });

  it('has a claimed reply and a near miss for every text rule of these families', () => {
    expect(new Set(CLAIMS.map(([rule]) => rule))).toEqual(new Set(textRuleIds));
    expect(new Set(LEAVES.map(([rule]) => rule))).toEqual(new Set(textRuleIds));
  });
});

describe('a dead-address code never outweighs a sender-side cause or a mailbox state', () => {
  // Each reply carries a dead-address code or dead-address words, and names another cause.
  it.each([
    ['552 5.1.1 <kim@example.net> recipient rejected - extended quota violation', '5.1.1', 'mailboxfull'],
    ['552 5.1.1 Boite du destinataire pleine. Recipient overquota', '5.1.1', 'mailboxfull'],
    ['550 5.1.1 <kim@example.org>: Recipient address rejected: Mailbox is full', '5.1.1', 'mailboxfull'],
    ['552 5.2.2 <kim@example.org> Mailbox unavailable: quota exceeded', '5.2.2', 'mailboxfull'],
    ['550 5.1.1 <kim@example.org>: Recipient address rejected: Disabled recipient address', '5.1.1', 'suspend'],
    ['550 5.1.1 This account has been temporarily suspended', '5.1.1', 'suspend'],
    ['550 5.1.1 Insufficient system storage', '5.1.1', 'systemfull'],
    ['450 4.2.0 <kim@example.org>: Recipient address rejected: Greylisted, please retry in 300 seconds', '4.2.0', 'greylisting'],
    ['550 5.1.1 <kim@example.org>: Recipient address rejected: Greylisted', '5.1.1', 'greylisting'],
    ['553 5.1.1 Relaying disallowed', '5.1.1', undefined],
    ['550 mailbox unavailable Reject due to policy restrictions', '5.1.1', undefined],
    ['550 5.7.1 Sender IP address rejected', '5.7.1', undefined],
    ['550 5.7.1 Client IP address rejected', '5.7.1', undefined],
    ['550 5.1.1 Service unavailable; client [192.0.2.7] blocked using zen.spamhaus.org', '5.1.1', undefined],
    ['550 5.1.1 <news@example.com>: Sender address rejected: User unknown in local recipient table', '5.1.1', undefined],
    ['550 5.1.2 <news@example.com>: Sender address rejected: Domain not found', '5.1.2', undefined],
    ['550 5.1.1 Unrouteable address; Sender verify failed', '5.1.1', undefined],
    ['556 5.1.10 Our server does not accept mail from your IP address', '5.1.10', undefined],
    ['550 5.1.6 <news@example.com>: Sender address has moved', '5.1.6', undefined],
    ['550 5.1.1 Recipient address rejected: your IP address is on our blacklist', '5.1.1', undefined],
    ['550 5.2.1 Mailbox not available', '5.2.1', 'suspend'],
    ['550-Requested action not taken: mailbox unavailable 550 invalid DNS MX or A/AAAA resource record', '5.0.0', undefined],
    ['550 5.1.1 <kim@example.org>: Recipient address rejected: undeliverable address: mail for example.org loops back to myself', '5.1.1', undefined],
  ] as const)('%s', (diagnostic, status, reason) => {
    const verdict = classify(diagnostic, status);
    expect(verdict.suppress).toBe(false);
    expect(ADDRESS_DEAD_REASONS.has(verdict.reason)).toBe(false);
    if (reason) expect(verdict.reason).toBe(reason);
  });

  it('keeps an address that SES says is not on its suppression list', () => {
    const verdict = classifyBounce({
      diagnostic: 'Address kim@example.org is not on the suppression list for your account; 552 5.2.2 mailbox full',
      bounceType: 'Transient',
      bounceSubType: 'General',
    });
    expect(verdict).toMatchObject({ reason: 'mailboxfull', suppress: false });
  });
});

describe("the issue's recipient-side examples", () => {
  it.each([
    ['User not listed in public Name & Address Book', 'userunknown', undefined],
    ['Delivery failed after 20 attempts', 'expired', undefined],
    ['554 Service currently unavailable', 'systemerror', undefined],
    ['553 5.1.1 Relaying disallowed', 'norelaying', '5.1.1'],
    ['550 mailbox unavailable Reject due to policy restrictions', 'policyviolation', undefined],
  ] as const)('%s → %s', (diagnostic, reason, status) => {
    expect(classify(diagnostic, status).reason).toBe(reason);
  });

  it('reads greylisting as a deferral nobody needs to act on', () => {
    for (const diagnostic of [
      '450 4.2.0 <a@example.org>: Recipient address rejected: Greylisted, please retry in 300 seconds',
      '451 4.7.1 Greylisting in action, please come back later',
    ]) {
      expect(classify(diagnostic)).toMatchObject({ reason: 'greylisting', party: 'nobody', action: 'retry', suppress: false, permanence: 'transient' });
    }
  });

  it("suppresses on SES's own account-list wording even under bounceSubType General", () => {
    const verdict = classifyBounce({
      diagnostic: 'Amazon SES did not send the message to this address because it is on the suppression list for your account.',
      bounceType: 'Permanent',
      bounceSubType: 'General',
    });
    expect(verdict).toMatchObject({ reason: 'suppressed', suppress: true, action: 'suppress', rule: 'suppressed.ses-text' });
  });

  it('reads a split-routing failure as transient only on a 4.x answer', () => {
    const text = 'Split domain routing: recipient lee@example.org does not exist on the external mail server';
    expect(classify(`550 5.1.1 ${text}`, '5.1.1')).toMatchObject({ reason: 'userunknown', suppress: true });
    expect(classify(`451 4.4.0 ${text}`, '4.4.0')).toMatchObject({ reason: 'networkerror', suppress: false });
  });
});

describe('paraphrases: extra words do not defeat a rule', () => {
  it.each([
    ['550 5.1.1 The mailbox you specified for kim@example.org does not exist here', 'userunknown'],
    ['550 The recipient address is unknown to this server', 'userunknown'],
    ['550 kim@example.org is not a valid user on this system', 'userunknown'],
    ['550 Sorry, no such active account', 'userunknown'],
    ['552 The mailbox of user kim@example.org is full', 'mailboxfull'],
    ["452 The recipient's inbox has no space left for new mail", 'mailboxfull'],
    ['552 User kim@example.org has exceeded the storage quota of the account', 'mailboxfull'],
    ['550 This account has been temporarily suspended by the administrator', 'suspend'],
    ['550 The domain example.invalid was not found', 'hostunknown'],
    ['Delivery attempts exhausted after 5 days', 'expired'],
    ['421 4.3.2 The server is temporarily unavailable, try again later', 'systemerror'],
    ['554 5.4.6 Hop count exceeded - possible mail loop', 'networkerror'],
  ] as const)('%s → %s', (diagnostic, reason) => {
    expect(classify(diagnostic).reason).toBe(reason);
  });
});

describe('receivers answering in their own language', () => {
  it.each([
    // user unknown
    ['de', '550 5.1.1 Benutzer unbekannt', 'userunknown'],
    ['de', '550 Empfänger existiert nicht: kim@example.de', 'userunknown'],
    ['de', 'kim wurde nicht in example.de gefunden.', 'userunknown'],
    ['fr', '550 5.1.1 <kim@example.fr>: Utilisateur inconnu', 'userunknown'],
    ['fr', "550 L'adresse kim@example.fr n'existe pas", 'userunknown'],
    ['es', '550 5.1.1 Usuario desconocido', 'userunknown'],
    ['es', '550 El buzón kim@example.es no existe', 'userunknown'],
    ['pt', '550 5.1.1 Usuário desconhecido', 'userunknown'],
    ['pt', '550 O endereço kim@example.com.br não existe', 'userunknown'],
    ['it', '550 5.1.1 Utente sconosciuto', 'userunknown'],
    ['it', "550 L'indirizzo kim@example.it non esiste", 'userunknown'],
    ['nl', '550 5.1.1 Onbekende gebruiker', 'userunknown'],
    ['nl', '550 Het e-mailadres bestaat niet', 'userunknown'],
    ['pl', '550 5.1.1 Użytkownik nie istnieje', 'userunknown'],
    ['pl', '550 Nie ma takiego konta', 'userunknown'],
    ['ru', '550 5.1.1 Пользователь не найден', 'userunknown'],
    ['ru', '550 Нет такого пользователя', 'userunknown'],
    ['ja', '550 5.1.1 宛先のメールアドレスが見つかりません', 'userunknown'],
    ['ja', '550 kim@example.jp のユーザーは登録されていません', 'userunknown'],
    ['zh', '550 5.1.1 该用户不存在', 'userunknown'],
    ['zh', '550 收件人地址不存在', 'userunknown'],
    ['ko', '550 5.1.1 존재하지 않는 사용자입니다', 'userunknown'],
    ['ko', '550 받는 사람을 찾을 수 없습니다', 'userunknown'],
    // mailbox full
    ['de', '552 5.2.2 Postfach voll', 'mailboxfull'],
    ['de', '550 Benutzer hat das Speichervolumen ueberschritten', 'mailboxfull'],
    ['fr', '552 5.2.2 Boîte aux lettres pleine', 'mailboxfull'],
    ['es', '552 5.2.2 El buzón del destinatario está lleno', 'mailboxfull'],
    ['pt', '552 5.2.2 Caixa postal cheia', 'mailboxfull'],
    ['it', '552 5.2.2 Casella piena', 'mailboxfull'],
    ['nl', '552 5.2.2 Mailbox is vol', 'mailboxfull'],
    ['pl', '552 5.2.2 Skrzynka odbiorcy jest pełna', 'mailboxfull'],
    ['ru', '552 5.2.2 Почтовый ящик переполнен', 'mailboxfull'],
    ['ja', '552 5.2.2 メールボックスの容量を超えています', 'mailboxfull'],
    ['zh', '552 5.2.2 收件人空间不足', 'mailboxfull'],
    ['ko', '552 5.2.2 수신자의 메일함이 가득 찼습니다', 'mailboxfull'],
    // account disabled
    ['de', '550 5.2.1 Das Postfach ist deaktiviert', 'suspend'],
    ['fr', '550 5.2.1 Le compte du destinataire est bloqué', 'suspend'],
    ['es', '550 5.2.1 Cuenta desactivada', 'suspend'],
    ['pt', '550 5.2.1 Conta desativada', 'suspend'],
    ['it', '550 5.2.1 Account disattivato', 'suspend'],
    ['nl', '550 5.2.1 Dit account is gedeactiveerd', 'suspend'],
    ['pl', '550 5.2.1 Konto odbiorcy jest zablokowane', 'suspend'],
    ['ru', '550 5.2.1 Почтовый ящик заблокирован', 'suspend'],
    ['ja', '550 5.2.1 このアカウントは停止されています', 'suspend'],
    ['zh', '550 5.2.1 该账号已停用', 'suspend'],
    ['ko', '550 5.2.1 휴면 계정입니다', 'suspend'],
    // domain not found
    ['de', '550 5.1.2 Die Domain example.de existiert nicht', 'hostunknown'],
    ['fr', '550 5.1.2 Domaine inconnu', 'hostunknown'],
    ['es', '550 5.1.2 El dominio example.es no existe', 'hostunknown'],
    ['pt', '550 5.1.2 Domínio inexistente', 'hostunknown'],
    ['it', '550 5.1.2 Dominio inesistente', 'hostunknown'],
    ['nl', '550 5.1.2 Het domein bestaat niet', 'hostunknown'],
    ['pl', '550 5.1.2 Domena example.pl nie istnieje', 'hostunknown'],
    ['ru', '550 5.1.2 Домен example.ru не существует', 'hostunknown'],
    ['ja', '550 5.1.2 ドメインが見つかりません', 'hostunknown'],
    ['zh', '550 5.1.2 域名不存在', 'hostunknown'],
    ['ko', '550 5.1.2 존재하지 않는 도메인입니다', 'hostunknown'],
  ] as const)('%s: %s → %s', (_language, diagnostic, reason) => {
    expect(classify(diagnostic).reason).toBe(reason);
  });

  it('does not read a sender-side refusal in another language as a dead address', () => {
    for (const diagnostic of ['550 Absender unbekannt', '550 Expéditeur inconnu', '550 Remitente desconocido', '550 发件人不存在']) {
      const verdict = classify(diagnostic);
      expect(verdict.suppress).toBe(false);
      expect(ADDRESS_DEAD_REASONS.has(verdict.reason)).toBe(false);
    }
  });
});

/**
 * The kinds of wording the rules used to miss in the field. Every positive is written from what
 * an MTA or provider documents for that state; the negatives carry the same words about the
 * sender, the domain or another state, and must not end up as the reason (nor suppress).
 */
describe('dead-address wording with words between its terms', () => {
  it.each([
    ['550 User (kim@example.org) unknown.'],
    ['550 Recipient <kim@example.org> is unknown here'],
    ['550 Mailbox [kim@example.org] not found'],
    ['550 The user kim@example.org does not exists'],
    ['550 The email account kim@example.org does no exist'],
    ['550 Requested mailbox no longer exists'],
    ['550 5.1.1 <kim@example.org>: Recipient address rejected: unverified address: host mx.example.org said: 550 no mailbox'],
    ['550 The recipient kim@example.org cannot be verified'],
    ['550 kim@example.org is not a user of this domain'],
    ['550 kim is not a member of domain example.org'],
    ['503 All recipients are invalid'],
    ['501 5.1.3 Bad address syntax'],
    ['553 5.3.0 <kim@example.org>... Address no longer exists'],
    ['550 User <kim@example.org> not OK'],
    ['550 kim@example.org has no mailbox on this server'],
    ['550 This address is not in use'],
    ['550 Recipient is not a known mailbox here'],
    ['550 5.1.1 <kim@example.org>... address invalid'],
    ['550 5.1.1 The address you sent to is not in our directory'],
  ])('%s → userunknown, suppressed', (diagnostic) => {
    expect(classify(diagnostic)).toMatchObject({ reason: 'userunknown', suppress: true });
  });

  it.each([
    ['550 5.1.0 Sender <news@example.com> unknown'],
    ['550 5.1.8 Sender address <news@example.com>: domain not found'],
    ['550 Mailbox kim@example.org not found: your IP 192.0.2.1 is blacklisted'],
    ['550 User kim@example.org unknown in relay recipient table: relaying denied'],
    ['452 Mailbox <kim@example.org> not found; quota exceeded, try again later'],
    ['501 5.1.7 Bad sender address syntax'],
    ['550 You are not a member of this list'],
    ['535 5.7.8 User credentials invalid'],
    ['550 5.7.1 Sender mailbox news@example.com not found'],
    ['554 Your mail address invalid'],
  ])('%s → not a dead address', (diagnostic) => {
    const verdict = classify(diagnostic);
    expect(verdict.suppress).toBe(false);
    expect(ADDRESS_DEAD_REASONS.has(verdict.reason)).toBe(false);
  });
});

describe('a domain named between the words is the domain failing', () => {
  it.each([['550 Recipient domain example.invalid unknown'], ['550 kim@example.invalid: domain example.invalid not found']])('%s → hostunknown', (diagnostic) => {
    expect(classify(diagnostic).reason).toBe('hostunknown');
  });
});

describe('disabled, locked, lapsed and never-activated mailboxes', () => {
  it.each([
    ['550 account expired'],
    ['550 5.2.1 <kim@example.org>: this account has expired'],
    ['550 <kim@example.org>: User status is locked'],
    ['550 <kim@example.org>... User account is locked'],
    ['550 The user has been locked'],
    ['550 <kim@example.org>: Account not activated'],
    ['550 Mailbox kim@example.org has been inactivated'],
    ['554 This account has been disabled or discontinued'],
    ['550 该账号已过期'],
    ['550 계정이 만료되었습니다'],
  ])('%s → suspend, kept', (diagnostic) => {
    expect(classify(diagnostic)).toMatchObject({ reason: 'suspend', suppress: false });
  });

  it.each([
    ['550 5.7.1 Your account has expired, please renew your sending plan', 'suspend'],
    ['554 5.4.7 Message expired: delivery time expired', 'suspend'],
  ])('%s is not a recipient account state', (diagnostic, reason) => {
    expect(classify(diagnostic).reason).not.toBe(reason);
  });

  it('reads "not found or inactivated" as a missing mailbox', () => {
    expect(classify('550 Mailbox <kim@example.org> not found or inactivated')).toMatchObject({ reason: 'userunknown', suppress: true });
  });
});

describe('mailbox full in other words', () => {
  it.each([
    ['552 Mailbox space not enough (limit is 10240 KB)'],
    ['552 The storage space of this mailbox is not enough'],
    ['552 Mailbox size limit reached for kim@example.org'],
    ['cannot update mailbox /var/mail/kim for user kim. error writing message: File too large'],
    ['452 The mailbox of kim@example.org has reached its size limit'],
    ['452 Insufficient space in the mailbox of kim'],
  ])('%s → mailboxfull, kept', (diagnostic) => {
    expect(classify(diagnostic)).toMatchObject({ reason: 'mailboxfull', suppress: false });
  });

  it.each([
    ['552 5.3.4 Message size exceeds fixed maximum message size', 'mesgtoobig'],
    ['452 4.3.1 Insufficient system storage', 'systemfull'],
    ['550 5.4.5 Daily sending quota exceeded', undefined],
  ] as const)('%s is not a full mailbox', (diagnostic, reason) => {
    const verdict = classify(diagnostic);
    expect(verdict.reason).not.toBe('mailboxfull');
    if (reason) expect(verdict.reason).toBe(reason);
  });
});

describe('trouble of the receiving server and of the way to it', () => {
  it.each([
    ['421 Service shutting down, closing transmission channel', 'systemerror'],
    ['451 System busy, try again later.', 'systemerror'],
    ['421 4.4.5 Server busy, try again later', 'systemerror'],
    ['451 4.3.0 I/O error', 'systemerror'],
    ['451 4.4.0 Message failed to be made redundant due to a shadow copy failure', 'systemerror'],
    ['lost connection with mx.example.org[192.0.2.2] while sending RCPT TO', 'networkerror'],
    ['connection with mx.example.org is broken', 'networkerror'],
    ['451 4.4.1 reply: read error from mx.example.org', 'networkerror'],
    ['421 4.4.2 mx.example.org Connection dropped', 'networkerror'],
    ['552 Looping message', 'networkerror'],
    ['451 Requested action aborted: error in processing', 'systemerror'],
    ['421 4.3.2 System not accepting network messages', 'systemerror'],
    ['451 Server not ready, try again later', 'systemerror'],
    ['421 4.3.2 Connection refused, server is busy', 'systemerror'],
    ['TEMP_FAILURE: Could not initiate SMTP conversation with any hosts', 'networkerror'],
    ['554 5.4.6 Too many "Received" headers - suspected mail loop', 'networkerror'],
    ['550 5.0.0 <kim@example.org>... Can\'t create output', 'mailererror'],
    ['550 5.6.0 Messages without To: fields are refused', 'notcompliantrfc'],
    ['422 Benutzer hat zuviele Mails auf dem Server', 'mailboxfull'],
    ['451 Relay server not ready', 'systemerror'],
    ['450 Queue unavailable', 'systemerror'],
    ['421 4.3.4 Allocated resources exceeded', 'systemerror'],
    ['452 4.3.1 Mail system storage is full', 'systemfull'],
    ['452 4.5.3 Service unavailable, recipients per message limit reached', 'exceedlimit'],
    ['552 Mailbox of kim@example.org does not have enough space', 'mailboxfull'],
    ['552 Message would exceed the maximum mailbox size for this recipient', 'mailboxfull'],
    ['552 The attachment is too large', 'mesgtoobig'],
    ['Failed to connect: no MX records were found for example.invalid', 'hostunknown'],
    ['554 5.3.5 MX list for example.org. points back to mx.example.net', 'networkerror'],
    ['554 5.3.5 config error: mail loops back to me (MX problem?)', 'networkerror'],
  ] as const)('%s → %s', (diagnostic, reason) => {
    expect(classify(diagnostic)).toMatchObject({ reason, suppress: false });
  });

  it('leaves a busy refusal that names the sending IP to the sender-side families', () => {
    expect(classify('554 5.7.1 Service unavailable; client host [192.0.2.1] blocked using zen.spamhaus.org').reason).not.toBe('systemerror');
  });
});

describe('a recipient refusing the mail', () => {
  it.each([['553 User refused to receive this mail.'], ['550 Your message was rejected by the user'], ['550 Message refused by recipient']])(
    '%s → filtered',
    (diagnostic) => {
      expect(classify(diagnostic)).toMatchObject({ reason: 'filtered', suppress: false, action: 'contact-recipient' });
    },
  );

  it.each([['550 Recipient refused: user unknown'], ['552 Message refused by the recipient: mailbox full']])('%s keeps its state', (diagnostic) => {
    expect(classify(diagnostic).reason).not.toBe('filtered');
  });
});

describe('status codes read by their RFC 3463 / RFC 7372 / RFC 7505 meaning', () => {
  const code = (status: string) => classifyBounce({ status, bounceType: status.startsWith('5') ? 'Permanent' : 'Transient' });
  it.each([
    ['5.1.1', 'userunknown'],
    ['5.1.2', 'hostunknown'],
    ['4.1.2', 'hostunknown'],
    ['5.1.3', 'userunknown'],
    ['5.1.6', 'hasmoved'],
    ['5.1.10', 'notaccept'],
    ['5.2.1', 'suspend'],
    ['4.2.2', 'mailboxfull'],
    ['5.2.3', 'exceedlimit'],
    ['5.3.0', 'systemerror'],
    ['4.3.1', 'systemfull'],
    ['5.3.2', 'notaccept'],
    ['5.3.3', 'systemerror'],
    ['5.3.4', 'mesgtoobig'],
    ['5.3.5', 'systemerror'],
    ['4.4.1', 'networkerror'],
    ['5.4.2', 'networkerror'],
    ['5.4.4', 'hostunknown'],
    ['4.4.6', 'networkerror'],
    ['4.4.7', 'expired'],
    ['5.5.3', 'exceedlimit'],
    ['5.6.1', 'contenterror'],
    ['5.7.13', 'suspend'],
    ['5.7.17', 'hasmoved'],
  ] as const)('%s → %s', (status, reason) => {
    expect(code(status).reason).toBe(reason);
  });

  it.each([
    ['553 5.3.0 <kim@example.org>... Address no longer exists', 'userunknown'],
    ['552 5.3.0 Mailbox space not enough', 'mailboxfull'],
    ['554 5.0.0 MX list for example.org. points back to mx.example.net', 'networkerror'],
    ['501 5.0.0 Bad address syntax', 'userunknown'],
    ['503 All recipients are invalid', 'userunknown'],
  ] as const)('words outweigh a generic code: %s → %s', (diagnostic, reason) => {
    expect(classify(diagnostic).reason).toBe(reason);
  });
});

describe('greylisting under a temporary policy code', () => {
  it('reads a bare 4.7.1 "try again later" as greylisting, and leaves any named cause to its family', () => {
    expect(classifyBounce({ diagnostic: '451 4.7.1 Please try again later', status: '4.7.1' })).toMatchObject({ reason: 'greylisting', party: 'nobody', action: 'retry', suppress: false });
    for (const text of ['421 4.7.1 Rate limit exceeded, try again later', '451 4.7.1 Service unavailable - try again later', '451 4.7.1 Client host blocked, try again later']) {
      expect(classifyBounce({ diagnostic: text, status: '4.7.1' }).reason, text).not.toBe('greylisting');
    }
    expect(classifyBounce({ diagnostic: '550 5.7.1 Please try again later', status: '5.7.1' }).reason).not.toBe('greylisting');
  });
});
