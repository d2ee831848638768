import { addressKey } from './address';
import type { SesNotification } from './notification';
import { detectProvider } from './providers';
import { classifyBounce } from './rules';
import type { Verdict } from './verdict';

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
} as const satisfies Partial<Verdict>;

/**
 * SES reports a "complaint" with sub-type OnAccountSuppressionList when it did not send the
 * message at all, because the address is on the account's suppression list. That is what a
 * bounce of the same sub-type says, so the rule module judges it; only the id and a sentence
 * tell it apart. Nobody complained, so it is not counted as a complaint.
 */
const NOT_SENT_SUPPRESSED = (() => {
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
})();

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
      const judgement = complaint.complaintSubType === 'OnAccountSuppressionList' ? NOT_SENT_SUPPRESSED : COMPLAINT;
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
