import type { RuleFamily } from '../types';

const remediation =
  'Nothing to retry: SES did not attempt delivery. Keep the address suppressed unless the person confirms it works again; then remove it from the suppression list in the SES console or with the SESv2 DeleteSuppressedDestination call.';

export const suppressed: RuleFamily = {
  name: 'suppressed',
  rules: [
    {
      id: 'suppressed.ses-global-list',
      reason: 'suppressed',
      match: { ses: ['Permanent/Suppressed'] },
      party: 'recipient',
      action: 'suppress',
      explanation:
        'SES did not send: the address is on the SES global suppression list because it recently hard-bounced for some SES sender.',
      remediation,
      authoritative: true,
    },
    {
      id: 'suppressed.ses-account-list',
      reason: 'suppressed',
      match: { ses: ['Permanent/OnAccountSuppressionList'] },
      party: 'recipient',
      action: 'suppress',
      explanation:
        'SES did not send: your own account-level suppression list holds this address after an earlier bounce or complaint.',
      remediation,
      authoritative: true,
    },
    {
      id: 'suppressed.ses-unsubscribed',
      reason: 'suppressed',
      match: { ses: ['Permanent/UnsubscribedRecipient'] },
      party: 'recipient',
      action: 'suppress',
      explanation: 'SES did not send: the recipient unsubscribed through SES list management for this topic.',
      remediation:
        'Respect the unsubscribe. Only mail this person again on topics they are still subscribed to, or after they opt back in.',
      authoritative: true,
    },
    {
      id: 'suppressed.ses-text',
      reason: 'suppressed',
      // SES's own wording when it skips an address: "Amazon SES has suppressed sending to this
      // address because it has a recent history of bouncing as an invalid address" (global list)
      // and "Amazon SES did not send the message to this address because it is on the
      // suppression list for your account" (account list), which SES may report with
      // bounceSubType General (https://docs.aws.amazon.com/ses/latest/dg/sending-email-suppression-list.html).
      // Receivers never speak of suppression lists, and a text that says the address is not,
      // or no longer, on one does not count.
      match: {
        phrases: [
          'amazon ses has suppressed',
          'ses has suppressed sending',
          'suppression list for your account',
          'account-level suppression list',
          'account level suppression list',
          'global suppression list',
          'did not send the message to this address because it is on ... suppression list',
        ],
        unless: ['not on the ... suppression list', 'removed from the ... suppression list', 'no longer on the ... suppression list'],
      },
      party: 'recipient',
      action: 'suppress',
      explanation: 'The diagnostic is SES itself saying it skipped this address because of a suppression list.',
      remediation,
    },
  ],
};
