import type { RuleFamily } from '../types';

const reason = 'contenterror';
const party = 'message';
const action = 'revise-content';

const formatAdvice =
  'Check how the message is built: well-formed MIME, a declared character set, no duplicated or oversized headers. Sending through the SES API with Simple content avoids most of these faults.';

export const contenterror: RuleFamily = {
  name: 'contenterror',
  rules: [
    {
      id: 'contenterror.attachment-name-too-long',
      reason,
      match: { text: /(?:attachment|file) ?name (?:is )?(?:too long|longer than|exceeds)|name of the attach[a-z]* (?:document |file )?is (?:too long|longer)/ },
      party,
      action,
      explanation: 'An attached file has a name longer than the receiver allows; some servers refuse names over 50 characters.',
      remediation: 'Rename the attachment to a short name (under 50 characters, extension included) and resend.',
    },
    {
      id: 'contenterror.media-error',
      reason,
      match: {
        text: /media error|message content rejected|content (?:type )?not supported|duplicate header|headers? too (?:large|long)|too many headers|invalid (?:mime|content-type|content type)|malformed (?:mime|message|header)|unsupported (?:charset|encoding|content)/,
      },
      party,
      action,
      explanation: 'The receiver could not accept the message as it was built (its encoding, MIME structure or headers).',
      remediation: formatAdvice,
    },
    {
      id: 'contenterror.status',
      reason,
      match: { status: ['5.6.', '4.6.'] },
      party,
      action,
      explanation: 'The status code (x.6.x) says the message content or its format could not be handled.',
      remediation: formatAdvice,
    },
    {
      id: 'contenterror.ses-content-rejected',
      reason,
      match: { ses: ['*/ContentRejected'] },
      party,
      action,
      explanation: 'SES reports that the receiver refused the message because of what it contains.',
      remediation: `Review the content for spam-like traits and for format faults. ${formatAdvice}`,
    },
  ],
};
