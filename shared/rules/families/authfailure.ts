import type { RuleFamily } from '../types';

const party = 'sender';
const action = 'fix-authentication';

const alignment =
  'In SES, verify the From domain with Easy DKIM and set a custom MAIL FROM domain so SPF passes for your own domain; both then align with DMARC.';

// Sources for the wording below: Gmail's SMTP error reference (421 4.7.0, 4.7.26-4.7.32,
// 5.7.26-5.7.30, 5.7.40: https://support.google.com/a/answer/3726730), Yahoo's sender
// requirements (https://senders.yahooinc.com/best-practices/), Microsoft's NDR reference
// (5.7.23, 5.7.509, 4.7.26), RFC 7208 (SPF) section 8 and RFC 7489 (DMARC).
export const authfailure: RuleFamily = {
  name: 'authfailure',
  rules: [
    {
      id: 'authfailure.dmarc',
      reason: 'authfailure',
      match: {
        phrases: [
          'dmarc policy', 'dmarc verification', 'dmarc check', 'dmarc evaluation', 'dmarc fail*', 'dmarc reject*', 'dmarc record',
          'does not pass dmarc', 'fails dmarc', 'failed dmarc', 'fail dmarc', 'failed the dmarc', 'fails the dmarc',
          'dmarc-rejection', 'dmarcrejection', 'dmarc', "isn't aligned with ... spf or dkim", 'not aligned with ... spf or dkim',
        ],
        // A DNS lookup that failed on the way is a network fault, not a verdict on the domain.
        unless: ['dns lookup fail*', 'lookup timed out', 'dns timeout'],
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
        phrases: [
          "domain's spf policy", 'spf policy', 'spf check fail*', 'spf validation fail*', 'spf fail*', 'spf hard fail', 'spf hardfail', 'spf softfail', 'spf soft fail',
          'fails spf', 'failed spf', 'fail spf', 'failed to pass spf', 'fails to pass spf', 'failed the spf', 'fails the spf',
          "didn't pass spf", 'did not pass spf', 'spf authentication', 'spf ... did not pass', "spf ... didn't pass",
          "per it's spf", 'per its spf', 'bad spf', 'spf record ... suspicious', 'spf ... permerror', 'spf ... temperror',
          'spf unauthori*', 'spf ... not allowed to send', 'spf ... not authorized to send', 'not allowed to send ... spf', 'not authorized to send ... spf', 'not authorised to send ... spf', 'not permitted to send ... spf',
          'does not designate ... as permitted sender', 'not a permitted sender', 'sender policy framework', 'sender id (pra)',
          'openspf.net/why', 'open-spf.org/why',
        ],
      },
      party,
      action,
      explanation: "The sending IP is not allowed by the SPF record of the envelope (MAIL FROM) domain, and the receiver enforces SPF.",
      remediation: `You (the sender) must add the sending service to the SPF record of the MAIL FROM domain, e.g. include:amazonses.com for a custom MAIL FROM domain on SES, and stay under SPF's limit of ten DNS lookups. ${alignment}`,
    },
    {
      id: 'authfailure.dkim',
      reason: 'authfailure',
      match: {
        phrases: [
          'dkim signature fail*', 'dkim fail*', 'dkim invalid', 'dkim verification fail*', 'dkim check fail*', 'dkim signature invalid',
          'invalid dkim', 'bad dkim', 'no valid dkim', 'no passing dkim', 'no acceptable dkim', 'dkim is required', 'dkim required',
          "didn't pass dkim", 'did not pass dkim', 'dkim authentication', 'dkim ... did not pass', 'body hash did not verify',
          'not signed', 'missing dkim', 'dkim ... fail*',
        ],
        // A TLS certificate "not signed by a valid CA" is the session's security, not DKIM.
        unless: ['certificate', 'ssl', 'tls'],
      },
      party,
      action,
      explanation: 'The receiver requires a valid DKIM signature and the message had none that verified.',
      remediation: `You (the sender) must sign with DKIM for the From domain: enable Easy DKIM for the identity in SES and publish the three CNAME records it gives. ${alignment}`,
    },
    {
      id: 'authfailure.unauthenticated',
      reason: 'authfailure',
      match: {
        // Gmail's "does not have authentication information or fails to pass authentication
        // checks" (421 4.7.0 and 550 5.7.1/5.7.26), "the sender is unauthenticated" (5.7.26),
        // "rate limited because it is unauthenticated" (4.7.26); Yahoo's 5.7.9 "sender is
        // unauthenticated"; Haraka's "Multiple authentication checks failed".
        phrases: [
          'forged sender domain', 'multiple authentication checks failed', 'unauthenticated email', 'unauthenticated mail', 'unauthenticated message',
          'authentication checks did not pass', 'authentication check failed', 'authentication checks failed',
          'fails to pass authentication', 'failed to pass authentication', 'not pass authentication',
          'does not have authentication information', 'no authentication information', 'sender is unauthenticated',
          'it is unauthenticated', 'message is unauthenticated', 'mail is unauthenticated', 'requires all senders to authenticate',
          'authenticate with ... spf', 'authenticate with ... dkim',
          'authenticate with either spf or dkim', 'sender authentication fail*', 'email authentication fail*',
          // The same with Gmail's repeated code inside a wrapped line ("fails to pass 550-5.7.1
          // authentication checks").
          'does not have ... authentication information', 'fails to pass ... authentication', 'sender is ... unauthenticated',
        ],
      },
      party,
      action,
      explanation: 'The message failed the sender-authentication checks (SPF, DKIM, DMARC) the receiver requires.',
      remediation: `You (the sender) must make the message pass SPF and DKIM in alignment with the From domain. ${alignment}`,
    },
    {
      id: 'authfailure.status',
      reason: 'authfailure',
      match: { status: ['5.7.20', '5.7.21', '5.7.22', '5.7.23', '5.7.24', '5.7.26', '5.7.29', '5.7.509', '4.7.20', '4.7.21', '4.7.22', '4.7.23', '4.7.24', '4.7.26'] },
      party,
      action,
      explanation: 'The status code says sender authentication (SPF, DKIM, DMARC or ARC) failed.',
      remediation: `You (the sender) must check SPF, DKIM and DMARC for the From and MAIL FROM domains. ${alignment}`,
    },
  ],
};
