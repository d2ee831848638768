import type { EvidenceWords } from './engine';
import { SENDER_ADDRESS } from './families/guards';

/**
 * The evidence stage's vocabulary: the words that still say something when no rule knows a
 * reply. Weights: 3, the word alone names the reason ("greylisted", "quota"); 2, it clearly
 * leans that way ("spam", "blacklisted"); 1, it only hints ("unavailable"). Scores add up per
 * reason, and the status code's own reason adds one (see `createClassifier`).
 *
 * The same words guard suppression: a dead-address verdict gives way when the text also scores
 * 2 or more for a reason that does not say the address is dead. So words here must not occur
 * in ordinary user-unknown replies: "relay" alone is not here, because Postfix says "User
 * unknown in relay recipient table"; "relay access denied" is.
 *
 * Sources: the meanings of the subject and detail codes of RFC 3463 (section 3), the reply
 * texts RFC 5321 (section 4.2) suggests, and the providers' pages cited in the rule families.
 * Other languages: the words receivers in those languages use for the same states.
 */
export const EVIDENCE: readonly EvidenceWords[] = [
  // The address or the domain is dead.
  {
    reason: 'userunknown',
    weight: 3,
    phrases: [
      'user unknown', 'unknown user', 'no such user', 'no such mailbox', 'no such recipient', 'no such account',
      'unknown recipient', 'recipient unknown', 'unknown mailbox', 'mailbox unknown', 'invalid recipient',
      'invalid mailbox', 'recipient not found', 'mailbox not found', 'user not found', 'account does not exist',
      'mailbox does not exist', 'user does not exist', 'address does not exist', 'recipient does not exist',
      'benutzer unbekannt', 'unbekannter benutzer', 'empfänger unbekannt', 'utilisateur inconnu', 'destinataire inconnu',
      'adresse inconnue', 'usuario desconocido', 'destinatario desconocido', 'utente sconosciuto',
      'destinatario sconosciuto', 'usuário desconhecido', 'utilizador desconhecido', 'onbekende gebruiker',
      'nieznany użytkownik', 'неизвестный пользователь', 'пользователь не найден', 'нет такого пользователя',
      '存在しません', '見つかりません', '用户不存在', '收件人不存在', '邮箱不存在', '존재하지 않는',
    ],
  },
  {
    reason: 'userunknown',
    weight: 2,
    phrases: ["can't accept user", 'cannot accept user', 'account is unavailable', 'account unavailable', 'does not exist', "doesn't exist", 'not exist*', "don't exist*", 'does no exist*', 'no longer exist*', 'invalid address', 'unknown address', 'existiert nicht', "n'existe pas", 'no existe', 'não existe', 'non esiste', 'bestaat niet', 'nie istnieje', 'не существует'],
  },
  // The thing that does not exist named before it, a few words away ("The account you're trying
  // to reach doesn't exist"); a sender's mailbox so named is vetoed by the sender words.
  {
    reason: 'userunknown',
    weight: 3,
    phrases: [
      'account ... does not exist', "account ... doesn't exist", 'mailbox ... does not exist', "mailbox ... doesn't exist",
      'recipient ... does not exist', "recipient ... doesn't exist", 'account deleted', 'account has been deleted',
      'no longer receiving mail', 'no longer accepts mail', 'not in my local list', 'unknown or illegal user',
    ],
  },
  { reason: 'userunknown', weight: 1, phrases: ['not found', 'unknown', 'invalid', 'mailbox unavailable', 'recipient ... rejected'] },
  {
    reason: 'hostunknown',
    weight: 3,
    phrases: ['host unknown', 'unknown host', 'domain not found', 'no such domain', 'host not found', 'unknown domain', 'domain does not exist', 'unrouteable address', 'nxdomain', 'name service error', 'domain name not found'],
  },
  // A domain's verdict with its name between ("domain example.invalid unknown"). The same
  // gapped wording for a mailbox is left to `userunknown.words-apart`, whose guards matter:
  // as evidence it would also pair across "Sender mailbox ... not found".
  { reason: 'hostunknown', weight: 3, phrases: ['domain ... unknown', 'domain ... not found', 'domain ... not exist*', "domain ... doesn't exist*"] },
  { reason: 'hostunknown', weight: 2, phrases: ['no mx', 'mx record*', 'no mail exchanger', 'unrouteable', 'unroutable'] },
  { reason: 'notaccept', weight: 3, phrases: ['null mx', 'does not accept mail', 'not accept mail', 'accepts no mail', 'no mail is accepted'] },
  { reason: 'hasmoved', weight: 3, phrases: ['has moved', 'moved to', 'no longer at this address', 'new address is'] },

  // The mailbox exists but cannot take the message now.
  {
    reason: 'mailboxfull',
    weight: 3,
    phrases: [
      'quota', 'overquota', 'mailbox full', 'mailbox is full', 'inbox is full', 'inbox full', 'mailbox size limit',
      'storage limit', 'out of storage', 'insufficient storage', 'postfach voll', 'postfach ist voll', 'speicherplatz',
      'boîte pleine', 'boite pleine', 'boîte aux lettres pleine', 'buzón lleno', 'buzon lleno', 'caixa cheia',
      'casella piena', 'mailbox vol', 'skrzynka pełna', 'ящик переполнен', 'переполнен', 'квота', '容量',
      '满了', '已满', '용량',
    ],
  },
  { reason: 'mailboxfull', weight: 3, phrases: ['mailbox space', 'space not enough', 'space is not enough', 'insufficient mailbox space'] },
  { reason: 'mailboxfull', weight: 2, phrases: ['storage space', 'no more space', 'full', 'voll', 'plein*', 'lleno', 'llena', 'cheia', 'piena', 'pieno'] },
  {
    reason: 'suspend',
    weight: 3,
    phrases: ['suspended', 'disabled', 'deactivated', 'inactive', 'account closed', 'account is locked', 'account has been locked', 'frozen', 'gesperrt', 'désactivé', 'desactivado', 'desativad*', 'disattivat*', 'заблокирован', '停止', '정지'],
  },
  { reason: 'suspend', weight: 3, phrases: ['status is locked'] },
  // Weak: "not found or inactivated" is how some servers word a missing mailbox.
  { reason: 'suspend', weight: 1, phrases: ['inactivated', 'not activated'] },
  // The person, not the server, refused the message.
  { reason: 'filtered', weight: 2, phrases: ['refused to receive', 'refuses to receive', 'user refused', 'recipient refused', 'rejected by this user', 'rejected by the user'] },
  { reason: 'systemfull', weight: 3, phrases: ['insufficient system storage', 'system storage', 'disk full', 'no space left', 'out of disk', 'disk quota exceeded on server'] },

  // The sending side must change something.
  {
    reason: 'blocked',
    weight: 3,
    phrases: ['blacklist*', 'blocklist*', 'block list*', 'black list*', 'denylist*', 'dnsbl', 'rbl', 'spamhaus', 'spamcop', 'sorbs', 'uceprotect', 'barracudacentral', 'ip blocked', 'ip address blocked', 'ip reject*', 'ip ... rejected', 'ip ... blocked', 'ip ... banned', 'client host ... rejected', 'client host ... blocked'],
  },
  // Not "listed" alone: directories say a user is "not listed" in them.
  { reason: 'blocked', weight: 2, phrases: ['blocked', 'block', 'banned', 'is listed', 'are listed', 'been listed', 'listed at', 'listed on', 'listed by', 'your ip', 'sending ip', 'not accepted from'] },
  // "Blocked"/"banned" in the languages receivers answer in (de "gesperrt" and ru
  // "заблокирован" are left out: they more often name a locked mailbox); a link or service
  // that names the IP as denied ("denyip", IceWarp's "intrusion prevention").
  {
    reason: 'blocked',
    weight: 2,
    phrases: [
      'bloccat*', 'bloquead*', 'bloqué*', 'blockiert', 'geblokkeerd', 'zablokowan*', 'zablokován*', 'blokován*', 'заблокирован ip',
      '屏蔽', '封禁', '拦截', '攔截', 'ブロック', '차단', 'denyip', 'deny ip', 'ip deny', 'intrusion prevention',
    ],
  },
  {
    reason: 'blocked',
    weight: 1,
    // "Connection refused" only hints: filters such as Vade put it before every refusal, a
    // dead recipient's included, and TCP errors say it of unreachable hosts.
    phrases: ['access denied', 'refused', 'denied', 'connection refused', 'rifiutat*', 'rechazad*', 'recusad*', 'refusé*', 'abgelehnt', 'geweigerd', 'odrzucon*', 'отклонен*', 'odmítnut*', '拒绝', '拒絕', '拒否', '거부'],
  },
  { reason: 'badreputation', weight: 3, phrases: ['reputation', 'too much spam', 'user complaints', 'complaints'] },
  {
    reason: 'spamdetected',
    weight: 3,
    phrases: [
      'spam', 'unsolicited', 'junk mail', 'bulk mail', 'spam score', 'spamverdacht', 'pourriel', 'correo no deseado', 'спам', 'スパム', '迷惑メール', '垃圾邮件', '垃圾郵件', '스팸',
      // "unwanted/unsolicited" in it, es, pt, fr, de, nl, pl, ru, cs; zh "垃圾" (junk).
      'indesiderat*', 'no deseado*', 'no solicitad*', 'não solicitad*', 'indesejad*', 'indésirable*', 'non sollicité*', 'unerwünscht*',
      'ongewenst*', 'niechcian*', 'niezamówion*', 'нежелательн*', 'nevyžádan*', '垃圾', 'antispamov*', 'antyspamow*', 'антиспам*',
    ],
  },
  { reason: 'spamdetected', weight: 1, phrases: ['content filter', 'suspicious'] },
  { reason: 'virusdetected', weight: 3, phrases: ['virus', 'malware', 'infected', 'viral', 'trojan', 'worm', 'malicious', 'вирус', 'ウイルス', '病毒', '바이러스'] },
  { reason: 'authfailure', weight: 3, phrases: ['spf', 'dkim', 'dmarc', 'sender policy framework', 'domainkeys', 'unauthenticated', 'authentication checks', 'not authenticated'] },
  { reason: 'requireptr', weight: 3, phrases: ['ptr', 'reverse dns', 'rdns', 'reverse lookup', 'reverse mapping', 'reverse hostname', 'resolve your hostname', 'find your hostname'] },
  { reason: 'securityerror', weight: 3, phrases: ['tls', 'starttls', 'ssl', 'certificate', 'encryption required', 'must encrypt', 'authentication required', 'auth required', 'handshake', 'cipher'] },
  { reason: 'securityerror', weight: 2, phrases: ['encrypt*', 'insecure', 'secure connection'] },
  // SMTP AUTH refusals (RFC 4954: 535, 534, 530) name a "user" that is the login, not a mailbox.
  { reason: 'securityerror', weight: 3, phrases: ['authentication unsuccessful', 'authentication failed', 'authentication failure', 'auth failed', 'invalid credentials', 'bad credentials', 'login failed'] },
  // SMTP AUTH (RFC 4954): 535 "Authentication credentials invalid", 530 "Authentication required".
  { reason: 'securityerror', weight: 3, phrases: ['smtp auth', 'smtp authentication', 'auth failed', 'authentication credentials', 'credentials', 'login attempts', 'application-specific password', 'log in with your web browser', 'log in via your web browser'] },
  // A failed login without "SMTP" leans the same way; SPF/DKIM/DMARC words (3) outweigh it.
  { reason: 'securityerror', weight: 2, phrases: ['authentication fail*', 'bad username or password', 'mechanism is too weak', 'auth error', 'fail authentication'] },
  // The envelope sender, in the languages receivers answer in (see `SENDER_ADDRESS`).
  { reason: 'rejected', weight: 3, phrases: [...SENDER_ADDRESS, 'reverse path', 'bad sender', 'sender email', 'sender e-mail', 'sender not verified', 'possible forgery'] },
  { reason: 'policyviolation', weight: 2, phrases: ['policy', 'policies', 'administrative prohibition', 'violat*', 'richtlinie*', 'politique', 'política', 'politica'] },
  { reason: 'policyviolation', weight: 1, phrases: ['prohibited', 'not allowed', 'not permitted'] },
  { reason: 'policyviolation', weight: 2, phrases: ['message not allowed', 'mail not allowed', 'message not permitted'] },
  // "Violation (of the rules)" in Polish, Czech, Italian, Spanish, Portuguese, Russian.
  { reason: 'policyviolation', weight: 2, phrases: ['naruszenie', 'porušení', 'violazione', 'violación', 'violação', 'нарушени*'] },
  { reason: 'norelaying', weight: 3, phrases: ['no longer relay*', 'does not relay', 'do not relay', "don't relay", 'unauthorized relay', 'unauthorised relay', 'rcpthosts', 'not a gateway', 'list of allowed hosts', 'relaying to', 'relay access denied', 'relaying denied', 'relay denied', 'relay not permitted', 'not permitted to relay', 'unable to relay', 'relaying disallowed', 'relay disallowed', 'no relaying', 'not allowed to relay', 'relay prohibited', 'relaying prohibited'] },
  { reason: 'toomanyconn', weight: 3, phrases: ['too many connections', 'too many ... connections', 'concurrent', 'simultaneous', 'connection limit', 'too many sessions'] },
  { reason: 'speeding', weight: 3, phrases: ['rate limit*', 'ratelimit*', 'too many messages', 'too many mails', 'too many emails', 'sending too fast', 'too fast', 'throttl*', 'slow down', 'frequency', 'rate of', 'sending rate'] },
  { reason: 'speeding', weight: 1, phrases: ['limit exceeded', 'exceeded ... limit', 'try again later'] },

  // The message.
  { reason: 'virusdetected', weight: 2, phrases: ['phishing'] },
  { reason: 'mesgtoobig', weight: 3, phrases: ['too large', 'too big', 'message size', 'size limit', 'maximum size', 'size exceeds', 'exceeds ... size', 'message length', 'zu groß', 'trop volumineux', 'demasiado grande', 'слишком большое'] },
  { reason: 'exceedlimit', weight: 3, phrases: ['too many recipients', 'recipient limit', 'recipients limit', 'max recipients', 'maximum number of recipients'] },
  { reason: 'securityerror', weight: 3, phrases: ['attachment', 'file type', 'file extension', 'executable'] },
  { reason: 'contenterror', weight: 3, phrases: ['format ... violat*', 'invalid format', 'format error', 'unsupported format', 'content rejected', 'mime', 'encoding', 'charset', 'invalid content', 'content not accepted', 'message content'] },
  { reason: 'notcompliantrfc', weight: 3, phrases: ['rfc 5322', 'rfc5322', 'rfc 2822', 'rfc2822', 'rfc 822', 'rfc822', 'not compliant', 'non-compliant', 'noncompliant', 'malformed', 'line too long', 'bare lf', 'duplicate header', 'missing header', 'header ... missing', 'invalid header'] },

  // The way, the receiving system, time.
  { reason: 'greylisting', weight: 3, phrases: ['greylist*', 'graylist*', 'grey list*', 'gray list*', 'grey-list*', 'gray-list*'] },
  { reason: 'networkerror', weight: 3, phrases: ["can't connect", 'cannot connect', 'could not connect', 'unable to connect', 'dns', 'timed out', 'timeout', 'time out', 'no route to host', 'network is unreachable', 'unreachable', 'too many hops', 'mail loop', 'loops back', 'routing loop', 'temporary lookup failure', 'lookup failed', 'connection reset', 'connection lost', 'lost connection', 'connection ... broken', 'broken pipe', 'points back to'] },
  { reason: 'systemerror', weight: 3, phrases: ['system error', 'internal error', 'server error', 'local error', 'system problem', 'system failure', 'temporary failure', 'temporary error', 'service unavailable', 'service not available', 'temporarily unavailable', 'insufficient resources', 'out of memory'] },
  // RFC 5321 §3.8 (421 when shutting down); busy or overloaded servers; their own disk faults.
  { reason: 'systemerror', weight: 3, phrases: ['shutting down', 'server busy', 'system busy', 'server is busy', 'system is busy', 'too busy', 'overloaded', 'i/o error', 'input/output error'] },
  { reason: 'systemerror', weight: 2, phrases: ['busy'] },
  { reason: 'systemerror', weight: 1, phrases: ['unavailable', 'try later', 'temporarily', 'intermittent'] },
  { reason: 'expired', weight: 3, phrases: ['expired', 'giving up', 'gave up', 'retry timeout', 'retry time', 'too long in queue', 'queued too long', 'delivery time', 'delay expired', 'attempts', 'could not be delivered for', 'maximum time', 'no longer trying'] },
  { reason: 'mailererror', weight: 3, phrases: ['command died', 'procmail', 'exit code', 'exit status', 'mailer error', 'local delivery failed', 'pipe to', 'command failed', 'delivery program'] },
  // A bare 50x reply code says "syntax" (see `syntaxerror.reply-code`); these recipient words
  // say what was wrong instead: RFC 3463 x.1.3 "bad destination mailbox address syntax", and
  // the 503 a server gives at DATA once every RCPT was refused.
  { reason: 'userunknown', weight: 2, phrases: ['address syntax', 'recipients are invalid', 'recipients were invalid', 'no valid recipients'] },
  { reason: 'syntaxerror', weight: 3, phrases: ['syntax error', 'command unrecognized', 'unrecognized command', 'command not recognized', 'unknown command', 'invalid command', 'bad sequence of commands', 'command not implemented', 'parameter not implemented'] },
  { reason: 'suppressed', weight: 3, phrases: ['suppression list'] },
];
