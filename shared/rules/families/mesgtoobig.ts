import type { RuleFamily } from '../types';

const explanation =
  'The message is bigger than the receiving server accepts. Limits vary by provider (Rackspace takes up to 50 MB, Gmail 25 MB, many corporate servers 10 MB), and base64 encoding makes attachments about a third larger than the files themselves.';
const remediation =
  'You (the sender) must make the message smaller: send large files as download links, compress images, and keep the encoded total under the receiver\'s limit (under 10 MB is safe almost everywhere), then resend.';

export const mesgtoobig: RuleFamily = {
  name: 'mesgtoobig',
  rules: [
    {
      id: 'mesgtoobig.size-limit',
      reason: 'mesgtoobig',
      match: {
        text: /message (?:size )?(?:exceeds|is too (?:large|big)|too (?:large|big)|is larger than)|exceeds (?:the )?(?:maximum|max|fixed|allowed) (?:message )?size|size (?:limit )?exceeded|(?:message|mail) too (?:large|big)|too large for/,
      },
      party: 'message',
      action: 'shrink-message',
      explanation,
      remediation,
    },
    {
      id: 'mesgtoobig.status',
      reason: 'mesgtoobig',
      match: { status: ['5.3.4', '4.3.4'] },
      party: 'message',
      action: 'shrink-message',
      explanation,
      remediation,
    },
    {
      id: 'mesgtoobig.ses',
      reason: 'mesgtoobig',
      match: { ses: ['*/MessageTooLarge'] },
      party: 'message',
      action: 'shrink-message',
      explanation,
      remediation,
    },
  ],
};
