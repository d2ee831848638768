import type { Blocklist } from '../../verdict';
import { ADVICE, codeRange, codeTable } from './table';

// Exchange Online / Microsoft 365 NDR codes:
// https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online
// (source: MicrosoftDocs/SupportArticles-docs, Exchange/ExchangeOnline/email-delivery/ndr/),
// and the 5.7.700-750 page fix-error-code-5-7-700-through-5-7-750.
// Outlook.com (consumer) codes S3140/S3150, SC-00x, DY-00x, OU-00x, RP-00x: the bounces point to
// https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx (formerly
// mail.live.com/mail/troubleshooting.aspx#errors); "AS" in front of the number is Microsoft's
// anti-spam tag, not an autonomous-system number (https://wordtothewise.com/2017/10/troubleshooting-and-codes).
const NDR_PAGE = 'https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online';
const OUTLOOK_COM_PAGE = 'https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx';

const EOP_LIST: Blocklist = { name: 'Microsoft 365 (Exchange Online Protection)', delistUrl: 'https://sender.office.com/' };
const OUTLOOK_COM_LIST: Blocklist = { name: 'Outlook.com', delistUrl: 'https://olcsupport.office.com/' };

const INTERNAL_ONLY = {
  reason: 'securityerror',
  party: 'recipient',
  action: 'contact-recipient',
  explanation:
    'The recipient (a group, mailbox or public folder) only accepts mail from senders inside its organisation or on its allowed list, and this sender is outside both.',
  remediation: "Nothing on the sending side changes this: ask the recipient's administrators or the group owner to accept external mail from you.",
} as const;

const NOT_IN_DIRECTORY = {
  reason: 'userunknown',
  party: 'recipient',
  action: 'suppress',
  explanation: "Microsoft 365 looked the address up in the recipient organisation's directory and no such recipient exists.",
  remediation: ADVICE.deadAddress,
} as const;

