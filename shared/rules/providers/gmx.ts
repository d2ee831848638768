import { ADVICE, codeTable } from './table';

// GMX and WEB.DE (and the other United Internet brands on the same "Nemesis" servers) end each
// refusal with a link to an explanation page whose `c=` parameter names the case:
// https://postmaster.gmx.net/en/error-messages (e.g. c=rdns for missing reverse DNS, c=poli for
// a policy refusal, c=r0201 for an IP on a block list); the pages https://postmaster.web.de/de/fehlermeldungen
// describe the same cases.
const GMX_ERRORS = 'https://postmaster.gmx.net/en/error-messages';

export const gmx = codeTable('gmx', GMX_ERRORS, [
  {
    name: 'block-listed-ip',
    reason: 'blocked',
    codes: ['c=r0201', 'ip address is block listed'],
    party: 'sender',
    action: 'request-delisting',
    explanation: 'GMX/WEB.DE refused the connection because the sending IP is on a block list it uses.',
    remediation: 'Open the explanation link in the bounce: it names the list and how to get off it; with SES shared IPs, open an AWS Support case.',
  },
  {
    name: 'no-reverse-dns',
    reason: 'requireptr',
    codes: ['c=rdns'],
    party: 'infrastructure',
    action: 'review',
    explanation: 'GMX/WEB.DE requires a reverse DNS (PTR) record for the sending IP that matches its forward DNS, and found none.',
    remediation: ADVICE.publishPtr,
  },
  {
    // "Requested action not taken: mailbox unavailable / invalid DNS MX or A/AAAA resource
    // record": the sender's domain has no usable MX or address record, so GMX cannot reply to it.
    name: 'sender-domain-dns',
    reason: 'rejected',
    codes: ['invalid dns mx or a/aaaa resource record', 'invalid dns mx or a resource record'],
    party: 'sender',
    action: 'fix-sender-address',
    explanation: 'GMX/WEB.DE checked the domain of the sending address and found no valid MX or A/AAAA record for it.',
    remediation: 'Publish an MX (or A/AAAA) record for the MAIL FROM domain; on SES, use a custom MAIL FROM domain whose MX points to SES.',
  },
  {
    name: 'policy',
    reason: 'policyviolation',
    codes: ['c=poli*'],
    party: 'sender',
    action: 'review',
    explanation: 'GMX/WEB.DE refused the message under its e-mail policy (for example invalid headers, a bad delivery quota of unknown recipients, or a changing HELO name).',
    remediation: 'Open the explanation link in the bounce for the exact rule and fix the sending setup; GMX\'s contact form unblocks after that.',
  },
]);
