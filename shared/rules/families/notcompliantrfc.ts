import type { RuleFamily } from '../types';

export const notcompliantrfc: RuleFamily = {
  name: 'notcompliantrfc',
  rules: [
    {
      id: 'notcompliantrfc.message-format',
      reason: 'notcompliantrfc',
      // RFC 5322 §3.6 (one From, one Date, at most one Message-ID...), §2.1.1 (998-character
      // lines), RFC 5321 §2.3.8 (CRLF, no bare LF); Gmail 5.7.1 "this message is not RFC 5322
      // compliant", "missing a valid Message-ID header", "multiple addresses in the From:
      // header", "Encoded-word syntax is not permitted" (RFC 2047)
      // (https://support.google.com/a/answer/3726730); Exim "maximum allowed line length is 998
      // octets"; amavis "BAD HEADER"; qmail's bare-LF refusal, which points to
      // https://cr.yp.to/docs/smtplf.html.
      match: {
        phrases: [
          'not rfc* ... compliant',
          'non rfc* ... compliant',
          'not compliant with rfc*',
          'violates rfc*',
          'violation of rfc*',
          'does not comply with rfc*',
          "doesn't comply with rfc*",
          'rfc 5322 violation',
          'rfc5322 violation',
          'line too long',
          'line is too long',
          'lines too long',
          'line length exceeded',
          'line length exceeds',
          'maximum allowed line length',
          'encoded-word syntax',
          'bad header',
          'disallowed header',
          'bare lf',
          'bare linefeed',
          'bare linefeeds',
          'barelinefeeds*',
          'bare newline',
          'smtplf',
          'missing ... message-id',
          'missing ... date header',
          'missing ... from header',
          'without to: field*',
          'without from: field*',
          'without date: field*',
          'without ... to: header*',
          'without ... from: header*',
          'without ... date: header*',
          'without ... message-id',
          'no from header',
          'no from: header',
          'multiple from headers',
          'multiple sender headers',
          'multiple date headers',
          'multiple subject headers',
          'multiple to headers',
          'multiple message-id headers',
          'multiple addresses in the from',
          'more than one from',
        ],
      },
      party: 'message',
      action: 'revise-content',
      explanation: 'The message breaks the Internet Message Format rules (RFC 5322): a missing or repeated header, or lines that are too long.',
      remediation:
        'Whoever builds the message must fix it: exactly one From, Date and Message-ID header, lines under 998 characters (wrap or quoted-printable-encode HTML), CRLF line endings. Messages built by SES from Simple content comply.',
    },
  ],
};
