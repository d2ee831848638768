import type { Phrase } from '../types';

/**
 * Veto phrases (`match.unless`) shared by the recipient-side families.
 *
 * Receivers reuse the words of a dead or full mailbox for refusals that are about the
 * *sender*: "Sender address rejected: User unknown" is the sender's own address failing the
 * receiver's check, and "550 5.1.1 ... blocked using zen.spamhaus.org" is a blocklist behind a
 * recipient code. A rule that would suppress an address must step aside when the text names such
 * a cause, so that a sender-side family or the evidence stage decides instead.
 */

/**
 * Words showing that the address refused is the envelope sender (MAIL FROM, RFC 5321 §3.3),
 * in the languages receivers answer in.
 */
export const SENDER_ADDRESS: readonly Phrase[] = [
  'sender address',
  "sender's address",
  'sender domain',
  "sender's domain",
  'sender verif*',
  'verify sender',
  'verification of sender',
  'sender rejected',
  'unknown sender',
  'sender unknown',
  'envelope sender',
  'envelope from',
  'mail from',
  'return path',
  'return-path',
  'from address',
  'from domain',
  // de, fr, es, pt, it, nl, pl, ru
  'absender*',
  'expéditeur*',
  'expediteur*',
  'remitente*',
  'remetente*',
  'mittente*',
  'afzender*',
  'nadawc*',
  'отправител*',
  // ja, zh, ko (no word boundaries in the first two)
  '送信者',
  '差出人',
  '发件人',
  '發件人',
  '寄件人',
  '발신자*',
  '보낸 사람*',
];

/**
 * RFC 5321's vague text for 550 ("Requested action not taken: mailbox unavailable") and its
 * variants. It says only that the mailbox took nothing: the status code or the words beside it
 * say why (x.2.1 disabled, x.2.2 full), and only without either is it a dead address.
 */
export const MAILBOX_UNAVAILABLE: readonly Phrase[] = [
  'mailbox unavailable',
  'mailbox is unavailable',
  'mailbox not available',
  'mailbox is not available',
  'mailbox currently unavailable',
];

/**
 * Words naming a cause other than a dead or full mailbox: the sending host and its reputation,
 * authentication, relaying, site policy, rates, greylisting, and the message's content. Vague
 * recipient wordings ("mailbox unavailable", "recipient address rejected") say nothing once one
 * of these is present.
 */
export const OTHER_CAUSE: readonly Phrase[] = [
  ...SENDER_ADDRESS,
  'client host',
  'client ip',
  'sender ip',
  'sending ip',
  'your ip',
  'ip address',
  'helo',
  'ehlo',
  'reverse dns',
  'ptr',
  'spf',
  'dkim',
  'dmarc',
  'authenticat*',
  'blacklist*',
  'blocklist*',
  'black list*',
  'block list*',
  'blocked',
  'dnsbl',
  'rbl',
  'spam*',
  'virus*',
  'reputation',
  'relay*',
  'policy',
  'policies',
  'prohibited',
  'rate limit*',
  'too many',
  'throttl*',
  'greylist*',
  'graylist*',
];
