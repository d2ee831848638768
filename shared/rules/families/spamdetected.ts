import type { RuleFamily } from '../types';

const reason = 'spamdetected';
const party = 'message';
const action = 'revise-content';

const contentAdvice =
  'Spam filters change often, so look at the whole message: a clear sender name, content the recipient expects, a working unsubscribe link (and List-Unsubscribe header), few links and images, no URL shorteners, and a plain-text part. Ask the recipient to safelist your domain meanwhile.';

/** "As spam" in the languages receivers answer in: "als Spam", "comme spam", "como spam"... */
const asSpamInOtherLanguages = ['als spam', 'comme spam', 'comme du spam', 'como spam', 'come spam', 'jako spam', 'как спам', 'спам'];

export const spamdetected: RuleFamily = {
  name: 'spamdetected',
  rules: [
    {
      id: 'spamdetected.community-spam',
      reason,
      match: {
        phrases: [
          'spam by the internet community', 'deemed spam', 'deemed to be spam', 'deemed as spam', 'considered spam',
          'considered to be spam', 'considered as spam',
        ],
      },
      party,
      action,
      explanation: 'The receiver judged the content to be spam using signatures shared among many mail operators.',
      remediation: `You (the sender) must change what is being sent. ${contentAdvice}`,
    },
    {
      id: 'spamdetected.url-blocklist',
      reason,
      match: {
        phrases: [
          'uribl', 'surbl', 'ivmuri', 'blacklisted url', 'blocklisted url', 'blacklisted link', 'blocklisted link', 'blacklisted domain in',
          'blocklisted domain in', 'spam url', 'url ... blacklist*', 'url ... blocklist*', 'uri ... blacklist*', 'link* ... blacklist*',
          'blocked url', 'blocked urls', 'blocked link', 'blocked links', 'banned url', 'forbidden url', 'url ... is blocked', 'link ... is blocked',
        ],
      },
      party,
      action,
      explanation: 'A link in the message points to a domain on a URL blocklist (such as URIBL or SURBL).',
      remediation:
        'Find the listed domain in the message (often a link shortener, a tracking domain or a third-party image host), remove or replace it, and send again. If it is your own domain, request removal from the list named in the diagnostic.',
    },
    {
      id: 'spamdetected.content-rejected-by-policy',
      reason,
      // BigPond "5.7.1 Message content rejected due to suspected spam. IB703"
      // (https://www.suped.com/learn/email-deliverability/why-are-bigpond-emails-bouncing-with-a-content-based-spam-reason).
      match: { phrases: ['message content rejected'], status: ['5.7.', '4.7.'] },
      party,
      action,
      explanation: "The receiver's content filter refused the message under a security-policy code, which is how spam verdicts are usually reported.",
      remediation: contentAdvice,
    },
    {
      id: 'spamdetected.filter-verdict',
      reason,
      match: {
        // Filter verdicts as receivers word them: Gmail "likely unsolicited mail" and "suspicious
        // due to the nature of the content" (https://support.google.com/a/answer/3726730), Zoho
        // "Email flagged as Spam", Yandex "rejected under suspicion of SPAM", QQ "Mail content
        // denied" (https://service.mail.qq.com/detail/122/171), filters' "mail is denied, by
        // spam filter", SpamAssassin scores, "UBE" (unsolicited bulk email), the Chinese hosted
        // MTAs' "message rejected by anti-spam engine" / "Reject by content spam", amavis's
        // "Reject, id=... - SPAM" (https://www.amavis.org/README.customize.txt).
        phrases: [
          'classified as spam', 'identified as spam', 'detected as spam', 'flagged as spam', 'marked as spam', 'rejected as spam',
          'blocked as spam', 'treated as spam', 'recognized as spam', 'recognised as spam', 'categorized as spam', 'scored as spam',
          'spam detected', 'spam classification', 'spam score', 'spam content', 'spam signature', 'spam message', 'spam filter*',
          'spam-filter', 'spamassassin', 'spam probability', 'probability of spam', 'high spam', 'contains spam', 'suspected spam', 'suspicion of spam',
          'spam suspicion', 'suspected as spam', 'looks like spam', 'appears like spam', 'looks to be spam', 'appears to be spam',
          'message is spam', 'message was spam', 'mail is spam', 'mail was spam', 'likely spam', 'likely to be spam',
          'rejected due to spam', 'likely unsolicited', 'unsolicited email', 'unsolicited mail', 'suspicious due to the nature of the content',
          'nature of the content ... links',
          // Gmail wraps long replies with the code repeated mid-sentence ("this message is
          // 550-5.7.1 likely unsolicited mail"); the gaps keep the phrase whole.
          'likely ... unsolicited', 'appears to be unsolicited', 'looks unsolicited', 'nature of ... the content', 'flagged ... as spam', 'classified ... as spam', 'ube', 'unsolicited bulk', 'unsolicited commercial', 'mail rejete', 'mcspamsignature',
          'may consider spam', 'gtube', 'id= ... - spam',
          // "550 Content reject" / "Spam denied": the spam refusals of Chinese hosted mail
          // (https://www.emailhost.com.cn/service.html?article_category=25).
          'mail content denied', 'content denied', 'content reject', 'reject by content', 'spam denied', 'error: content rejected', 'anti-spam engine',
          'rejected for spam', 'spam or virus', 'identified as junk', 'junk mail', 'rejected by content filter',
          'blocked by content filter', 'content filter rejected', 'banned content',
          // Coremail-style "552 too many same size mails" (bulk copies of one message).
          'same size mails', 'rspam', 'inappropriate words', 'inappropriate content', 'spam/virus', 'possible spam',
          // MailChannels marks its content-scan refusals "[CS]" (https://docs.mailchannels.com/inbound/smtp-errors),
          // also when a hosting provider words them in its own language.
          '[cs] message blocked', '[cs] ... rejeitada', '[cs] ... rechazad*', '[cs] ... rejected', 'rejected by the content filter', 'blocked by the content filter',
          ...asSpamInOtherLanguages, '垃圾邮件', '迷惑メール', 'スパム', '스팸',
        ],
        // The sending source's reputation (too much spam from it) is `badreputation`'s, and a
        // scanner that merely failed says nothing about the content.
        unless: ['too much spam', 'spam filter ... unavailable', 'spam filter ... error', 'spam filter ... timeout'],
      },
      party,
      action,
      explanation: "The receiver's spam filter scored this message as spam.",
      remediation: contentAdvice,
    },
  ],
};
