/**
 * The reason vocabulary. Bounce reasons follow Sisimai's names so that verdicts can be compared
 * with the reference analyser; `suppressed` and `feedback` cover what SES itself reports.
 * Each entry is the one-line meaning shown in docs and `bounces --help`.
 */
export const REASONS = {
  userunknown: 'The mailbox does not exist at the recipient domain.',
  hostunknown: 'The recipient domain does not exist or has no mail server (no MX/A record).',
  mailboxfull: 'The mailbox is over its storage quota.',
  suspend: 'The mailbox exists but is disabled, suspended or inactive.',
  hasmoved: 'The recipient has moved to another address and the old one no longer receives mail.',
  mesgtoobig: 'The message is larger than the receiving server accepts.',
  exceedlimit: 'The message exceeds a per-recipient limit other than size (e.g. too many recipients).',
  blocked: 'The sending IP or domain is on a blocklist or blocked by the receiver.',
  badreputation: 'The receiver refuses mail because the sender reputation is poor.',
  rejected: 'The receiver refuses the envelope sender (MAIL FROM) address or domain.',
  filtered: 'A filter at the recipient refused the message (a personal block or content filter).',
  authfailure: 'The message failed SPF, DKIM or DMARC checks.',
  requireptr: 'The sending IP has no valid reverse DNS (PTR) record.',
  policyviolation: 'The message broke a policy of the receiving site.',
  securityerror: 'A security requirement was not met (TLS, authentication, banned attachment).',
  spamdetected: 'The receiver classified the message content as spam.',
  virusdetected: 'The receiver found a virus or malware in the message.',
  contenterror: 'The message content or format is invalid or not accepted.',
  norelaying: 'The receiving server refused to relay for the recipient domain.',
  notaccept: 'The recipient domain does not accept mail at all (null MX).',
  notcompliantrfc: 'The message does not comply with the mail RFCs (headers, line length).',
  toomanyconn: 'The sender opened too many concurrent connections.',
  speeding: 'The sender exceeded the receiver rate limit.',
  networkerror: 'A network or DNS problem prevented delivery.',
  systemerror: 'The receiving mail system had an internal error.',
  systemfull: 'The receiving mail system is out of disk space.',
  expired: 'Delivery kept failing until the retry period ran out.',
  mailererror: 'The receiving mail program (local delivery agent) failed.',
  syntaxerror: 'The SMTP conversation had a syntax error.',
  onhold: 'Delivery is on hold; the cause is not yet known.',
  greylisting: 'The receiver deferred a first attempt from an unknown sender (greylisting); a retry is accepted.',
  undefined: 'No rule recognised the bounce.',
  suppressed: 'SES refused to send because the address is on a suppression list.',
  feedback: 'The recipient complained (marked the message as spam).',
} as const;

export type Reason = keyof typeof REASONS;
export const REASON_NAMES = Object.keys(REASONS) as [Reason, ...Reason[]];

/**
 * The only reasons that say the *address* is dead. Everything else is the sender's, the
 * message's or the network's problem, and suppressing a good recipient for it loses a customer.
 * `notaccept` counts only on a permanent (5xx) reply: a 4xx null-MX answer can be a DNS blip.
 */
export const ADDRESS_DEAD_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  'userunknown',
  'hostunknown',
  'hasmoved',
  'notaccept',
  'suppressed',
  'feedback',
]);

/**
 * Reasons that blame the sending side (IP, domain, authentication, rate, content) whatever party
 * a rule names: `requireptr` names the sending infrastructure, and one `speeding` rule names the
 * recipient's rate limit, yet none of them says the address is dead.
 */
export const SENDER_FAULT_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  'blocked',
  'badreputation',
  'authfailure',
  'requireptr',
  'spamdetected',
  'policyviolation',
  'rejected',
  'speeding',
  'toomanyconn',
  'contenterror',
  'securityerror',
  'virusdetected',
  'mesgtoobig',
  'exceedlimit',
  'notcompliantrfc',
]);

/**
 * Not a verdict's reason but a recipient status's: suppressed after repeated transient
 * bounces with no delivery between (the soft-bounce policy).
 */
export const SOFT_BOUNCE_ESCALATION = 'soft-bounce-escalation';
