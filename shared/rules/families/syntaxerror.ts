import type { RuleFamily } from '../types';

const explanation = 'The receiving server did not accept a command in the SMTP conversation (bad syntax, order or parameters).';
const remediation =
  'Retry once. Such faults come from the sending software or a picky receiver; on SES, report a repeatable one to AWS Support with the diagnostic; on your own relay, check its SMTP settings.';

export const syntaxerror: RuleFamily = {
  name: 'syntaxerror',
  rules: [
    {
      id: 'syntaxerror.smtp-command',
      reason: 'syntaxerror',
      // RFC 5321 §4.2.2 (500 "Syntax error, command unrecognized", 501, 502 "Command not
      // implemented", 503 "Bad sequence of commands", 504); RFC 3463 x.5.1 "Invalid command",
      // x.5.2 "Syntax error", x.5.4 "Invalid command arguments", x.5.5 "Wrong protocol version".
      match: {
        phrases: [
          'syntax error',
          'improper sequence',
          'bad sequence of commands',
          'command not implemented',
          'parameter not implemented',
          'not recognized or not implemented',
          'command not recognized',
          'command unrecognized',
          'unrecognized command',
          'unknown command',
          'invalid command',
          'wrong protocol version',
          'argument not allowed',
          'protocol violation',
          // Coremail-style "551 line parse error" (https://blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html).
          'line parse error',
          // Postfix "501 5.5.4 Syntax: MAIL FROM:<address>" and "421 4.7.0 Error: too many errors"
          // (smtpd_hard_error_limit); "Too many bad commands"; hMailServer "421 Excessive amounts
          // of data sent to server" (its SMTP error reference).
          'syntax: mail from', 'syntax: rcpt to', 'syntax: helo', 'syntax: ehlo', 'too many errors', 'too many bad command*',
          'too many unrecognized commands', 'excessive amounts of data',
          // Commands out of order (RFC 5321 section 4.1.4), as Postfix, sendmail and Momentum word
          // them: "need MAIL command", "Need MAIL before RCPT", "RCPT TO without MAIL FROM",
          // "MAIL FROM already established", "Sender already specified", "nested MAIL command".
          'need mail', 'need rcpt', 'need helo', 'need ehlo', 'without mail from', 'without rcpt to', 'without rcpt', 'without helo',
          'already established', 'already specified', 'nested mail command', 'say helo', 'say ehlo', 'send helo first', 'mail first', 'rcpt first',
        ],
      },
      party: 'infrastructure',
      action: 'review',
      explanation,
      remediation,
    },
    {
      id: 'syntaxerror.status',
      reason: 'syntaxerror',
      match: { status: ['5.5.1', '5.5.2', '5.5.4', '5.5.5', '4.5.1', '4.5.2', '4.5.4'] },
      party: 'infrastructure',
      action: 'review',
      explanation,
      remediation,
    },
    {
      id: 'syntaxerror.reply-code',
      reason: 'syntaxerror',
      match: { replyCode: [500, 501, 502, 503, 504] },
      party: 'infrastructure',
      action: 'review',
      explanation: 'The SMTP reply code (50x) says a command was not understood or came out of order.',
      remediation,
    },
  ],
};
