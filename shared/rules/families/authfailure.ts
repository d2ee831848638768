import type { RuleFamily } from '../types';

const party = 'sender';
const action = 'fix-authentication';

const alignment =
  'In SES, verify the From domain with Easy DKIM and set a custom MAIL FROM domain so SPF passes for your own domain; both then align with DMARC.';

export const authfailure: RuleFamily = {
  name: 'authfailure',
  rules: [
    {
      id: 'authfailure.dmarc',
      reason: 'authfailure',
      match: {
        text: /dmarc (?:policy|verification|check|fail|reject)|does not pass dmarc|fail(?:s|ed)? (?:the )?dmarc|dmarc-rejection|dmarcrejection/,
      },
      party,
      action,
      explanation:
        "The message failed DMARC for the From domain and that domain's DMARC policy tells receivers to reject such mail.",
      remediation: `You (the owner of the From domain) must make every source that sends as your domain pass aligned SPF or DKIM. ${alignment} Check the domain's DMARC aggregate reports for other unaligned sources, and fix the DMARC record itself if it is wrong.`,
    },
    {
      id: 'authfailure.spf',
      reason: 'authfailure',
      match: {
        text: /spf (?:check|validation) fail|spf (?:fail|hard ?fail|softfail)|(?:fails?|failed) (?:to pass )?(?:the )?spf|per it'?s spf|bad spf|not (?:allowed|authori[sz]ed|permitted) to send .{0,40}spf|sender policy framework/,
      },
      party,
      action,
      explanation: "The sending IP is not allowed by the SPF record of the envelope (MAIL FROM) domain, and the receiver enforces SPF.",
      remediation: `You (the sender) must add the sending service to the SPF record of the MAIL FROM domain, e.g. include:amazonses.com for a custom MAIL FROM domain on SES, and stay under SPF's limit of ten DNS lookups. ${alignment}`,
    },
    {
      id: 'authfailure.dkim',
      reason: 'authfailure',
      match: { text: /dkim (?:signature )?(?:fail|invalid|verification fail|check fail)|no (?:valid|passing|acceptable) dkim|dkim (?:is )?required/ },
      party,
      action,
      explanation: 'The receiver requires a valid DKIM signature and the message had none that verified.',
      remediation: `You (the sender) must sign with DKIM for the From domain: enable Easy DKIM for the identity in SES and publish the three CNAME records it gives. ${alignment}`,
    },
    {
      id: 'authfailure.unauthenticated',
      reason: 'authfailure',
      match: { text: /multiple authentication checks failed|unauthenticated (?:email|mail|message)|authentication checks? (?:did not pass|failed)/ },
      party,
      action,
      explanation: 'The message failed the sender-authentication checks (SPF, DKIM, DMARC) the receiver requires.',
      remediation: `You (the sender) must make the message pass SPF and DKIM in alignment with the From domain. ${alignment}`,
    },
    {
      id: 'authfailure.status',
      reason: 'authfailure',
      match: { status: ['5.7.20', '5.7.21', '5.7.22', '5.7.23', '5.7.24', '5.7.26', '5.7.29', '5.7.509', '4.7.26', '4.7.23'] },
      party,
      action,
      explanation: 'The status code says sender authentication (SPF, DKIM, DMARC or ARC) failed.',
      remediation: `You (the sender) must check SPF, DKIM and DMARC for the From and MAIL FROM domains. ${alignment}`,
    },
  ],
};
