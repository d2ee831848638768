import type { BounceRule, RuleFamily } from '../types';

const attachment = { reason: 'securityerror', party: 'message', action: 'remove-attachment' } as const;

const shareInstead =
  'Remove the file and send again; to share it, upload it to a file-sharing service and send a link, or zip it only if the receiver accepts archives.';

/** Verbs receivers use for a file they refuse by type. */
const refused = ['not allowed', 'not permitted', 'blocked', 'banned', 'prohibited', 'forbidden', 'rejected', 'not accepted'];

const attachmentRules: BounceRule[] = [
  {
    ...attachment,
    id: 'securityerror.outlook-blocked-attachment',
    match: { phrases: ["outlook's blocked", 'outlooks blocked', 'outlook blocked', 'blocked by outlook', 'level 1 attachment', 'level-1 attachment'] },
    explanation:
      "The attachment's type is on Outlook's list of blocked file types, which covers programs and scripts such as .exe, .bat, .cmd, .com, .js, .jse, .vbs, .vbe, .wsf, .ps1, .msi, .scr, .hta, .jar, .lnk, .reg, .iso and .img.",
    remediation: `${shareInstead} Renaming the extension does not help: receivers inspect the file itself.`,
  },
  {
    ...attachment,
    id: 'securityerror.winzip-exploitable-attachment',
    match: { phrases: ['winzip', '.b64', '.bhx', '.hqx', '.mim', '.uue', '.xxe'] },
    explanation:
      'The message carries an encoded archive type that WinZip opens and that attackers have abused (.b64, .bhx, .hqx, .mim, .uue or .xxe), so the receiver bans it.',
    remediation: shareInstead,
  },
  {
    ...attachment,
    id: 'securityerror.blocked-attachment-type',
    match: {
      // Gmail 552 5.7.0 "its content presents a potential security issue"
      // (https://support.google.com/mail/answer/6590), Rackspace "[blocked file] ... contains a
      // banned file attachment", amavis "BANNED" verdicts, Exchange attachment filtering.
      phrases: [
        ...['attachment type*', 'file type*', 'file extension*', 'filetype*', 'attachment*', 'file attachment*', 'executable*'].flatMap((what) =>
          refused.map((verb) => `${what} ... ${verb}`),
        ),
        ...['blocked', 'banned', 'prohibited', 'forbidden', 'dangerous', 'unsafe', 'disallowed'].flatMap((adjective) => [
          `${adjective} attachment*`, `${adjective} file type*`, `${adjective} file extension*`, `${adjective} file`,
        ]),
        'banned file attachment', 'id= ... - banned', 'contains an executable', 'executable content', 'potential security issue',
        // rspamd's attachment symbols and maps (https://rspamd.com/doc/modules/mime_types.html).
        'blacklisted ... file extension', 'high risk file extension', 'forbidden_file_extension', 'mime_bad_extension', 'mime_double_bad_extension', 'mime_bad_attachment',
      ],
      // A refused attachment for its size, its name or a virus belongs to those families.
      unless: ['size', 'too large', 'too big', 'exceed*', 'too long', 'name* ... characters', 'virus*', 'malware', 'infected'],
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
      match: { phrases: ['required authentication level', 'authentication requirements defined for the sender'] },
      party: 'sender',
      action: 'fix-authentication',
      explanation: 'The receiver requires the From domain to pass its sender authentication level (SPF, DKIM and DMARC together), and it did not.',
      remediation:
        'You (the sender) must make the From domain pass SPF and DKIM in alignment: verify the domain in SES with Easy DKIM, set a custom MAIL FROM domain with its SPF record, and publish a DMARC record.',
    },
    {
      id: 'securityerror.tls-handshake',
      reason: 'securityerror',
      match: {
        // The TLS session itself failed or was refused: OpenSSL alerts as MTAs log them, Postfix
        // "Cannot start TLS: handshake failure", certificate checks, Exchange Online's outbound
        // TLS codes 5.7.321-5.7.323 ("starttls-not-supported", "certificate-expired",
        // "tlsa-invalid"), MTA-STS and DANE policy failures (RFC 8461, RFC 7672).
        phrases: [
          'tls handshake', 'ssl handshake', 'handshake fail*', 'cannot start tls', 'could not start tls', 'unable to start tls',
          'tls negotiation fail*', 'tls connection fail*', 'tls session fail*', 'no shared cipher', 'wrong version number',
          'unsupported protocol', 'tls not available', 'sslv3 alert', 'tlsv1 alert', 'certificate verif* fail*', 'certificate has expired',
          'certificate is expired', 'certificate-expired', 'certificate expired', 'self signed certificate', 'self-signed certificate',
          'unable to get local issuer certificate', 'certificate ... not trusted', 'untrusted certificate', 'certificate name mismatch',
          'hostname mismatch', 'tlsa-invalid', 'tlsa record', 'dane validation', 'mta-sts', 'starttls-not-supported',
        ],
      },
      party: 'infrastructure',
      action: 'review',
      explanation:
        "The encrypted (TLS) session between the sending and receiving servers could not be set up: a protocol or cipher mismatch, or a certificate that failed its checks.",
      remediation:
        "Usually the receiver's side: an expired, self-signed or mismatched certificate, or a server without a current TLS version. SES retries on its own; if it persists, tell the recipient's mail administrator what the text says. If you require TLS in an SES configuration set, a receiver without working TLS cannot get your mail.",
    },
    {
      id: 'securityerror.tls-or-auth-required',
      reason: 'securityerror',
      match: {
        // Gmail "530 5.7.0 Must issue a STARTTLS command first", "TLS required for RCPT domain",
        // 4.7.29/5.7.29 "not using a TLS connection"; Microsoft 5.7.57 "Client was not
        // authenticated to send anonymous mail", 5.7.133-5.7.136 "Sender was not authenticated";
        // RFC 4954 530 5.7.0 "Authentication required", 538 5.7.11 "Encryption required".
        phrases: [
          'starttls', 'tls required', 'tls is required', 'requires tls', 'require tls', 'must use tls', 'tls connection is required',
          'not using a tls connection', "wasn't sent over a tls connection", 'not sent over a tls connection', 'use tls/ssl',
          'encryption required', 'encryption is required', 'requires encryption', 'encryption needed', 'requiretls',
          'authentication required', 'authentication is required', 'requires authentication', 'auth required',
          'unauthenticated sender not allowed', 'unauthenticated senders not allowed', 'must authenticate',
          'client was not authenticated', 'not authenticated to send', 'sender was not authenticated', 'sender not authenticated',
          'username and password not accepted', 'delivery not authorized', 'not logged in', 'must be authenticated', 'must be logged in',
        ],
        // "Relaying denied. Proper authentication required." is sendmail refusing to relay;
        // "must authenticate with at least one of SPF or DKIM" (Gmail 5.7.26) is about the
        // message's authentication, not the session's.
        unless: ['relay*', 'spf', 'dkim', 'dmarc'],
      },
      party: 'sender',
      action: 'fix-authentication',
      explanation: 'The receiver demanded an encrypted or authenticated SMTP session that the sending server did not provide.',
      remediation: authRemediation,
    },
    {
      id: 'securityerror.smtp-auth-failed',
      reason: 'securityerror',
      match: {
        // SMTP AUTH (RFC 4954 section 6): 535 5.7.8 "Authentication credentials invalid", 534
        // 5.7.9 "Authentication mechanism is too weak", 454 4.7.0 "Temporary authentication
        // failure"; relays and smart hosts pass on "535 Authentication failed" when their own
        // login to the next hop fails. Message authentication (SPF/DKIM/DMARC) is `authfailure`'s.
        // Generic words, so only with a reply code SMTP AUTH uses (RFC 4954 section 6, and
        // the 451/551 "auth error" of Chinese MTAs such as Coremail's, listed at
        // https://blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html).
        phrases: ['authentication failure', 'authentication failed', 'auth failed', 'auth error', 'invalid credentials'],
        replyCode: [535, 534, 454, 530, 451, 551],
        unless: ['spf', 'dkim', 'dmarc', 'arc'],
      },
      party: 'sender',
      action: 'fix-authentication',
      explanation: 'An SMTP login (AUTH) on the way failed: the server refused the user name, password or login method of the sending or relaying server.',
      remediation:
        'SES itself does not log in to receivers, so this comes from a relay or smart host on the way: check the credentials and login method it uses for the next server, and the account it logs in with (locked, password changed).',
    },
    {
      id: 'securityerror.smtp-login-refused',
      reason: 'securityerror',
      match: {
        // Words only an SMTP login failure uses, whatever the code: Gmail 454 4.7.0 "Too many
        // login attempts", 534 5.7.9 "Application-specific password required", 534 5.7.14
        // "Please log in with your web browser" (https://support.google.com/a/answer/3726730);
        // NetEase 451 "too much fail authentication" (its bounce-code table, see netease.ts).
        phrases: [
          'smtp auth ... fail*', 'smtp authentication ... fail*', 'smtp auth error', 'authentication credentials invalid', 'authentication mechanism is too weak',
          'bad username or password', 'too many login attempts', 'login attempts', 'application-specific password required',
          'log in with your web browser', 'log in via your web browser', 'too much fail authentication', 'fail authentication',
        ],
        unless: ['spf', 'dkim', 'dmarc'],
      },
      party: 'sender',
      action: 'fix-authentication',
      explanation: 'An SMTP login (AUTH) on the way failed: the server refused the user name, password or login method of the sending or relaying server.',
      remediation:
        'SES itself does not log in to receivers, so this comes from a relay or smart host on the way: check the credentials and login method it uses for the next server, and the account it logs in with (locked, password changed).',
    },
    {
      id: 'securityerror.reply-code-535',
      reason: 'securityerror',
      // RFC 4954: 535 is only ever an SMTP AUTH failure, 534 a too-weak mechanism.
      match: { replyCode: [535, 534] },
      party: 'sender',
      action: 'fix-authentication',
      explanation: 'The reply code (535) says an SMTP login (AUTH) on the way was refused.',
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
