import type { RuleFamily } from '../types';
import { MAILBOX_UNAVAILABLE } from './guards';

const explanation = "The recipient's mailbox is over its storage quota, so new mail is refused until they make room.";
const remediation =
  'Nothing to fix on your side: retry later. A mailbox that stays full for weeks is usually abandoned; remove it if it keeps bouncing this way.';

// A sending quota or a relay quota is the sender's limit, not the mailbox's (Gmail 5.4.5 "Daily
// user sending quota exceeded", Microsoft 5.2.2 "Submission quota exceeded").
// The server's own storage is `systemfull` ("452 4.3.1 Mail system storage is full").
const SENDING_QUOTA = ['system storage', 'system is full', 'system full', 'sending quota', 'send quota', 'submission quota', 'relay quota', 'quota of relayed', 'sending limit', 'sender', 'your quota', 'outgoing', 'daily', 'per hour', 'per day', 'rate'];

export const mailboxfull: RuleFamily = {
  name: 'mailboxfull',
  rules: [
    {
      id: 'mailboxfull.over-quota',
      reason: 'mailboxfull',
      // RFC 3463 x.2.2 "Mailbox full"; RFC 5321 552 "exceeded storage allocation"; Gmail's
      // "The recipient's inbox is out of storage space" / "is over quota"
      // (https://support.google.com/a/answer/3726730); T-Online "Over STORAGE quota", web.de
      // "User has exhausted allowed storage space" (sitepackage.de); qmail "mailfolder is over
      // the allowed quota"; Dovecot "Quota exceeded (mailbox for user is full)"; Exchange
      // "QuotaExceededException"; Courier/maildrop "maildir over quota".
      match: {
        phrases: [
          'mailbox full',
          'mailbox is full',
          'mailbox was full',
          'mailbox ... is full',
          'mailbox is over',
          'inbox is full',
          'inbox ... is full',
          'inbox is over',
          'mail folder is full',
          'mailfolder is full',
          'mailbox size limit',
          'mailbox size exceeded',
          'mailbox limit exceeded',
          'mailbox has exceeded',
          'mailbox exceeded',
          'mailbox exceeds',
          'overdrawn ... quota',
          'exceeded ... mailbox limit',
          'exceeds ... mailbox limit',
          'mailbox storage limit',
          'over quota',
          'overquota',
          'over ... quota',
          'quota exceed*',
          'quotaexceeded*',
          'quota full',
          'quota reached',
          'quota has been exceeded',
          'quota has been reached',
          'quota violation',
          'exceeded ... quota',
          'exceeds ... quota',
          'exceeding ... quota',
          'exceed ... quota',
          'reached ... quota',
          'exceeded storage allocation',
          'exceeded ... storage',
          'exhausted ... storage',
          'out of storage',
          'mailbox ... no space',
          'inbox ... no space',
          'no space ... mailbox',
          'no space ... inbox',
          'over ... storage limit',
          'reached ... storage limit',
          'insufficient storage',
          'not enough storage',
          'not enough disk space',
          'not enough space',
          'storage space ... full',
          'storage is full',
          'account is full',
          'too many messages on the server',
          'mailbox space',
          'space not enough',
          'space is not enough',
          'storage space ... not enough',
          'storage space ... exceeded',
          'storage space ... used up',
          'insufficient mailbox space',
          'insufficient space ... mailbox',
          'not have enough ... space',
          'exceed* ... maximum mailbox size',
          'exceed* ... mailbox size',
          "n't have enough ... space",
          'mailbox ... insufficient space',
          'mailbox ... no more space',
          'no more space ... mailbox',
          'mailbox size ... reached',
          'mailbox ... reached ... limit',
          'mailbox ... reached ... capacity',
          'mailbox ... at capacity',
          // Postfix local(8) appending to an mbox file over mailbox_size_limit gets EFBIG from
          // the kernel: "error writing message: File too large" (pentan.info/server/linux/postfix_size_limit.html).
          'error writing message ... file too large',
          'append message ... file too large',
          'cannot update mailbox ... file too large',
        ],
        unless: SENDING_QUOTA,
      },
      party: 'recipient',
      action: 'retry',
      explanation,
      remediation,
    },
    {
      id: 'mailboxfull.unavailable-full',
      reason: 'mailboxfull',
      // "Mailbox unavailable" under x.2.2 (RFC 3463 "Mailbox full").
      match: { phrases: MAILBOX_UNAVAILABLE, status: ['5.2.2', '4.2.2'] },
      party: 'recipient',
      action: 'retry',
      explanation: 'The server answered "mailbox unavailable" with a code that says the mailbox is full (x.2.2).',
      remediation,
    },
    {
      id: 'mailboxfull.in-other-languages',
      reason: 'mailboxfull',
      // "Mailbox full" and "quota exceeded" in the receivers' own languages (web.de's
      // "Speichervolumen ueberschritten", Orange's "Boite du destinataire pleine", QQ Mail's
      // "收件人空间不足" are documented replies; the rest are the plain words each language
      // uses). Korean and Russian words take suffixes, hence the prefix terms.
      match: {
        phrases: [
          // German
          'postfach voll',
          'postfach ... ist voll',
          'mailbox ist voll',
          'mailbox voll',
          'speicherplatz ... überschritten',
          'speicherplatz ... ueberschritten',
          'speichervolumen ... überschritten',
          'speichervolumen ... ueberschritten',
          'kontingent überschritten',
          'quota überschritten',
          'quota ueberschritten',
          // web.de / GMX: "Benutzer hat zuviele Mails auf dem Server" (sitepackage.de): the
          // user *has* too many, unlike a sender who sends too many.
          'hat zuviele mails',
          'hat zu viele mails',
          'hat zu viele nachrichten',
          // French
          'boîte pleine',
          'boite pleine',
          'boîte ... pleine',
          'boite ... pleine',
          'messagerie pleine',
          'quota dépassé',
          'quota depasse',
          'quota atteint',
          // Spanish
          'buzón lleno',
          'buzon lleno',
          'buzón ... está lleno',
          'buzon ... esta lleno',
          'cuota excedida',
          'cuota ... superada',
          'excede ... cuota',
          // Portuguese
          'caixa postal cheia',
          'caixa de correio cheia',
          'caixa ... está cheia',
          'caixa ... esta cheia',
          'cota excedida',
          'quota excedida',
          'excedeu ... cota',
          // Italian
          'casella piena',
          'casella ... piena',
          'spazio esaurito',
          'quota superata',
          // Dutch
          'mailbox vol',
          'mailbox is vol',
          'postvak vol',
          'postvak is vol',
          'postbus vol',
          'postbus is vol',
          'quotum overschreden',
          'quota overschreden',
          // Polish
          'skrzynka pełna',
          'skrzynka ... jest pełna',
          'skrzynka ... przepełniona',
          'skrzynka ... zapełniona',
          'brak miejsca w skrzynce',
          // Russian
          'ящик переполнен',
          'ящик ... переполнен',
          'превышена квота',
          'квота ... превышена',
          'превышен ... квот*',
          // Japanese
          'メールボックスがいっぱい',
          'メールボックスが一杯',
          'メールボックスの容量',
          '容量オーバー',
          '容量超過',
          '容量を超え',
          // Chinese
          '邮箱已满',
          '郵箱已滿',
          '信箱已满',
          '信箱已滿',
          '邮箱空间不足',
          '邮箱容量不足',
          '收件人空间不足',
          '容量已满',
          '超出配额',
          '超过配额',
          // Korean
          '메일함이 가득*',
          '메일함 ... 가득*',
          '사서함이 가득*',
          '편지함이 가득*',
          '용량 초과*',
          '용량이 초과*',
          '용량을 초과*',
        ],
        unless: SENDING_QUOTA,
      },
      party: 'recipient',
      action: 'retry',
      explanation: "The recipient's server says, in its own language, that the mailbox is full.",
      remediation,
    },
    {
      id: 'mailboxfull.status',
      reason: 'mailboxfull',
      match: { status: ['5.2.2', '4.2.2'] },
      party: 'recipient',
      action: 'retry',
      explanation: 'The status code (x.2.2) says the mailbox is full.',
      remediation,
    },
    {
      id: 'mailboxfull.ses',
      reason: 'mailboxfull',
      match: { ses: ['*/MailboxFull'] },
      party: 'recipient',
      action: 'retry',
      explanation,
      remediation,
    },
  ],
};
