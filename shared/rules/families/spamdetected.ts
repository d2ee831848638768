import type { RuleFamily } from '../types';

const reason = 'spamdetected';
const party = 'message';
const action = 'revise-content';

const contentAdvice =
  'Spam filters change often, so look at the whole message: a clear sender name, content the recipient expects, a working unsubscribe link (and List-Unsubscribe header), few links and images, no URL shorteners, and a plain-text part. Ask the recipient to safelist your domain meanwhile.';

export const spamdetected: RuleFamily = {
  name: 'spamdetected',
  rules: [
    {
      id: 'spamdetected.community-spam',
      reason,
      match: { text: /spam by the internet community|deemed (?:to be |as )?spam|considered (?:to be |as )?spam/ },
      party,
      action,
      explanation: 'The receiver judged the content to be spam using signatures shared among many mail operators.',
      remediation: `You (the sender) must change what is being sent. ${contentAdvice}`,
    },
    {
      id: 'spamdetected.url-blocklist',
      reason,
      match: { text: /uribl|surbl|(?:black|block)listed (?:url|link|domain in)/ },
      party,
      action,
      explanation: 'A link in the message points to a domain on a URL blocklist (such as URIBL or SURBL).',
      remediation:
        'Find the listed domain in the message (often a link shortener, a tracking domain or a third-party image host), remove or replace it, and send again. If it is your own domain, request removal from the list named in the diagnostic.',
    },
    {
      id: 'spamdetected.content-rejected-by-policy',
      reason,
      match: { text: /message content rejected/, status: ['5.7.', '4.7.'] },
      party,
      action,
      explanation: "The receiver's content filter refused the message under a security-policy code, which is how spam verdicts are usually reported.",
      remediation: contentAdvice,
    },
    {
      id: 'spamdetected.filter-verdict',
      reason,
      match: {
        text: /(?:classified|identified|detected|flagged|marked) as spam|spam (?:detected|classification|score|content|signature)|(?:looks|appears) (?:like|to be) spam|(?:message|mail) (?:is|was) spam|likely (?:to be )?spam|rejected (?:due to|as) spam|\bube\b|unsolicited (?:bulk|commercial)|mail rejete|mcspamsignature/,
      },
      party,
      action,
      explanation: "The receiver's spam filter scored this message as spam.",
      remediation: contentAdvice,
    },
  ],
};
