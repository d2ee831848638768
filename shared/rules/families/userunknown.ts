import type { RuleFamily } from '../types';

const reason = 'userunknown';
const party = 'recipient';
const action = 'suppress';

const explanation = 'The receiving server says this mailbox does not exist.';
const remediation =
  'Stop mailing this address. If it came from a form, check it for typos and ask the person for a corrected one.';

export const userunknown: RuleFamily = {
  name: 'userunknown',
  rules: [
    {
      id: 'userunknown.split-routing',
      reason,
      match: { text: /split domain routing.{0,120}(?:does not exist|not found|unknown|permanent)/ },
      party,
      action,
      explanation:
        "The recipient's domain splits its mailboxes between two mail systems, and the second one (the external server) says this mailbox does not exist there either.",
      remediation: `Check the address for misspellings. ${remediation}`,
    },
    {
      id: 'userunknown.not-on-system',
      reason,
      match: { text: /(?:address|recipient|domain) (?:\(and domain\) |and domain )?(?:does not|doesn't) exist (?:on|in) (?:our|this) (?:system|server)/ },
      party,
      action,
      explanation: 'The receiving provider has neither this address nor its domain on its system.',
      remediation: `Check the address, and especially the domain, for misspellings. ${remediation}`,
    },
    {
      id: 'userunknown.not-in-hosted-domain',
      reason,
      match: { text: /user unknown in (?:virtual|local|relay) (?:mailbox|alias|recipient) table|does not exist (?:in|at) (?:the |this )?hosted domain|recipient address rejected: (?:user unknown|undeliverable address|unknown user)/ },
      party,
      action,
      explanation: "The recipient's domain is hosted on the receiving server, but this address is not one of its mailboxes, lists or aliases.",
      remediation: `${remediation} If the address should exist, the recipient's administrator must create it.`,
    },
    {
      id: 'userunknown.not-in-directory',
      reason,
      // HCL (Lotus) Domino looks recipients up in its directory and words the miss in the
      // server's language; the Japanese text says "cannot be found in the Domino directory".
      match: { text: /not listed in (?:the )?(?:domino|public|global) (?:directory|address book)|domino ディレクトリには見つかりません/ },
      party,
      action,
      explanation: "The receiving server looked the address up in its organisation's directory and found no such person.",
      remediation: `${remediation} If the person should be there, their administrator must add them to the directory.`,
    },
    {
      id: 'userunknown.no-such-user',
      reason,
      match: {
        text: /(?:user|mailbox|recipient|address|account|addressee)(?: name)? (?:is )?(?:unknown|not found|does not exist|doesn't exist|not exist|invalid)|no such (?:user|mailbox|recipient|address|account)|unknown (?:user|recipient|mailbox|address|account|local part)|invalid (?:recipient|mailbox|user)|no mailbox here|address not found|account that you tried to reach does not exist|(?:doesn't|does not) have an? [a-z0-9.-]+ account|invalid final delivery userid|recipientnotfound/,
      },
      party,
      action,
      explanation,
      remediation,
    },
    {
      id: 'userunknown.address-rejected',
      reason,
      match: { text: /address rejected(?: [^ ]+@| ?\.|$)|recipient address(?:es)? rejected ?: access denied/ },
      party,
      action,
      explanation: 'The receiving server refused the recipient address itself, which servers do for addresses they do not host.',
      remediation,
    },
    {
      id: 'userunknown.mailbox-unavailable',
      reason,
      match: { text: /mailbox (?:is )?(?:unavailable|not available)/ },
      party,
      action,
      explanation: 'The server answered "mailbox unavailable", which on a permanent reply almost always means the address does not exist.',
      remediation,
    },
    {
      id: 'userunknown.status',
      reason,
      match: { status: ['5.1.1', '4.1.1', '5.1.3'] },
      party,
      action,
      explanation: 'The status code says the mailbox does not exist (x.1.1) or the address is malformed (5.1.3).',
      remediation,
    },
    {
      id: 'userunknown.ses-noemail',
      reason,
      match: { ses: ['Permanent/NoEmail'] },
      party,
      action,
      explanation: 'SES reports that the recipient address does not exist.',
      remediation,
    },
  ],
};
