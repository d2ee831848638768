import type { BounceRule, RuleFamily } from '../types';
import type { Blocklist } from '../../verdict';

const SPAMHAUS_LOOKUP = 'https://www.spamhaus.org/lookup/';

const listExplanation = (list: string) =>
  `The receiving server checked your sending IP or domain against ${list} and refused the message because it is listed there.`;

const delistRemediation = (where: string) =>
  `You (the sender) must get the listing removed: look the IP or domain up at ${where}, fix the cause it names, then request removal. With SES shared IPs, open an AWS Support case instead; with dedicated IPs or your own domain, the request is yours. Until then, the recipient may safelist you.`;

function listRule(id: string, text: RegExp, blocklist: Blocklist, explanation: string, remediation?: string): BounceRule {
  return {
    id,
    reason: 'blocked',
    match: { text },
    party: 'sender',
    action: 'request-delisting',
    explanation,
    remediation: remediation ?? delistRemediation(blocklist.delistUrl),
    blocklist,
  };
}

const contactRecipient = {
  reason: 'blocked',
  party: 'sender',
  action: 'contact-recipient',
} as const;

export const blocked: RuleFamily = {
  name: 'blocked',
  rules: [
    listRule(
      'blocked.spamhaus-pbl',
      /pbl\.spamhaus|spamhaus pbl|policy block ?list/,
      { name: 'Spamhaus PBL', delistUrl: SPAMHAUS_LOOKUP },
      'The sending IP is on the Spamhaus Policy Block List, which names address ranges that should not send mail directly to the internet.',
      `A safelist entry at the recipient does not override the PBL; only removal helps. You (the sender) must look the IP up at ${SPAMHAUS_LOOKUP} and follow the removal steps, or ask the owner of the IP range to do so; with SES shared IPs, open an AWS Support case.`,
    ),
    listRule(
      'blocked.spamhaus-xbl',
      /xbl\.spamhaus|spamhaus xbl|exploits block ?list|cbl\.abuseat/,
      { name: 'Spamhaus XBL', delistUrl: SPAMHAUS_LOOKUP },
      'The sending IP is on the Spamhaus Exploits Block List: something on it behaved like a hijacked or infected machine.',
    ),
    listRule(
      'blocked.spamhaus-sbl',
      /sbl\.spamhaus|spamhaus sbl|spamhaus block ?list/,
      { name: 'Spamhaus SBL', delistUrl: SPAMHAUS_LOOKUP },
      'The sending IP is on the Spamhaus Block List of known spam sources and spam operations.',
    ),
    listRule(
      'blocked.spamhaus-dbl',
      /dbl\.spamhaus|spamhaus dbl|domain block ?list/,
      { name: 'Spamhaus DBL', delistUrl: SPAMHAUS_LOOKUP },
      'A domain in the message or envelope is on the Spamhaus Domain Block List.',
    ),
    listRule(
      'blocked.spamhaus',
      /spamhaus/,
      { name: 'Spamhaus ZEN', delistUrl: SPAMHAUS_LOOKUP },
      listExplanation('the Spamhaus blocklists (ZEN combines SBL, XBL, PBL and CSS)'),
    ),
    listRule(
      'blocked.cloudmark',
      /cloudmark|cmrbl/,
      { name: 'Cloudmark CSI', delistUrl: 'https://csi.cloudmark.com/reset-request' },
      listExplanation('Cloudmark Sender Intelligence (now run by Proofpoint)'),
    ),
    listRule(
      'blocked.senderscore',
      /senderscore|sender score/,
      { name: 'Validity Senderscore RTBL', delistUrl: 'https://senderscore.org/rtbl/' },
      listExplanation("Validity's Senderscore real-time blocklist"),
    ),
    listRule(
      'blocked.spamcop',
      /spamcop/,
      { name: 'SpamCop', delistUrl: 'https://spamcop.net/bl.shtml' },
      listExplanation('the SpamCop blocklist, which lists IPs that recipients reported for spam'),
      'SpamCop listings expire by themselves about 24 hours after the last spam report, so the fix is to stop whatever drew the reports (unexpected or unwanted mail) and wait; check the status at https://spamcop.net/bl.shtml. The recipient may safelist you meanwhile.',
    ),
    listRule(
      'blocked.barracuda',
      /barracudacentral|barracuda reputation|b\.barracuda/,
      { name: 'Barracuda Reputation Block List', delistUrl: 'https://www.barracudacentral.org/lookups' },
      listExplanation('the Barracuda Reputation Block List'),
    ),
    listRule(
      'blocked.uceprotect',
      /uceprotect/,
      { name: 'UCEPROTECT', delistUrl: 'https://www.uceprotect.net/en/rblcheck.php' },
      listExplanation('UCEPROTECT, which can list a single IP (level 1) or the whole network it sits in (levels 2 and 3)'),
    ),
    listRule(
      'blocked.proofpoint',
      /ipcheck\.proofpoint|proofpoint dynamic reputation/,
      { name: 'Proofpoint Dynamic Reputation', delistUrl: 'https://ipcheck.proofpoint.com/' },
      listExplanation('Proofpoint dynamic reputation'),
    ),
    listRule(
      'blocked.abusix',
      /abusix/,
      { name: 'Abusix Mail Intelligence', delistUrl: 'https://lookup.abusix.com/' },
      listExplanation('the Abusix blocklists'),
    ),
    listRule(
      'blocked.microsoft',
      /sender\.office\.com|banned sending ip|part of their network is on our block ?list|\bs3150\b/,
      { name: 'Microsoft (Outlook.com / Exchange Online)', delistUrl: 'https://sender.office.com/' },
      'Microsoft (Outlook.com, Hotmail or Exchange Online) has the sending IP on its own block list.',
      'You (the sender) must submit the IP at https://sender.office.com/ and confirm by email; for SES shared IPs, open an AWS Support case. Enrol in Microsoft SNDS to watch the IP afterwards.',
    ),
    listRule(
      'blocked.cox',
      /cox\.com\/[a-z/]{0,40}error-codes|aup#cdrbl|aup#rbl/,
      { name: 'Cox Communications', delistUrl: 'https://www.cox.com/residential/support/email-error-codes.html' },
      'Cox refused the sender because its reputation filter lists your IP or domain.',
    ),
    {
      id: 'blocked.sorbs',
      reason: 'blocked',
      match: { text: /sorbs/ },
      party: 'sender',
      action: 'contact-recipient',
      explanation:
        'The receiver still consults SORBS, a blocklist that shut down in 2024, so its data is stale and no delisting process exists.',
      remediation:
        "Ask the recipient's mail administrator to drop SORBS from their server configuration; meanwhile they can safelist your domain.",
    },
    {
      ...contactRecipient,
      id: 'blocked.recipient-domain',
      match: {
        text: /blocklisted at the domain level|blocked at the domain level|domain(?:-| )level (?:block|black|deny) ?list/,
      },
      explanation:
        "An administrator of the recipient's domain put your address or domain on the domain-wide block list.",
      remediation:
        "Only the recipient side can lift it: ask the recipient to have their administrator remove you from the domain's block list, or to safelist you for their own mailbox.",
    },
    {
      ...contactRecipient,
      id: 'blocked.receiver-internal',
      match: {
        text: /blocked internally|(?:internal|local|private) (?:block|black|deny) ?list|on our (?:block|black) ?list|blocked for abuse/,
      },
      explanation: 'The receiving organisation blocks your sending IP on a list of its own rather than a public one.',
      remediation:
        'There is no public delisting form. Ask the recipient (or their mail administrator) to safelist your sending IP, domain or address, and check your complaint and bounce rates for what triggered it.',
    },
    {
      id: 'blocked.dnsbl',
      reason: 'blocked',
      match: {
        text: /blocked using|client host rejected: blocked|listed (?:at|in|on|by) (?:the )?(?:rbl|dnsbl|[a-z0-9-]+\.[a-z0-9.-]+)|(?:rbl|dnsbl) (?:restriction|listed|reject)|(?:black|block)listed (?:by|on|in) |on (?:a|the) (?:block|black) ?list/,
      },
      party: 'sender',
      action: 'request-delisting',
      explanation: 'The receiver refused the message because your sending IP or domain appears on a DNS blocklist.',
      remediation:
        'You (the sender) must find which list it is (the diagnostic usually names it or links to it), check the IP or domain on that list, fix the cause and ask for removal. With SES shared IPs, open an AWS Support case.',
    },
    {
      ...contactRecipient,
      id: 'blocked.connection-refused',
      match: { text: /not accepting connections|service refuse|client host rejected/ },
      explanation: 'The receiving server refused to talk to your sending server at all, which it does for senders it distrusts.',
      remediation:
        'Retry later once; if it persists, ask the recipient to check why their server refuses your IP, and check your IP and domain on the public blocklists.',
    },
    {
      id: 'blocked.status',
      reason: 'blocked',
      match: { status: ['5.7.606', '5.7.511', '5.7.510'] },
      party: 'sender',
      action: 'request-delisting',
      explanation: "Microsoft's status code says your sending IP is banned by its own block list.",
      remediation: 'Submit the IP for delisting at https://sender.office.com/; for SES shared IPs, open an AWS Support case.',
      blocklist: { name: 'Microsoft (Outlook.com / Exchange Online)', delistUrl: 'https://sender.office.com/' },
    },
  ],
};

/**
 * A permanent refusal at the start of the SMTP conversation, before the sender or recipient was
 * named: it can only be about the connecting IP. Generic, so it comes late in the precedence
 * (see `rules/index.ts`), after every family that names a cause.
 */
export const blockedAtConnection: RuleFamily = {
  name: 'connection',
  rules: [
    {
      ...contactRecipient,
      id: 'connection.refused',
      match: {
        text: /after (?:initial connection|connect|ehlo|helo|greeting)\b|in reply to (?:ehlo|helo) command|(?:smtp )?greeting (?:failure|rejected)|banner/,
        replyCode: [550, 553, 554, 521],
      },
      explanation:
        'The receiving server refused your sending server when it connected, before it saw the sender or any recipient: the refusal is about your sending IP (a private block list, its reputation, its reverse DNS), not about the recipient.',
      remediation:
        "Check your sending IP on the public blocklists and its reverse DNS. If it is clean, ask the recipient's mail administrator why your IP is refused; with SES shared IPs, open an AWS Support case if it persists.",
    },
  ],
};
