import { ADVICE, codeTable } from './table';

// Vade (the filter in front of OX App Suite hosted mailboxes, e.g. EarthLink) answers every
// refusal with "Connection refused/deferred" and a code that says why: OXSUS0001_1xx on the US
// platform (https://postmaster-oxsus.vadesecure.com/), OXSEU0001_1xx in the EU
// (https://postmaster-oxseu.vadesecure.com/inbound_error_codes). The code decides; the words
// "Connection refused" say nothing about the network.
const VADE_POSTMASTER = 'https://postmaster-oxsus.vadesecure.com/';
const both = (code: string) => [`oxsus0001_${code}`, `oxseu0001_${code}`];

export const vade = codeTable('vade', VADE_POSTMASTER, [
  {
    name: 'threat-list',
    reason: 'blocked',
    codes: [...both('101'), 'vade threat list'],
    party: 'sender',
    action: 'request-delisting',
    explanation: "The sending IP is on the Vade Threat Network list of IPs seen sending spam, malware or phishing.",
    remediation: "Find and stop what sent the unwanted mail, then ask Vade for removal through its postmaster page's request form; with SES shared IPs, open an AWS Support case.",
    blocklist: { name: 'Vade Threat Network', delistUrl: VADE_POSTMASTER },
  },
  {
    name: 'backend-busy',
    reason: 'systemerror',
    codes: both('102'),
    status: ['4.2.1', '4.0.0', '4.3.0'],
    party: 'infrastructure',
    action: 'retry',
    explanation: "Vade deferred the message because its own queue to the mailbox servers is too long.",
    remediation: ADVICE.retryLater,
  },
  {
    name: 'no-reverse-dns',
    reason: 'requireptr',
    codes: both('105'),
    party: 'sender',
    action: 'review',
    explanation: 'Vade refuses connections from IPs without reverse DNS.',
    remediation: ADVICE.publishPtr,
  },
  {
    name: 'too-many-connections',
    reason: 'toomanyconn',
    codes: [...both('110'), ...both('139')],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'The sending IP had more connections open to Vade, or opened them faster, than it allows.',
    remediation: 'Open fewer connections at once to this receiver; the deferred messages go through on retry.',
  },
  {
    name: 'too-many-messages',
    reason: 'speeding',
    codes: [...both('136'), ...both('140')],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'The sending IP sent Vade more messages than its rate limit allows.',
    remediation: 'Send more slowly to this receiver; the deferred messages go through on retry.',
  },
  {
    // OXSUS0001_403 (also written OXSUS001_403): the recipient does not exist (or its address
    // is malformed); Vade tells bulk senders to treat it as a hard bounce.
    name: 'unknown-recipient',
    reason: 'userunknown',
    codes: [...both('403'), 'oxsus001_403', 'oxseu001_403'],
    party: 'recipient',
    action: 'suppress',
    explanation: 'Vade answered that the recipient does not exist at the hosted mail service (or its address is malformed).',
    remediation: ADVICE.deadAddress,
  },
]);
