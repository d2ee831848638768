import type { RuleFamily } from '../types';

export const mailererror: RuleFamily = {
  name: 'mailererror',
  rules: [
    {
      id: 'mailererror.delivery-program',
      reason: 'mailererror',
      // Postfix local(8) and pipe(8) "Command died with status N" / "Command output: ...";
      // Dovecot's LDA ("lda: Fatal: ..."); Sendmail "mailer error" / "unable to execute";
      // procmail, maildrop and other local delivery agents.
      // (https://github.com/vdukhovni/postfix/blob/master/postfix/src/global/pipe_command.c,
      // https://github.com/OpenSMTPD/OpenSMTPD/issues/855 for a pasted LDA refusal.)
      match: {
        phrases: [
          'mailer error',
          'pipe to |',
          'procmail',
          'maildrop',
          'local delivery failed',
          'local delivery agent',
          'delivery agent',
          'command died',
          'command output',
          'lda:',
          'command failed with',
          'exit code',
          'exit status',
          'exited with status',
          'operating system error',
          'lock failure',
          'unable to execute',
          'child process',
          'unable to chdir',
          'cannot execute',
          // sendmail's local mailer could not open the mailbox file or program it delivers to.
          "can't create output",
          'cannot create output',
        ],
      },
      party: 'infrastructure',
      action: 'retry',
      explanation:
        "The receiving server accepted the message, but the program that files it into the mailbox (procmail, a pipe, a local delivery agent) failed.",
      remediation:
        "Retry later. If it repeats, only the recipient's mail administrator can fix their delivery program; tell the person through another channel.",
    },
  ],
};