export const microsoft = codeTable('microsoft', NDR_PAGE, [
  {
    name: 'banned-sending-ip',
    reason: 'blocked',
    codes: [...codeRange('5.7.', 606, 649), '5.7.511'],
    party: 'sender',
    action: 'request-delisting',
    explanation: 'Microsoft 365 has banned the sending IP address: its filtering saw spam or abuse from it, so every Microsoft 365 domain refuses it.',
    remediation:
      'Request removal at https://sender.office.com/ (with dedicated IPs this is yours to do; with SES shared IPs, open an AWS Support case). Check first that nothing on the IP sends unwanted mail, or the ban returns.',
    blocklist: EOP_LIST,
  },
  {
    name: 'ip-not-accepted',
    reason: 'blocked',
    // The page covers 5.7.700-5.7.750: the tenant or IP over Microsoft's spam threshold.
    codes: [...codeRange('5.7.', 700, 750), 'tenant has exceeded threshold'],
    party: 'sender',
    action: 'request-delisting',
    explanation: 'Microsoft 365 does not accept traffic from the sending IP or tenant: too much of what came from it looked like spam.',
    remediation:
      'Find and stop the source of the unwanted mail, then ask for the block to be lifted at https://sender.office.com/ (or through Microsoft support when the block is on a Microsoft 365 tenant). With SES shared IPs, open an AWS Support case.',
    blocklist: EOP_LIST,
    reference: 'https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/fix-error-code-5-7-700-through-5-7-750',
  },
  {
    name: 'spam-abuse',
    reason: 'blocked',
    codes: ['5.7.501', '5.7.506'],
    party: 'sender',
    action: 'review',
    explanation: 'Microsoft 365 refused the sender for abuse: its traffic was detected as spam, or it greeted the server with a false name (HELO) the way spam bots do.',
    remediation: 'Check the sending account and host for compromise and their HELO name; Microsoft lifts account bans through its support once the cause is fixed.',
  },
  {
    name: 'banned-sender',
    reason: 'rejected',
    codes: ['5.7.502', '5.7.503'],
    party: 'sender',
    action: 'fix-sender-address',
    explanation: 'Microsoft 365 banned the sending account (the sender address) for detected spam activity.',
    remediation: 'Secure the account the mail is sent as, then ask Microsoft support to restore it; until then send as another address.',
  },
  {
    name: 'outlook-com-block-list',
    reason: 'blocked',
    codes: ['s3140', 'as3140', 's3150', 'as3150', 'sc-001', 'sc-002', 'sc-003', 'sc-004', 'dy-001', 'dy-002', 'ou-001', 'ou-002'],
    party: 'sender',
    action: 'request-delisting',
    explanation:
      'Outlook.com (Hotmail, Live, MSN) refuses the sending IP or its network on its own block list, for its reputation, dynamic-looking address space or spam-like traffic.',
    remediation:
      'Ask Outlook.com to review the IP through its sender support form (https://olcsupport.office.com/) and enrol the IP in SNDS to watch its standing; with SES shared IPs, open an AWS Support case. Fix whatever drew complaints first.',
    blocklist: OUTLOOK_COM_LIST,
    reference: OUTLOOK_COM_PAGE,
  },
  {
    name: 'temporarily-restricted',
    reason: 'badreputation',
    codes: [...codeRange('4.7.', 500, 699), ...codeRange('4.7.', 850, 899)],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'Microsoft deferred the message because the sending IP looks suspicious to it (little or poor history); it holds the IP back while it evaluates it.',
    remediation: 'Let the retries run and send more slowly to Microsoft domains; new IPs need gradual warm-up. If the deferrals last for days, look at complaint rates and list quality.',
  },
  {
    name: 'outlook-com-rate-limit',
    reason: 'speeding',
    codes: ['rp-001', 'rp-002', 'rp-003'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'Outlook.com limits how fast the sending IP may deliver, a limit it sets from the IP\'s reputation, and this message went over it.',
    remediation: 'Slow down delivery to Outlook.com domains and let the retries run; a better reputation raises the limit.',
    reference: OUTLOOK_COM_PAGE,
  },
  {
    name: 'customer-block-list',
    reason: 'blocked',
    codes: ['5.7.513', '5.7.507', 'as16012607'],
    party: 'sender',
    action: 'contact-recipient',
    explanation: "The recipient's own organisation put the sending IP on its block list in Microsoft 365; Microsoft itself does not block it.",
    remediation: "Only the recipient's administrators can lift it: ask the recipient to have the IP removed from their tenant's block list.",
  },
  {
    // Exchange Online defers new mail ("450 4.7.3 Organization queue quota exceeded", "Sender
    // queue quota exceeded") while too much of one tenant's or one sender's mail waits in its
    // queues: a throttle on the volume sent, lifted as the queues drain
    // (https://timmcmic.blog/2017/12/, "Office 365: Organization Queue Quota Exceeded"). Not a
    // mailbox quota.
    name: 'queue-quota',
    reason: 'speeding',
    codes: ['organization queue quota', 'organisation queue quota', 'sender queue quota', 'tenant queue quota'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'Microsoft 365 holds back new mail because too much mail from this organisation or sender is already waiting in its queues.',
    remediation: 'Slow down and let the queued mail drain; SES retries the deferred messages. Find what floods the queues (often mail to dead or unreachable addresses) and stop it.',
    reference: 'https://timmcmic.blog/2017/12/',
  },
  {
    // "450 4.7.9 Application queue quota exceeded": Microsoft's own queues over their limit,
    // seen during service incidents and passing on a retry
    // (https://webtitancloud.freshdesk.com/support/solutions/articles/4000229718).
    name: 'application-queue-quota',
    reason: 'systemerror',
    codes: ['application queue quota'],
    party: 'infrastructure',
    action: 'retry',
    explanation: "Microsoft 365's own mail queues were over their limit, so it deferred the message; nothing about this message or sender caused it.",
    remediation: ADVICE.retryLater,
    reference: 'https://webtitancloud.freshdesk.com/support/solutions/articles/4000229718',
  },
  {
    name: 'sender-to-recipient-rate-limit',
    reason: 'speeding',
    codes: ['5.2.121'],
    status: ['5.2.121'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'This sender sent the recipient more messages in the last hour than Microsoft 365 allows from one sender.',
    remediation: 'Send fewer messages per hour to this recipient; batch notifications instead of sending one per event.',
  },
  {
    name: 'recipient-receive-limit',
    reason: 'speeding',
    codes: ['5.2.122'],
    status: ['5.2.122'],
    party: 'sender',
    action: 'retry',
    explanation: 'The recipient received more messages in the last hour, from all senders together, than Microsoft 365 lets one mailbox receive.',
    remediation: 'Retry later; the limit resets within the hour.',
  },
  {
    name: 'recipient-limit',
    reason: 'speeding',
    codes: ['5.1.90'],
    status: ['5.1.90'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'The sending Microsoft 365 account reached its daily limit of message recipients.',
    remediation: 'Wait for the 24-hour window to pass and spread sending over more time; an unexpected limit can mean the account is compromised.',
  },
  {
    name: 'destination-tls',
    reason: 'securityerror',
    codes: [...codeRange('4.7.', 321, 325), ...codeRange('5.7.', 321, 325)],
    party: 'infrastructure',
    action: 'review',
    explanation: "The destination server failed Microsoft's TLS requirements for the domain (no STARTTLS, an expired certificate, a failed DANE or DNSSEC check, or a certificate for another host).",
    remediation: "The receiving domain's administrators must fix their server's TLS setup; tell the recipient if the address matters.",
  },
  {
    name: 'ipv6-range-limit',
    reason: 'speeding',
    codes: ['5.7.508'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'The sending IPv6 range sent more messages than Microsoft 365 accepts in a short time.',
    remediation: 'Send more slowly to Microsoft 365 domains and let the retries run.',
  },
  {
    name: 'dmarc-reject',
    reason: 'authfailure',
    codes: ['5.7.509', '5.7.515'],
    party: 'sender',
    action: 'fix-authentication',
    explanation: "The From: domain failed DMARC (neither an aligned SPF nor an aligned DKIM pass) or does not meet Microsoft's authentication requirement, and its policy says reject.",
    remediation: 'Sign with DKIM for the From: domain (Easy DKIM) and use a custom MAIL FROM under the same domain so SPF aligns; check the DMARC record.',
  },
  {
    name: 'ipv6-unauthenticated',
    reason: 'authfailure',
    codes: ['4.7.26 ... ipv6', '5.7.26 ... ipv6'],
    party: 'sender',
    action: 'fix-authentication',
    explanation: 'Microsoft 365 only accepts mail over IPv6 that passes SPF or DKIM, and this message passed neither.',
    remediation: 'Sign the message with DKIM and make sure SPF covers the sending IPs.',
  },
  {
    name: 'ipv6-no-reverse-dns',
    reason: 'requireptr',
    codes: ['5.7.25 ... ipv6'],
    party: 'infrastructure',
    action: 'review',
    explanation: 'Microsoft 365 requires a reverse DNS (PTR) record for IPv6 senders, and the sending IPv6 address has none.',
    remediation: 'Publish a PTR record for the sending IPv6 address, or send over IPv4.',
  },
  {
    name: 'from-header-invalid',
    reason: 'notcompliantrfc',
    codes: ['5.7.512'],
    party: 'message',
    action: 'revise-content',
    explanation: 'The message has no valid address in its From: header, which RFC 5322 section 3.6.2 requires and Microsoft 365 enforces.',
    remediation: 'Put one well-formed address in the From: header, e.g. `Name <news@example.com>`.',
  },
  {
    name: 'bare-line-feed',
    reason: 'notcompliantrfc',
    codes: ['5.6.11'],
    status: ['5.6.11'],
    party: 'message',
    action: 'revise-content',
    explanation: 'The message contains bare line feeds, which SMTP forbids; Microsoft 365 refuses such messages.',
    remediation: 'Make the sending code end every line with CRLF (most mail libraries do it when given the message as text, not raw bytes).',
  },
  {
    name: 'external-senders-refused',
    codes: ['5.7.12', '5.7.124', '5.7.133', '5.7.134', '5.7.135', '5.7.136'],
    status: ['5.7.12', '5.7.124', '5.7.133', '5.7.134', '5.7.135', '5.7.136'],
    ...INTERNAL_ONLY,
  },
  { name: 'authentication-required', codes: ['resolver.rst.authrequired'], ...INTERNAL_ONLY },
  {
    name: 'sender-not-authorized',
    reason: 'rejected',
    codes: ['resolver.rst.notauthorized'],
    party: 'recipient',
    action: 'contact-recipient',
    explanation: 'The recipient (usually a group) only accepts mail from senders its owners allowed, and this sender is not among them.',
    remediation: "Ask the recipient's administrators or the group owner to allow your address; nothing on the sending side changes it.",
  },
  {
    name: 'tenant-relay-denied',
    reason: 'norelaying',
    codes: ['5.7.64', '5.4.1 ... relay access denied'],
    status: ['5.7.64', '5.4.1'],
    party: 'infrastructure',
    action: 'review',
    explanation: "Microsoft 365 refused to relay: the recipient domain is not one the tenant accepts mail for, or the connector for the sending side is set up wrongly.",
    remediation: "Check that the recipient domain's MX records point at the right Microsoft 365 tenant; the recipient's administrators must fix the domain or connector setup.",
  },
  {
    name: 'account-disabled',
    reason: 'suspend',
    codes: ['accountdisabledexception', 'mapiexceptionaduserdisabled*'],
    party: 'recipient',
    action: 'review',
    explanation: 'The recipient mailbox exists in Microsoft 365 but its account is disabled.',
    remediation: 'Keep the address for now but stop mailing it if it stays disabled; ask the recipient for a current address.',
  },
  {
    name: 'mailbox-quota',
    reason: 'mailboxfull',
    codes: ['quotaexceededexception', 'mapiexceptionshutoffquotaexceeded'],
    party: 'recipient',
    action: 'retry',
    explanation: 'The recipient mailbox in Exchange is over its storage quota.',
    remediation: 'Retry later; the recipient must make room. If it stays full for weeks, the mailbox is probably abandoned.',
  },
  {
    name: 'routing-loop',
    reason: 'networkerror',
    codes: ['5.4.14'],
    status: ['5.4.14'],
    party: 'infrastructure',
    action: 'review',
    explanation: 'Exchange Online stopped a message going round in a loop, usually between forwarding rules or misconfigured connectors on the recipient side.',
    remediation: "The recipient's forwarding or connector setup must be fixed; tell the recipient if the address matters.",
  },
  {
    // 5.4.8 "MX records point to same host" (loopback MX) is a routing fault of the recipient
    // domain's DNS (NDR table above), not a missing domain: the address may well be fine.
    name: 'mx-loop',
    reason: 'networkerror',
    codes: ['5.4.8', 'mx records point to same host', 'mx points to ... same host'],
    status: ['5.4.8', '4.4.8'],
    party: 'recipient',
    action: 'review',
    explanation: "The recipient domain's MX records point back to the server that tried to deliver, so the mail would loop.",
    remediation: "The recipient's DNS must be fixed; tell the recipient another way if the address matters. Do not treat it as dead.",
  },
  {
    // 5.7.520 "Your organization does not allow external forwarding": the recipient tenant's
    // outbound spam policy refused to forward the message on.
    name: 'external-forwarding-blocked',
    reason: 'policyviolation',
    // By its words: 5.7.520 also comes with content judged spam.
    codes: ['does not allow external forwarding'],
    party: 'recipient',
    action: 'contact-recipient',
    explanation: "The recipient's Microsoft 365 organisation forwards this address outside itself, and its policy forbids external forwarding, so the message was refused at the forward.",
    remediation: "Nothing on the sending side changes this: the recipient must remove the forward or have their administrators allow it.",
  },
  {
    // 5.7.60 "Client does not have permissions to send as this sender": the account that
    // submitted the message may not use the From/MAIL FROM address (no Send As right).
    name: 'send-as-denied',
    reason: 'rejected',
    codes: ['does not have permissions to send as this sender', 'sendasdeniedexception', 'mapiexceptionsendasdenied'],
    party: 'sender',
    action: 'fix-sender-address',
    explanation: 'Exchange refused the sender address: the account that submitted the message has no right to send as that address.',
    remediation: 'Send from an address the submitting account owns, or have its administrator grant Send As (or Send on Behalf) for the address used.',
  },
  {
    name: 'message-expired',
    reason: 'expired',
    codes: ['5.4.300'],
    party: 'infrastructure',
    action: 'retry',
    explanation: 'Exchange Online could not hand the message on before it expired in the queue.',
    remediation: 'Send it again later; if it keeps expiring, the receiving side has been unreachable for a long time.',
  },
  {
    name: 'recipient-not-found',
    codes: ['resolver.adr.recipientnotfound', 'resolver.adr.recipnotfound', 'resolver.adr.exrecipnotfound', '5.7.504', '5.7.505'],
    ...NOT_IN_DIRECTORY,
  },
  {
    // 5.1.10 alone also means a null MX (RFC 7505); Microsoft's use of it says "not found".
    name: 'recipient-not-found-5-1-10',
    codes: ['5.1.10 ... not found'],
    status: ['5.1.10'],
    unless: ['null mx', 'nullmx'],
    ...NOT_IN_DIRECTORY,
  },
  {
    name: 'directory-edge-block',
    reason: 'userunknown',
    codes: ['5.4.1 ... recipient address rejected'],
    status: ['5.4.1'],
    party: 'recipient',
    action: 'suppress',
    explanation: 'Microsoft 365 refused the address at its edge because the recipient organisation\'s directory has no such recipient (Directory Based Edge Blocking).',
    remediation: ADVICE.deadAddress,
    reference: 'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/use-directory-based-edge-blocking',
  },
  {
    name: 'consumer-mailbox-unavailable',
    reason: 'userunknown',
    codes: ['5.5.0 ... mailbox unavailable'],
    status: ['5.5.0'],
    unless: ['block*', 'spam', 'policy', 'reputation', 'rate limit*'],
    party: 'recipient',
    action: 'suppress',
    explanation: 'Outlook.com or Hotmail found no mailbox for this address.',
    remediation: ADVICE.deadAddress,
  },
]);
