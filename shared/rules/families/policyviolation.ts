import type { RuleFamily } from '../types';

const remediation =
  "Read the receiver's text and any help link it gives for the policy in question. Typical causes: a message that breaks their header or content rules, a sender not yet known to them, or a topic they refuse. If the mail is legitimate and wanted, ask the recipient to have it safelisted.";

export const policyviolation: RuleFamily = {
  name: 'policyviolation',
  rules: [
    {
      id: 'policyviolation.local-policy',
      reason: 'policyviolation',
      match: {
        // Refusals that name a site's policy and nothing more specific: Apple "Message rejected
        // due to local policy" (https://support.apple.com/en-us/HT204137), Gmail "has a policy that
        // prohibited the mail" and "violates example.com email policy"
        // (https://support.google.com/a/answer/3726730), IONOS/GMX "Reject due to policy
        // restrictions", Exim "administrative prohibition", Mimecast "security policies".
        phrases: [
          'policy reasons', 'policy reason', 'local policy', 'site policy', 'security policy', 'security policies', 'content policy',
          'email policy', 'mail policy', 'mailpolicy', 'messaging policy', 'usage policy', 'organization policy', 'organisation policy',
          'policy violation*', 'policy rejection', 'policy restrictions', 'policy restriction', 'not allowed by policy',
          'administrative prohibition', 'has a policy that prohibit*', 'policy that prohibited',
          'violates our', 'violated our', 'violation of our', 'violates the ... polic*', 'violated the ... polic*',
          'violation of the ... polic*', 'violation of local', 'violation of site', 'against our polic*', 'against the polic*', 'against local polic*', 'prohibited by polic*',
          'rejected by ... policy', 'rejected due to ... policy', 'refused by ... policy', 'blocked by ... policy', 'denied by ... policy',
          'header error',
          // A header the site's rules refuse (Postfix header_checks, Exchange transport rules):
          // "Header value not allowed". Malformed or duplicate headers are `notcompliantrfc`'s.
          'header value not allowed', 'header not allowed', 'header ... is not allowed', 'header ... not permitted',
          // A closed mailing list refusing outsiders (Coremail-style "553 private list access denied").
          'private list access denied',
        ],
        // Greylisting is a deferral that retries on its own, not a policy the sender must meet;
        // a message that breaks the RFCs is `notcompliantrfc`'s.
        unless: ['greylist*', 'graylist*', 'grey-list*', 'gray-list*', 'grey list*', 'gray list*', 'rfc*', 'duplicate', 'malformed', 'missing'],
      },
      party: 'sender',
      action: 'review',
      explanation: 'The receiving site refused the message under one of its local policies.',
      remediation,
    },
    {
      id: 'policyviolation.status-5.7.1',
      reason: 'policyviolation',
      match: { status: ['5.7.1', '4.7.1', '5.7.9', '5.7.12', '5.7.15', '5.7.16'] },
      party: 'sender',
      action: 'review',
      explanation: 'The status code (typically x.7.1, "delivery not authorised") says the receiver refused the message by policy without saying which.',
      remediation,
    },
  ],
};
