import type { BounceRule, RuleFamily } from '../types';

const attachment = { reason: 'securityerror', party: 'message', action: 'remove-attachment' } as const;

const shareInstead =
  'Remove the file and send again; to share it, upload it to a file-sharing service and send a link, or zip it only if the receiver accepts archives.';

const attachmentRules: BounceRule[] = [
  {
    ...attachment,
    id: 'securityerror.outlook-blocked-attachment',
    match: { text: /outlook'?s? blocked|blocked by outlook|level 1 attachment|level-1 attachment/ },
    explanation:
      "The attachment's type is on Outlook's list of blocked file types, which covers programs and scripts such as .exe, .bat, .cmd, .com, .js, .jse, .vbs, .vbe, .wsf, .ps1, .msi, .scr, .hta, .jar, .lnk, .reg, .iso and .img.",
    remediation: `${shareInstead} Renaming the extension does not help: receivers inspect the file itself.`,
  },
  {
    ...attachment,
    id: 'securityerror.winzip-exploitable-attachment',
    match: { text: /winzip|\.(?:b64|bhx|hqx|mim|uue|xxe)\b/ },
    explanation:
      'The message carries an encoded archive type that WinZip opens and that attackers have abused (.b64, .bhx, .hqx, .mim, .uue or .xxe), so the receiver bans it.',
    remediation: shareInstead,
  },
  {
    ...attachment,
    id: 'securityerror.blocked-attachment-type',
    match: {
      text: /(?:attachment|file) (?:type|extension)s? (?:is |are )?(?:not allowed|not permitted|blocked|banned|prohibited|on the block)|(?:blocked|banned|prohibited|forbidden) (?:attachment|file type|file extension)|attachment (?:is |was )?(?:not allowed|blocked|banned|rejected)/,
    },
    explanation: 'The receiving server refuses messages carrying a file of this type, whatever its content.',
    remediation: shareInstead,
  },
];

const authRemediation =
  'The receiver wants a stronger or encrypted session than it got. SES always offers TLS; if you relay through your own server, make it use STARTTLS with a current TLS version. If the text says the sending domain fails the authentication level, publish SPF and DKIM for the From domain and align them with DMARC.';

export const securityerror: RuleFamily = {
  name: 'securityerror',
  rules: [
    ...attachmentRules,
    {
      id: 'securityerror.authentication-level',
      reason: 'securityerror',
      match: { text: /required authentication level|authentication requirements defined for the sender/ },
      party: 'sender',
      action: 'fix-authentication',
      explanation: 'The receiver requires the From domain to pass its sender authentication level (SPF, DKIM and DMARC together), and it did not.',
      remediation:
        'You (the sender) must make the From domain pass SPF and DKIM in alignment: verify the domain in SES with Easy DKIM, set a custom MAIL FROM domain with its SPF record, and publish a DMARC record.',
    },
    {
      id: 'securityerror.tls-or-auth-required',
      reason: 'securityerror',
      match: {
        text: /starttls|tls (?:is )?required|encryption (?:is )?required|requiretls|authentication (?:is )?required|unauthenticated senders? not allowed|must (?:authenticate|use tls)|delivery not authorized/,
      },
      party: 'sender',
      action: 'fix-authentication',
      explanation: 'The receiver demanded an encrypted or authenticated SMTP session that the sending server did not provide.',
      remediation: authRemediation,
    },
    {
      id: 'securityerror.status',
      reason: 'securityerror',
      match: { status: ['5.7.0', '5.7.3', '5.7.4', '5.7.5', '5.7.6', '5.7.7', '5.7.8', '5.7.10', '5.7.11', '5.7.14', '5.7.30', '5.7.515'] },
      party: 'sender',
      action: 'fix-authentication',
      explanation: 'The status code says a security requirement (encryption, authentication or message integrity) was not met.',
      remediation: authRemediation,
    },
    {
      ...attachment,
      id: 'securityerror.ses-attachment-rejected',
      match: { ses: ['*/AttachmentRejected'] },
      explanation: 'SES reports that the receiver refused the message because of an attachment.',
      remediation: shareInstead,
    },
  ],
};
