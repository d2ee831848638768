import { codeTable } from './table';

// iCloud Mail's replies point to its postmaster page https://support.apple.com/en-us/102322
// (formerly HT204137); "[CS01] Message rejected due to local policy" is its content/policy
// refusal. iCloud's IP blocks come from Proofpoint and are in proofpoint.ts.
const ICLOUD_POSTMASTER = 'https://support.apple.com/en-us/102322';

export const apple = codeTable('apple', ICLOUD_POSTMASTER, [
  {
    name: 'local-policy',
    reason: 'policyviolation',
    codes: ['[cs01]'],
    party: 'sender',
    action: 'review',
    explanation: "iCloud Mail refused the message under its own policy: the message or its sender did not meet iCloud's requirements for accepted mail.",
    remediation:
      "Check the message against iCloud's postmaster requirements (consent, unsubscribe link, SPF, DKIM and DMARC, consistent sending domains); if all hold, write to icloudadmin@apple.com with the bounce.",
  },
]);
