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
      match: {
        phrases: [
          'attachment name ... too long',
          'attachment name ... longer than',
          'attachment name ... exceeds',
          'attachment filename ... too long',
          'attachment file name ... too long',
          'file name ... too long',
          'filename ... too long',
          'file name ... longer than',
          'filename ... longer than',
          'name of the attach* ... too long',
          'name of the attach* ... longer',
        ],
      },
      party,
      // The fix is to the attachment itself (rename it), not to the message's content.
      action: 'remove-attachment',
      explanation: 'An attached file has a name longer than the receiver allows; some servers refuse names over 50 characters.',
      remediation: 'Rename the attachment to a short name (under 50 characters, extension included) and resend.',
    },
    {
      id: 'contenterror.media-error',
      reason,
      // RFC 3463 x.6.1 "Media not supported", x.6.2/x.6.3 conversion required, x.6.5
      // "Conversion failed"; RFC 2045-2049 (MIME) for the structure faults.
      match: {
        phrases: [
          'media error',
          'media not supported',
          'message content rejected',
          'content not supported',
          'content type not supported',
          'duplicate header',
          'header too large',
          'headers too large',
          'header too long',
          'headers too long',
          'too many headers',
          'invalid mime',
          'mime error',
          'invalid content-type',
          'invalid content type',
          'malformed mime',
          'malformed message',
          'message is malformed',
          'invalid data in message',
          'corrupt message',
          'message is corrupt',
          'malformed header',
          'unsupported charset',
          'unsupported encoding',
          'unsupported content',
          'invalid encoding',
          'conversion required',
          'conversion failed',
        ],
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
