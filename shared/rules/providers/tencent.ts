import { codeTable } from './table';

// QQ Mail / Tencent Exmail replies and their help pages: "550 Mail content denied"
// (http://service.exmail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726, now
// https://service.mail.qq.com/detail/122/171), and the frequency limits ("Ip frequency limited",
// "Domain frequency limited", "Sender frequency limited", "Connection frequency limited",
// "Mailbox unavailable or access denied" for a recipient flooded with mail), explained at
// https://service.mail.qq.com/ (bounce help, no=1000726 and neighbours).
const QQ_HELP = 'https://service.mail.qq.com/detail/122/171';

export const tencent = codeTable('tencent', QQ_HELP, [
  {
    name: 'content-denied',
    reason: 'spamdetected',
    codes: ['mail content denied', 'no=1000726'],
    party: 'message',
    action: 'revise-content',
    explanation: "Tencent's filter judged the message content to be spam or not allowed.",
    remediation: 'Revise the content (links, wording, attachments) and avoid sending the same content in bulk to QQ addresses.',
  },
  {
    // "550 Error: MAIL FROM is mismatched with message header from address!": the envelope
    // sender and the From: header must agree at QQ Mail (Tencent's anti-spoofing rule).
    name: 'from-mismatch',
    reason: 'policyviolation',
    codes: ['mail from is mismatched with message header from'],
    party: 'sender',
    action: 'review',
    explanation: 'QQ Mail refuses messages whose envelope sender (MAIL FROM) does not match the From: header address.',
    remediation: 'Send with a From: address in the same domain as the MAIL FROM (on SES, a custom MAIL FROM domain under the From domain).',
  },
  {
    name: 'sending-frequency',
    reason: 'speeding',
    codes: ['ip frequency limited', 'domain frequency limited', 'sender frequency limited'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'The sending IP, domain or address went over the number of messages per minute, hour or day that QQ Mail accepts; it is barred for a while.',
    remediation: 'Pause, then send to QQ addresses at a lower rate.',
  },
  {
    name: 'connection-frequency',
    reason: 'toomanyconn',
    codes: ['connection frequency limited'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'The sending IP opened connections to QQ Mail faster than it allows.',
    remediation: 'Open fewer connections to QQ Mail and let the retries run.',
  },
  {
    name: 'recipient-flooded',
    reason: 'speeding',
    codes: ['mailbox unavailable or access denied'],
    party: 'sender',
    action: 'retry',
    explanation: 'The recipient got a large amount of mail in a short time, so QQ Mail refuses more for now to protect the mailbox.',
    remediation: 'Retry later; do not treat the address as dead.',
  },
]);
