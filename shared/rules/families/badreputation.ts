import type { RuleFamily } from '../types';

const hygiene =
  'Send only to people who asked for your mail, remove addresses that bounce or never engage, and keep complaints well under 0.1%. Watch Google Postmaster Tools and Microsoft SNDS to see the reputation recover.';

export const badreputation: RuleFamily = {
  name: 'badreputation',
  rules: [
    {
      id: 'badreputation.throttled',
      reason: 'badreputation',
      match: {
        // Deferrals that name reputation or complaints as the cause of a rate limit: Microsoft
        // 4.7.650/4.7.651 "temporarily rate limited due to IP reputation", Yahoo TSS04 "temporarily
        // deferred due to unexpected volume or user complaints"
        // (https://postmaster.yahooinc.com/error-codes), Gmail 4.7.28 "unusual rate of
        // unsolicited mail ... temporarily rate limited" (https://support.google.com/a/answer/3726730).
        phrases: [
          'rate limited due to ... reputation', 'deferred due to unexpected volume', 'unexpected volume or user complaints',
          'deferred due to user complaints', 'due to user complaints', 'due to excessive user complaints',
          // Gmail wraps these over lines with the code repeated ("unusual rate of 421-4.7.28
          // unsolicited"), hence the gaps.
          'unusual rate of ... unsolicited ... protect our ... sent from your ... rate limited',
          'unusual rate of ... unsolicited ... protect our ... rate limited', 'unusual rate of ... unsolicited ... protect our ... temporarily limited',
          'unusual rate of ... unsolicited ... spam ... rate limited', 'unusual rate of ... unsolicited ... spam ... temporarily limited',
          'low reputation ... rate limited', 'reputation ... temporarily rate limited', 'reputation ... temporarily deferred',
        ],
      },
      party: 'sender',
      action: 'reduce-rate',
      explanation: 'The receiver is slowing your mail down because your recent volume or complaint level hurt your reputation.',
      remediation: `Lower the sending rate to this provider and let SES retry the deferred mail. ${hygiene}`,
    },
    {
      id: 'badreputation.too-much-spam',
      reason: 'badreputation',
      match: {
        phrases: [
          'too much spam', 'too much unsolicited', 'too much junk', 'too many spam', 'too many spams', 'too many complaints', 'high volume of spam',
          'high rate of spam', 'quantities of spam', 'amounts of spam', 'volume of spam',
        ],
      },
      party: 'sender',
      action: 'retry',
      explanation: 'The receiving server has had so much spam from your sending source that it distrusts anything new from it, for now.',
      remediation: `SES retries deferred mail on its own; if the refusal persists, ask the recipient to safelist your domain. ${hygiene}`,
    },
    {
      id: 'badreputation.low-reputation',
      reason: 'badreputation',
      match: {
        // Gmail "very low reputation of the sending IP address / domain", Cisco Secure Email
        // "rejected due to the sending MTA's poor reputation", Mimecast "Poor Reputation Sender"
        // (https://community.mimecast.com/docs/DOC-1369), and the like.
        phrases: [
          'low reputation', 'poor reputation', 'bad reputation', 'negative reputation', 'insufficient reputation',
          ...['low', 'poor', 'bad'].flatMap((level) => ['ip', 'sender', 'sending', 'domain', 'email', 'mail'].map((of) => `${level} ${of} reputation`)),
          'reputation of the sending', 'reputation of your', 'due to reputation', 'due to ip reputation', 'due to domain reputation',
          'due to sender reputation', 'reputation is too low', 'reputation too low', 'reputation score', 'sender reputation',
          'ip reputation', 'domain reputation', 'sending reputation', 'reputation sender', 'based on ... reputation',
          'sufficient reputation', 'very low ... reputation',
        ],
      },
      party: 'sender',
      action: 'review',
      explanation: 'The receiver refused the message because the reputation of your sending IP or domain is too low.',
      remediation: hygiene,
    },
  ],
};
