import { ADVICE, codeTable } from './table';

// Mimecast's documented refusals, each answered with a link to its error-code article
// (community.mimecast.com/docs/DOC-1369): https://mimecastsupport.zendesk.com/hc/en-us/articles/34000709564691-Policies-Mimecast-SMTP-Error-Codes
// ("Envelope blocked" by a user's or administrator's Blocked Senders entry, "header based
// Anti-Spoofing policy", "Email rejected due to security policies", "Internal resource
// temporarily unavailable" for greylisting, "Open relay not allowed", "Unable to process
// connection at this time", "Poor Reputation Sender" from csi.mimecast.org).
const MIMECAST_CODES = 'https://mimecastsupport.zendesk.com/hc/en-us/articles/34000709564691-Policies-Mimecast-SMTP-Error-Codes';

export const mimecast = codeTable('mimecast', MIMECAST_CODES, [
  {
    name: 'blocked-sender',
    reason: 'rejected',
    codes: ['envelope blocked', 'blocked senders', 'sender address blocked'],
    party: 'recipient',
    action: 'contact-recipient',
    explanation: "The recipient (or their administrator) put your address or domain on their Blocked Senders list in Mimecast.",
    remediation: 'Only the recipient side can lift it: ask the recipient to remove you from their blocked senders, or stop mailing them.',
  },
  {
    name: 'anti-spoofing',
    reason: 'policyviolation',
    codes: ['anti-spoofing policy'],
    party: 'sender',
    action: 'contact-recipient',
    explanation: "The recipient's Mimecast policy refuses outside mail that uses the recipient organisation's own domain (or one it protects) as the sender.",
    remediation: "Send from your own domain; if the mail is meant to use theirs, their administrator must add an exception for your sending IPs.",
  },
  {
    name: 'security-policy',
    reason: 'policyviolation',
    codes: ['email rejected due to security policies'],
    party: 'sender',
    action: 'contact-recipient',
    explanation: "The recipient's Mimecast security policy refused the message.",
    remediation: "Ask the recipient's administrator which policy it hit; they can permit your mail.",
  },
  {
    name: 'poor-reputation',
    reason: 'blocked',
    codes: ['csi.mimecast.org'],
    party: 'sender',
    action: 'review',
    explanation: "Mimecast's reputation check rated the sending IP poorly and refused it.",
    remediation: "Check the IP on the public blocklists and fix what they name; the recipient's administrator can also permit your IP in Mimecast.",
  },
  {
    name: 'greylisting',
    reason: 'greylisting',
    codes: ['internal resource ... temporarily unavailable'],
    party: 'nobody',
    action: 'retry',
    explanation: 'Mimecast deferred a first attempt from an unfamiliar sender (greylisting); a retry a few minutes later is accepted.',
    remediation: 'Nothing to fix: retries deliver the message.',
  },
  {
    name: 'open-relay',
    reason: 'norelaying',
    codes: ['open relay not allowed'],
    party: 'infrastructure',
    action: 'review',
    explanation: "Mimecast does not handle mail for the recipient's domain through this route, so it refused to relay it.",
    remediation: "The recipient domain's MX records or Mimecast setup are wrong; tell the recipient if the address matters.",
  },
  {
    name: 'busy',
    reason: 'systemerror',
    codes: ['unable to process connection at this time'],
    party: 'infrastructure',
    action: 'retry',
    explanation: 'The Mimecast server was at full load and turned the connection away for now.',
    remediation: ADVICE.retryLater,
  },
]);
