import type { Blocklist } from '../../verdict';
import { ADVICE, codeTable } from './table';

// Orange (orange.fr, wanadoo.fr) writes a code OFRxxx_yyy or OFR_xxx in its replies, with a
// French and an English text that say what it means: https://postmaster.orange.fr (guidelines)
// and the codes collected at https://www.postmastery.com/orange-postmaster-smtp-error-codes-ofr/
// (OFR004_104 too many connections; OFR_999 the IP blocked for some hours for abnormal sending),
// and field replies (github.com/ActiveCampaign/smtp-field-manual, sisimai/p5-sisimai#240):
// OFR006_102 IP blocked for spamming (with Cloudmark's reset link), OFR_415/OFR004_405 invalid
// sender, OFR_416 invalid recipient, OFR_417 recipient over quota, OFR_514 message too big.
const ORANGE_POSTMASTER = 'https://postmaster.orange.fr';

const CLOUDMARK: Blocklist = { name: 'Cloudmark CSI', delistUrl: 'https://csi.cloudmark.com/reset-request' };

export const orange = codeTable('orange', ORANGE_POSTMASTER, [
  {
    name: 'spam-source',
    reason: 'blocked',
    codes: ['ofr006_102'],
    party: 'sender',
    action: 'request-delisting',
    explanation: 'Orange blocks the sending IP for spam, on the strength of its Cloudmark reputation.',
    remediation: 'Request a reset of the IP at https://csi.cloudmark.com/reset-request once the cause is fixed; with SES shared IPs, open an AWS Support case.',
    blocklist: CLOUDMARK,
  },
  {
    name: 'temporary-block',
    reason: 'blocked',
    codes: ['ofr_999'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'Orange refuses the sending IP for a few hours because its recent traffic looked abnormal (volume spikes or complaints).',
    remediation: 'Pause sending to Orange for a couple of hours, then resume at a lower, steadier rate to engaged recipients.',
  },
  {
    name: 'too-many-connections',
    reason: 'toomanyconn',
    codes: ['ofr004_104'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'Orange closed the connection because the sending IP had too many open at once; Orange allows only a few per IP.',
    remediation: 'Open very few simultaneous connections to Orange and let the retries run.',
  },
  {
    name: 'invalid-sender',
    reason: 'rejected',
    codes: ['ofr_415', 'ofr004_405'],
    party: 'sender',
    action: 'fix-sender-address',
    explanation: 'Orange refused the envelope sender address as invalid.',
    remediation: 'Send from a valid, resolvable address of your own domain (a verified custom MAIL FROM domain).',
  },
  {
    name: 'too-big',
    reason: 'mesgtoobig',
    codes: ['ofr_514'],
    party: 'message',
    action: 'shrink-message',
    explanation: 'The message is larger than Orange accepts.',
    remediation: ADVICE.shrinkMessage,
  },
  {
    name: 'mailbox-full',
    reason: 'mailboxfull',
    codes: ['ofr_417'],
    party: 'recipient',
    action: 'retry',
    explanation: "The recipient's Orange mailbox is over its quota (Orange sends this with a 5.1.1 code, but the address exists).",
    remediation: ADVICE.fullMailbox,
  },
  {
    name: 'invalid-recipient',
    reason: 'userunknown',
    codes: ['ofr_416'],
    party: 'recipient',
    action: 'suppress',
    explanation: 'Orange has no mailbox for this address.',
    remediation: ADVICE.deadAddress,
  },
]);
