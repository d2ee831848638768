import type { RuleFamily } from '../types';

export const notcompliantrfc: RuleFamily = {
  name: 'notcompliantrfc',
  rules: [
    {
      id: 'notcompliantrfc.message-format',
      reason: 'notcompliantrfc',
      match: {
        text: /not (?:rfc|rfc ?5322|rfc ?2822|rfc ?822)[ -]?compliant|(?:violates|does not comply with) rfc|line (?:is )?too long|line length exceeded|bare (?:lf|linefeed|newline)|missing (?:a valid )?(?:message-?id|date|from) header|multiple (?:from|sender|date|subject|to|message-id) headers/,
      },
      party: 'message',
      action: 'revise-content',
      explanation: 'The message breaks the Internet Message Format rules (RFC 5322): a missing or repeated header, or lines that are too long.',
      remediation:
        'Whoever builds the message must fix it: exactly one From, Date and Message-ID header, lines under 998 characters (wrap or quoted-printable-encode HTML), CRLF line endings. Messages built by SES from Simple content comply.',
    },
  ],
};
