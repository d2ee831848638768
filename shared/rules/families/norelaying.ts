import type { RuleFamily } from '../types';

export const norelaying: RuleFamily = {
  name: 'norelaying',
  rules: [
    {
      id: 'norelaying.relay-denied',
      reason: 'norelaying',
      match: {
        // Postfix "Relay access denied", sendmail "Relaying denied", Exim "relay not permitted",
        // Exchange "Unable to relay" (Microsoft 5.7.54/5.7.64), qmail "isn't in my list of
        // allowed rcpthosts", Symantec.cloud "trying to use me ... as a relay", Mimecast "Open
        // relay not allowed" (https://community.mimecast.com/docs/DOC-1369).
        phrases: [
          ...['relay', 'relaying', 'relay access', 'mail relay', 'email relay', 'relay operation'].flatMap((what) =>
            ['denied', 'not permitted', 'not allowed', 'prohibited', 'refused', 'rejected', 'disallowed', 'disabled', 'not authorized', 'not authorised'].map(
              (verb) => `${what} ${verb}`,
            ),
          ),
          'relaying is not allowed', 'relaying is not permitted', 'relay denied for', 'no relaying', 'insecure mail relay',
          'unable to relay', 'cannot relay', "can't relay", 'not permitted to relay', 'not allowed to relay', 'not authorized to relay',
          'we do not relay', 'not an open relay', 'open relay not allowed', 'as a relay', 'allowed rcpthosts', 'rcpthosts',
          'local user only', 'local users only',
          // The relayed-to address between the words: sendmail/Exchange "Relaying to <a@b>
          // denied", "relaying to <a@b> prohibited by administrator"; "unauthorized relay"
          // (RFC 5321 section 3.6.2 on servers that refuse to relay).
          ...['relaying to', 'relay to'].flatMap((what) =>
            ['denied', 'prohibited', 'not permitted', 'not allowed', 'refused', 'rejected'].map((verb) => `${what} ... ${verb}`),
          ),
          'unauthorized relay', 'unauthorised relay', 'relay not authorized', 'relay not authorised',
          // qmail-smtpd answers a domain missing from control/rcpthosts with "553 sorry, that
          // domain isn't in my list of allowed rcpthosts (#5.7.1)"
          // (https://cr.yp.to/qmail/faq/servers.html#rcpthosts); some builds say "hosts".
          'list of allowed hosts', 'not in my list of allowed', "isn't in my list of allowed",
          // smail and other old MTAs: "not local host <domain>, not a gateway".
          'not a gateway',
          // Coremail-style Chinese MTAs: "553 host denies relay", "553 relay check domain fail"
          // (https://blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html).
          'denies relay', 'relay check',
          // qmail-smtpd's other wording (OVH): "553 sorry, that domain isn't allowed to be relayed
          // thru this MTA (#5.7.1)"; submission-only servers: "message submission is for
          // authorised users only".
          "isn't allowed to be relayed", 'not allowed to be relayed', 'relayed thru', 'authorised users only', 'authorized users only',
          // "503 Either sender or receiver must be local account" (a submission server's relay check).
          'must be local account', 'sender or receiver must be local', 'relay through this server', 'relaying through this server',
        ],
      },
      party: 'recipient',
      action: 'review',
      explanation: "The server that answered for the recipient's domain does not consider itself responsible for that domain, so it refused to pass the mail on.",
      remediation:
        "Check the recipient address for a mistyped domain. If it is right, the recipient's domain has stale MX records or a misconfigured server; only its administrator can fix that, so reach the person another way.",
    },
    {
      id: 'norelaying.status',
      reason: 'norelaying',
      match: { status: ['5.7.64', '5.4.310'] },
      party: 'recipient',
      action: 'review',
      explanation: 'The status code says the receiving server is not set up to accept mail for the recipient domain.',
      remediation: "Check the domain for typos; otherwise the recipient's administrator must fix their mail routing.",
    },
  ],
};
