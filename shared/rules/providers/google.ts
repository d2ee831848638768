import { codeTable } from './table';

// Gmail names a help page in most replies, `https://support.google.com/mail/?p=<Key>`; the key
// says what the reply is about. Keys as Gmail sends them (e.g. NoSuchUser, OverQuotaPerm,
// UnsolicitedIPError, NotAuthorizedError, DmarcRejection), the replies they come with:
// https://support.google.com/a/answer/3726730 (Gmail SMTP errors and codes).
const GMAIL_ERRORS = 'https://support.google.com/a/answer/3726730';
const SENDER_GUIDELINES = 'https://support.google.com/a/answer/81126';

export const google = codeTable('google', GMAIL_ERRORS, [
  {
    name: 'unsolicited-ip',
    reason: 'blocked',
    codes: ['unsolicitediperror'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'Gmail saw an unusual amount of unwanted mail from the sending IP and blocks or limits mail from it; Gmail keeps no list to be removed from.',
    remediation:
      "Stop sending to unengaged or unconfirmed addresses, keep complaint rates low (watch Google Postmaster Tools) and let the IP's reputation recover; with SES shared IPs, tell AWS Support.",
    reference: SENDER_GUIDELINES,
  },
  {
    name: 'not-authorized-ip',
    reason: 'blocked',
    codes: ['notauthorizederror'],
    party: 'infrastructure',
    action: 'review',
    explanation: 'Gmail does not accept mail sent straight from this IP (typically a residential or dynamic address); it expects such mail through a provider\'s relay.',
    remediation: 'Send through a proper relay such as SES rather than directly from this host.',
  },
  {
    name: 'unsolicited-rate-limit',
    reason: 'badreputation',
    codes: ['unsolicitedratelimiterror'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'Gmail is rate-limiting the sender because much of its recent mail looked unwanted to Gmail users.',
    remediation: 'Slow down, send only to people who asked for the mail, make unsubscribing easy, and watch the spam rate in Google Postmaster Tools.',
    reference: SENDER_GUIDELINES,
  },
  {
    name: 'unsolicited-message',
    reason: 'spamdetected',
    codes: ['unsolicitedmessageerror'],
    party: 'message',
    action: 'revise-content',
    explanation: 'Gmail judged this message to be spam and refused it.',
    remediation: 'Review the content and links (shorteners, links to listed domains, misleading subject lines) and check that SPF, DKIM and DMARC pass.',
  },
  {
    name: 'dmarc-rejection',
    reason: 'authfailure',
    codes: ['dmarcrejection'],
    party: 'sender',
    action: 'fix-authentication',
    explanation: "The message failed DMARC for its From: domain, whose policy tells receivers to reject such mail.",
    remediation: 'Sign with DKIM for the From: domain (Easy DKIM) and use a custom MAIL FROM under the same domain so SPF aligns.',
  },
  {
    name: 'blocked-attachment',
    reason: 'securityerror',
    codes: ['blockedmessage'],
    party: 'message',
    action: 'remove-attachment',
    explanation: 'Gmail blocked the message because an attachment or its content is a type Gmail treats as a security risk (executables, scripts, some archives).',
    remediation: 'Remove the attachment or share it as a link instead.',
  },
  {
    name: 'receiving-rate',
    reason: 'speeding',
    codes: ['receivingrate', 'receivingrateperm'],
    party: 'sender',
    action: 'retry',
    explanation: 'The recipient is receiving mail faster than Gmail lets one mailbox receive it.',
    remediation: 'Retry later and send fewer messages to this recipient in a short time.',
  },
  {
    name: 'over-quota',
    reason: 'mailboxfull',
    codes: ['overquotatemp', 'overquotaperm'],
    party: 'recipient',
    action: 'retry',
    explanation: "The recipient's Google storage is full, so Gmail cannot deliver.",
    remediation: 'Retry later; only the recipient can make room. A mailbox that stays full for weeks is probably abandoned.',
  },
  {
    name: 'disabled-user',
    reason: 'suspend',
    codes: ['disableduser'],
    party: 'recipient',
    action: 'review',
    explanation: 'The Gmail account exists but is disabled or inactive.',
    remediation: 'Stop mailing it unless the recipient tells you it is active again; ask for a current address.',
  },
  {
    name: 'no-such-user',
    reason: 'userunknown',
    codes: ['nosuchuser'],
    party: 'recipient',
    action: 'suppress',
    explanation: 'Gmail has no account for this address.',
    remediation: 'Remove the address from your lists; it will keep bouncing.',
  },
]);
