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
      // RFC 3463 x.3.4 "Message too big for system"; RFC 1870 (SIZE) 552 "message size exceeds
      // fixed maximum message size"; Gmail 5.2.3 "Your message exceeded Google's message size
      // limits"; Microsoft "RESOLVER.RST.RecipSizeLimit; message too large for this recipient".
      // A full mailbox also speaks of size and limits ("Mailbox size limit exceeded",
      // "message size exceeds remaining quota"), and then it is the mailbox's state.
      match: {
        phrases: [
          'message size exceeds',
          'message size ... exceeds',
          'message exceeds ... size',
          'message is too large',
          'message is too big',
          'message too large',
          'message too big',
          'message is larger than',
          'mail too large',
          'mail too big',
          'email is too large',
          'email too large',
          'message file too big',
          'too large for',
          'too big for',
          'exceeds ... maximum message size',
          'exceeds ... maximum size',
          'exceeds the limit size',
          'exceeds ... size limit',
          'exceeded ... size limit*',
          'message size limit*',
          'size limit exceeded',
          'size exceeded',
          'mailsize',
          'recipsizelimit',
          // Aliyun: "557 The length of DATA content is achieved the maximum threshold".
          'length of data ... maximum',
          'message is too long',
          'message too long',
          'attachment* ... too long',
          'attachment* ... too large',
          'attachment* ... too big',
        ],
        unless: ['mailbox', 'quota', 'storage', 'header size', 'headers size', 'file too large', 'error writing', 'name', 'filename'],
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
