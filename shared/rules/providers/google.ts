import { ADVICE, codeTable } from './table';

// Gmail names a help page in most replies, `https://support.google.com/mail/?p=<Key>`; the key
// says what the reply is about. Keys as Gmail sends them (e.g. NoSuchUser, OverQuotaPerm,
// UnsolicitedIPError, NotAuthorizedError, DmarcRejection, MaxSizeError, IPv6AuthError, BadRcptDomain),
// the replies they come with:
// https://support.google.com/a/answer/3726730 (Gmail SMTP errors and codes).
const GMAIL_ERRORS = 'https://support.google.com/a/answer/3726730';
const SENDER_GUIDELINES = 'https://support.google.com/a/answer/81126';

export const google = codeTable('google', GMAIL_ERRORS, [
  {
    name: 'unsolicited-ip',
    reason: 'blocked',
    // The same refusal quoted without its help key (the link cut off by a relay or a log).
    codes: ['unsolicitediperror', 'unusual rate of unsolicited mail originating from your ip'],
    // Rate-limited rather than blocked is the reputation deferral (`unsolicited-rate-limit`).
    unless: ['rate limited', 'rate-limited'],
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
    remediation: ADVICE.alignAuthentication,
  },
  {
    name: 'blocked-attachment',
    reason: 'securityerror',
    codes: ['blockedmessage'],
    party: 'message',
    action: 'remove-attachment',
    explanation: 'Gmail blocked the message because an attachment or its content is a type Gmail treats as a security risk (executables, scripts, some archives).',
    remediation: ADVICE.removeAttachment,
  },
  {
    name: 'ipv6-guidelines',
    reason: 'authfailure',
    codes: ['ipv6autherror'],
    party: 'sender',
    action: 'fix-authentication',
    explanation: "Gmail refused mail sent over IPv6 because it did not meet Gmail's IPv6 rules: a PTR record for the sending address and passing SPF or DKIM.",
    remediation: 'Sign with DKIM, make SPF cover the sending IPv6 range and give it a PTR record; or send over IPv4.',
  },
  {
    name: 'too-large',
    reason: 'mesgtoobig',
    codes: ['maxsizeerror'],
    party: 'message',
    action: 'shrink-message',
    explanation: "The message is larger than Gmail accepts (about 25 MB once encoded).",
    remediation: ADVICE.shrinkMessage,
  },
  {
    // Google Workspace's own sending limits, as its relay answers: "550 5.7.1 Email quota
    // exceeded", "550 5.4.5 Daily sending quota exceeded" (https://support.google.com/a/answer/166852).
    name: 'sending-quota',
    reason: 'speeding',
    codes: ['email quota exceeded'],
    status: ['5.7.1', '4.7.1', '5.4.5'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'The sending Google Workspace account went over the amount of mail Google lets it send in a day.',
    remediation: 'Wait for the daily limit to reset (up to 24 hours) and spread the sending over more time or more accounts.',
    reference: 'https://support.google.com/a/answer/166852',
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
    remediation: ADVICE.fullMailbox,
  },
  {
    name: 'disabled-user',
    reason: 'suspend',
    codes: ['disableduser'],
    party: 'recipient',
    action: 'review',
    explanation: 'The Gmail account exists but is disabled or inactive.',
    remediation: ADVICE.disabledMailbox,
  },
  {
    name: 'no-such-domain',
    reason: 'hostunknown',
    codes: ['badrcptdomain'],
    party: 'recipient',
    action: 'suppress',
    explanation: "The recipient's domain does not exist in DNS, so no mail can reach it.",
    remediation: 'Remove the address (or correct a misspelt domain) in your lists.',
  },
  {
    name: 'no-such-user',
    reason: 'userunknown',
    codes: ['nosuchuser'],
    party: 'recipient',
    action: 'suppress',
    explanation: 'Gmail has no account for this address.',
    remediation: ADVICE.deadAddress,
  },
]);
