import { addressKey } from './address';
import type { SesNotification } from './notification';
import { detectProvider } from './providers';
import { classifyBounce } from './rules';
import type { Verdict } from './verdict';

type Judgement = Pick<
  Verdict,
  'reason' | 'permanence' | 'suppress' | 'party' | 'action' | 'rule' | 'confidence' | 'explanation' | 'remediation'
>;

const COMPLAINT = {
  reason: 'feedback',
  permanence: 'permanent',
  suppress: true,
  party: 'recipient',
  action: 'suppress',
  rule: 'feedback.complaint',
  confidence: 'rule',
  explanation: 'The recipient reported this message as spam to their mailbox provider.',
  remediation:
    'Stop mailing this address; complaints above 0.1% of sends put the whole account at risk. Review how the address was collected.',
} as const satisfies Judgement;

/**
 * What a complaint means, by the feedback type of the provider's report (ARF, RFC 5965 section
 * 7.3 and its IANA registry: abuse, fraud, other, virus; auth-failure from RFC 6591; not-spam
 * from RFC 6430; https://www.iana.org/assignments/marf-parameters). Only a person saying they do
 * not want the mail suppresses: `abuse`, `fraud`, `other`, and a report without a type (many
 * providers send none). `not-spam` says the opposite; `virus` and `auth-failure` are machine
 * reports about the message and the sender's authentication, not about the address.
 * A type not listed here is treated as a complaint: a person reported the message.
 */
export const COMPLAINT_FEEDBACK_TYPES: Readonly<Record<string, Judgement>> = {
  abuse: COMPLAINT,
  other: COMPLAINT,
  fraud: {
    ...COMPLAINT,
    rule: 'feedback.fraud',
    explanation: 'The recipient reported this message as fraud or phishing to their mailbox provider.',
    remediation:
      'Stop mailing this address. Check that the message cannot be mistaken for phishing, and that nobody sends in your name (DMARC reports).',
  },
  'not-spam': {
    reason: 'feedback',
    permanence: 'undetermined',
    suppress: false,
    party: 'nobody',
    action: 'review',
    rule: 'feedback.not-spam',
    confidence: 'rule',
    explanation: 'The recipient told their mailbox provider that this message is not spam (for example, moved it out of the spam folder).',
    remediation: 'Nothing to undo: keep mailing this address. If such reports are frequent, your mail is landing in spam folders.',
  },
  virus: {
    reason: 'virusdetected',
    permanence: 'undetermined',
    suppress: false,
    party: 'message',
    action: 'revise-content',
    rule: 'feedback.virus',
    confidence: 'rule',
    explanation: "The recipient's provider reported malware in this message; the address is not at fault.",
    remediation: 'Scan the message and its attachments and links, and find how malware got into your mail before sending again.',
  },
  'auth-failure': {
    reason: 'authfailure',
    permanence: 'undetermined',
    suppress: false,
    party: 'sender',
    action: 'fix-authentication',
    rule: 'feedback.auth-failure',
    confidence: 'rule',
    explanation: "The recipient's provider reported that this message failed SPF, DKIM or DMARC; the address is not at fault.",
    remediation: 'Check the SPF, DKIM and DMARC records of the sending domain, and whether someone else sends in its name.',
  },
};

/** The judgement for a complaint's feedback type; the type is compared case-insensitively, as MIME tokens are. */
function complaintJudgement(feedbackType: string | undefined): Judgement {
  const type = feedbackType?.trim().toLowerCase() ?? '';
  return Object.hasOwn(COMPLAINT_FEEDBACK_TYPES, type) ? (COMPLAINT_FEEDBACK_TYPES[type] as Judgement) : COMPLAINT;
}

/**
 * SES reports a "complaint" with sub-type OnAccountSuppressionList when it did not send the
 * message at all, because the address is on the account's suppression list. That is what a
 * bounce of the same sub-type says, so the rule module judges it; only the id and a sentence
 * tell it apart. Nobody complained, so it is not counted as a complaint.
 */
function judgeNotSent() {
  const { reason, permanence, suppress, party, action, confidence, explanation, remediation } = classifyBounce({
    bounceType: 'Permanent',
    bounceSubType: 'OnAccountSuppressionList',
  });
  return {
    reason,
    permanence,
    suppress,
    party,
    action,
    rule: 'suppressed.complaint-on-account-list',
    confidence,
    explanation: `${explanation} SES reports this as a complaint, but nobody complained about this message.`,
    remediation,
  } satisfies Partial<Verdict>;
}
let notSentSuppressed: ReturnType<typeof judgeNotSent> | undefined;
// Judged on first use: the rule module compiles its rules on its first call.
const NOT_SENT_SUPPRESSED = () => (notSentSuppressed ??= judgeNotSent());

/**
 * One verdict per bounced or complaining recipient; a Delivery yields none (it only resets
 * soft-bounce escalation, which the store handles).
 */
export function verdictsFor(notification: SesNotification): Verdict[] {
  const { mail } = notification;
  switch (notification.type) {
    case 'Bounce': {
      const { bounce } = notification;
      return bounce.bouncedRecipients.map((recipient) => {
        const classification = classifyBounce({
          diagnostic: recipient.diagnosticCode,
          status: recipient.status,
          bounceType: bounce.bounceType,
          bounceSubType: bounce.bounceSubType,
        });
        // Fields one by one rather than spread: a spread of classifications of several shapes
        // was the slowest step of building a verdict.
        const verdict: Verdict = {
          recipient: addressKey(recipient.emailAddress),
          notificationType: 'Bounce',
          reason: classification.reason,
          permanence: classification.permanence,
          suppress: classification.suppress,
          action: classification.action,
          party: classification.party,
          rule: classification.rule,
          confidence: classification.confidence,
          explanation: classification.explanation,
          remediation: classification.remediation,
          bounceType: bounce.bounceType,
          feedbackId: bounce.feedbackId,
          messageId: mail.messageId,
          timestamp: bounce.timestamp,
          provider: detectProvider({
            diagnostic: recipient.diagnosticCode,
            remoteMta: bounce.remoteMtaIp ?? bounce.reportingMTA,
            recipient: recipient.emailAddress,
          }),
          mailTimestamp: mail.timestamp,
        };
        if (classification.blocklist) verdict.blocklist = classification.blocklist;
        if (classification.reference) verdict.reference = classification.reference;
        if (classification.status) verdict.status = classification.status;
        if (classification.replyCode !== undefined) verdict.replyCode = classification.replyCode;
        if (bounce.bounceSubType) verdict.bounceSubType = bounce.bounceSubType;
        if (recipient.diagnosticCode) verdict.diagnostic = recipient.diagnosticCode;
        return verdict;
      });
    }
    case 'Complaint': {
      const { complaint } = notification;
      const judgement =
        complaint.complaintSubType === 'OnAccountSuppressionList'
          ? NOT_SENT_SUPPRESSED()
          : complaintJudgement(complaint.complaintFeedbackType);
      return complaint.complainedRecipients.map((recipient) => {
        const verdict: Verdict = {
          recipient: addressKey(recipient.emailAddress),
          notificationType: 'Complaint',
          ...judgement,
          feedbackId: complaint.feedbackId,
          messageId: mail.messageId,
          timestamp: complaint.timestamp,
          // A complaint comes through the recipient's provider's feedback loop.
          provider: detectProvider({ recipient: recipient.emailAddress }),
          mailTimestamp: mail.timestamp,
        };
        if (complaint.complaintFeedbackType) verdict.complaintFeedbackType = complaint.complaintFeedbackType;
        return verdict;
      });
    }
    case 'Delivery':
      return [];
  }
}
