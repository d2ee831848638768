import type { BounceRule, Phrase, RuleFamily } from '../types';
import type { Blocklist } from '../../verdict';
import { SENDER_ON_OWN_LIST } from './rejected';

const SPAMHAUS_LOOKUP = 'https://www.spamhaus.org/lookup/';

const listExplanation = (list: string) =>
  `The receiving server checked your sending IP or domain against ${list} and refused the message because it is listed there.`;

const delistRemediation = (where: string) =>
  `You (the sender) must get the listing removed: look the IP or domain up at ${where}, fix the cause it names, then request removal. With SES shared IPs, open an AWS Support case instead; with dedicated IPs or your own domain, the request is yours. Until then, the recipient may safelist you.`;

/**
 * A content filter's score report names the list tests it ran ("SpamAssassin score 21.6
 * (RCVD_IN_BL_SPAMCOP_NET, URIBL_DBL...)"): the message was scored as spam, and a list hit is
 * only one of its reasons, so the list rules step aside for it.
 */
const SCORE_REPORT: readonly Phrase[] = ['spamassassin', 'spam score', 'content filter rejection'];

function listRule(id: string, phrases: readonly Phrase[], blocklist: Blocklist, explanation: string, remediation?: string): BounceRule {
  return {
    id,
    reason: 'blocked',
    match: { phrases, unless: SCORE_REPORT },
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

/**
 * Words that put a refusal on the recipient's side rather than a public list: the sender is on
 * a block list the recipient's domain or the user keeps (`rejected.recipient-blocklist`,
 * `rejected.user-blocklist`), or a list of links in the content (`spamdetected.url-blocklist`).
 * The generic list rules below step aside for them.
 */
const notPublicList: readonly Phrase[] = [
  'user level', 'user-level', 'domain level', 'domain-level', 'recipient*', "user's", "domain's", 'organization', 'organisation', 'personal',
  'blocked senders', 'blocked sender list', 'sender address', 'sender domain', 'from address', 'email address',
  'file extension*', 'attachment*',
  'ivmuri', 'your address', 'sender <', 'user in blacklist', 'black mail address', 'envelope blocked', 'uribl', 'surbl', 'url*', 'uri', 'link*', 'in the message body',
  // The sender (an address) on the receiver's own list, without a list's name: `rejected.sender-listed`.
  ...SENDER_ON_OWN_LIST,
];

/**
 * The sending IP refused, in the languages receivers answer in: "IP" (or the local word for an
 * IP address) followed by the local past participle of "blocked"/"banned"/"refused", as
 * localised Postfix/Exim access-map texts and hosted filters word it (it "indirizzo IP
 * bloccato", es/pt "IP bloqueada/bloqueado", fr "adresse IP bloquée", de "IP-Adresse
 * gesperrt/blockiert", nl "IP-adres geblokkeerd", pl "adres IP zablokowany", ru "IP-адрес
 * заблокирован", cs "IP adresa je blokována", zh "IP 被封禁/被屏蔽/被拦截", ja "IP ... 拒否/
 * ブロック", ko "IP ... 차단").
 */
const ipBlockedInOtherLanguages: readonly Phrase[] = [
  ...['bloccat*', 'bannat*', 'bloquead*', 'bloqué*', 'bloque*', 'bannie*', 'banni', 'gesperrt', 'blockiert', 'geblokkeerd', 'geblokeerd',
    'zablokowan*', 'zablokowa*', 'заблокирован*', 'блокирован*', 'blokován*', 'zablokován*', 'blokovan*',
    '被封', '封禁', '屏蔽', '拦截', '攔截', '被拒', '禁止', '拒否', 'ブロック', '차단', '거부'].map((blocked) => `ip ... ${blocked}`),
  'адрес ... заблокирован*',
  // "Your mail server <IP> was blocked": the sending server named instead of its IP.
  ...['serwer ... zablokowan*', 'serveur ... bloqué*', 'serveur ... bloque*', 'servidor ... bloquead*', 'server ... bloccat*', 'server ... geblokkeerd', 'server ... gesperrt', 'server ... blockiert', 'mailserver ... gesperrt', 'mailserver ... blockiert', 'сервер ... заблокирован*'],
];

/**
 * A block list in the languages receivers answer in ("black list" and "block list"): the
 * words Postfix, Exim and hosted filters put into localised rejection templates.
 */
const listWordsInOtherLanguages: readonly Phrase[] = [
  'liste noire', 'lista negra', 'lista nera', 'zwarte lijst', 'czarnej liście', 'czarna lista', 'sperrliste', 'schwarze liste', 'schwarzen liste',
  'černé listině', 'černá listina', 'černé listiny', 'černém seznamu',
  'черном списке', 'чёрном списке', 'черный список', 'чёрный список', 'ブラックリスト', '黑名单', '블랙리스트',
];

export const blocked: RuleFamily = {
  name: 'blocked',
  rules: [
    // Lists run by a mail filter vendor whose replies carry the vendor's own codes (Proofpoint's
    // dnsbl-lookup, Trend Micro's RBL+, Cox, Microsoft's codes) are in the provider tables
    // (`providers/*.ts`), which come first.
    // Spamhaus zones and what each lists: https://www.spamhaus.org/blocklists/ (ZEN = SBL +
    // CSS + XBL + PBL; DBL lists domains). Postfix's reject_rbl_client names the zone queried.
    listRule(
      'blocked.spamhaus-pbl',
      ['pbl.spamhaus', 'spamhaus pbl', 'spamhaus-pbl', 'policy block list', 'policy blocklist', 'spamhaus.org/pbl'],
      { name: 'Spamhaus PBL', delistUrl: SPAMHAUS_LOOKUP },
      'The sending IP is on the Spamhaus Policy Block List, which names address ranges that should not send mail directly to the internet.',
      `A safelist entry at the recipient does not override the PBL; only removal helps. You (the sender) must look the IP up at ${SPAMHAUS_LOOKUP} and follow the removal steps, or ask the owner of the IP range to do so; with SES shared IPs, open an AWS Support case.`,
    ),
    listRule(
      'blocked.spamhaus-xbl',
      ['xbl.spamhaus', 'spamhaus xbl', 'spamhaus-xbl', 'exploits block list', 'exploits blocklist', 'cbl.abuseat', 'spamhaus.org/xbl'],
      { name: 'Spamhaus XBL', delistUrl: SPAMHAUS_LOOKUP },
      'The sending IP is on the Spamhaus Exploits Block List: something on it behaved like a hijacked or infected machine.',
    ),
    listRule(
      'blocked.spamhaus-sbl',
      ['sbl.spamhaus', 'spamhaus sbl', 'spamhaus-sbl', 'spamhaus block list', 'spamhaus blocklist', 'spamhaus.org/sbl'],
      { name: 'Spamhaus SBL', delistUrl: SPAMHAUS_LOOKUP },
      'The sending IP is on the Spamhaus Block List of known spam sources and spam operations.',
    ),
    listRule(
      'blocked.spamhaus-css',
      ['css.spamhaus', 'spamhaus css', 'spamhaus-css'],
      { name: 'Spamhaus CSS', delistUrl: SPAMHAUS_LOOKUP },
      'The sending IP is on the Spamhaus CSS list, which catches IPs sending low-reputation mail such as snowshoe spam or mail from badly configured servers.',
    ),
    listRule(
      'blocked.spamhaus-dbl',
      ['dbl.spamhaus', 'spamhaus dbl', 'spamhaus-dbl', 'domain block list', 'domain blocklist', 'spamhaus.org/dbl', 'spamhaus.org/query/domain'],
      { name: 'Spamhaus DBL', delistUrl: SPAMHAUS_LOOKUP },
      'A domain in the message or envelope is on the Spamhaus Domain Block List.',
    ),
    listRule(
      'blocked.spamhaus',
      ['spamhaus'],
      { name: 'Spamhaus ZEN', delistUrl: SPAMHAUS_LOOKUP },
      listExplanation('the Spamhaus blocklists (ZEN combines SBL, XBL, PBL and CSS)'),
    ),
    // https://csi.cloudmark.com/en/reset/ : receivers quote the reset-request page.
    listRule(
      'blocked.cloudmark',
      ['cloudmark', 'cmrbl', 'cm-csi'],
      { name: 'Cloudmark CSI', delistUrl: 'https://csi.cloudmark.com/reset-request' },
      listExplanation('Cloudmark Sender Intelligence (now run by Proofpoint)'),
    ),
    listRule(
      'blocked.senderscore',
      ['senderscore', 'sender score'],
      { name: 'Validity Senderscore RTBL', delistUrl: 'https://senderscore.org/rtbl/' },
      listExplanation("Validity's Senderscore real-time blocklist"),
    ),
    // https://www.spamcop.net/bl.shtml: listings expire 24 hours after the last report.
    listRule(
      'blocked.spamcop',
      ['spamcop'],
      { name: 'SpamCop', delistUrl: 'https://spamcop.net/bl.shtml' },
      listExplanation('the SpamCop blocklist, which lists IPs that recipients reported for spam'),
      'SpamCop listings expire by themselves about 24 hours after the last spam report, so the fix is to stop whatever drew the reports (unexpected or unwanted mail) and wait; check the status at https://spamcop.net/bl.shtml. The recipient may safelist you meanwhile.',
    ),
    // Barracuda appliances quote their reputation list as "Barracuda Reputation" with a link to
    // barracudanetworks.com/reputation or barracudacentral.org.
    listRule(
      'blocked.barracuda',
      ['barracudacentral', 'barracuda reputation', 'b.barracuda', 'barracudanetworks.com/reputation', 'brbl'],
      { name: 'Barracuda Reputation Block List', delistUrl: 'https://www.barracudacentral.org/lookups' },
      listExplanation('the Barracuda Reputation Block List'),
    ),
    listRule(
      'blocked.uceprotect',
      ['uceprotect', 'backscatterer'],
      { name: 'UCEPROTECT', delistUrl: 'https://www.uceprotect.net/en/rblcheck.php' },
      listExplanation('UCEPROTECT, which can list a single IP (level 1) or the whole network it sits in (levels 2 and 3)'),
    ),
    listRule(
      'blocked.abusix',
      ['abusix'],
      { name: 'Abusix Mail Intelligence', delistUrl: 'https://lookup.abusix.com/' },
      listExplanation('the Abusix blocklists'),
    ),
    // Symantec (Broadcom) email security.cloud links its IP removal site from its refusals.
    listRule(
      'blocked.symantec',
      ['ipremoval.sms.symantec', 'symantec ... ip reputation', 'messagelabs ... blacklist*'],
      { name: 'Symantec (Broadcom) IP reputation', delistUrl: 'https://ipremoval.sms.symantec.com/' },
      listExplanation('the Symantec (Broadcom) email security.cloud IP reputation list'),
    ),
    // Cisco Secure Email (IronPort) reputation comes from Talos, formerly SenderBase.
    listRule(
      'blocked.talos',
      ['talosintelligence', 'senderbase'],
      { name: 'Cisco Talos reputation', delistUrl: 'https://talosintelligence.com/reputation_center' },
      listExplanation('Cisco Talos (SenderBase) reputation data'),
    ),
    // Invaluement's ivmSIP, ivmSIP/24 and ivmURI lists (removal: https://www.invaluement.com/removal/).
    listRule(
      'blocked.invaluement',
      ['invaluement', 'ivmsip'],
      { name: 'Invaluement', delistUrl: 'https://www.invaluement.com/removal/' },
      listExplanation("Invaluement's sender IP lists (ivmSIP, ivmSIP/24)"),
    ),
    // https://mailspike.io/ip_verify/about: bl.mailspike.net, z.mailspike.net, rep.mailspike.net.
    listRule(
      'blocked.mailspike',
      ['mailspike'],
      { name: 'Mailspike', delistUrl: 'https://mailspike.io/ip_verify' },
      listExplanation('the Mailspike blocklist'),
    ),
    // http://psbl.surriel.com/: anyone may remove an IP through the web form.
    listRule(
      'blocked.psbl',
      ['psbl', 'surriel.com'],
      { name: 'PSBL (Passive Spam Block List)', delistUrl: 'https://psbl.org/' },
      listExplanation('the Passive Spam Block List, which lists IPs that sent mail to its spam traps'),
      'PSBL lets anyone remove a listed IP at https://psbl.org/ ; find and stop what sent mail to spam traps first, or the IP is listed again. With SES shared IPs, open an AWS Support case.',
    ),
    // Junk Email Filter's Hostkarma: http://ipadmin.junkemailfilter.com/remove.php
    listRule(
      'blocked.hostkarma',
      ['hostkarma', 'junkemailfilter'],
      { name: 'Hostkarma (Junk Email Filter)', delistUrl: 'http://ipadmin.junkemailfilter.com/remove.php' },
      listExplanation('the Hostkarma blacklist of Junk Email Filter'),
    ),
    // S5H (all.s5h.net): removal is one web request from the listed IP (http://www.s5h.net/rblcheck).
    listRule(
      'blocked.s5h',
      ['s5h.net', 'usenix.org.uk'],
      { name: 'S5H', delistUrl: 'http://www.usenix.org.uk/content/rblremove' },
      listExplanation('the S5H blocklist of spam and abuse sources'),
      'S5H removes an IP when the removal page http://www.usenix.org.uk/content/rblremove is requested from that IP itself, so whoever runs the listed server must do it after stopping the abuse. With SES shared IPs, open an AWS Support case.',
    ),
    // Microsoft's own lists in words (their codes, S3150, 5.7.606-649, 5.7.708, are the
    // `microsoft` provider table's): Outlook.com "part of their network is on our block list",
    // Exchange Online "banned sending IP", "traffic not accepted from this IP", and its named
    // lists ("blocked using FBLW15 ... delist@messaging.microsoft.com").
    // https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online
    listRule(
      'blocked.microsoft',
      [
        'sender.office.com', 'banned sending ip', 'part of their network is on our block list',
        'delist@messaging.microsoft.com', 'traffic not accepted from this ip', 'mail.live.com/mail/troubleshooting',
      ],
      { name: 'Microsoft (Outlook.com / Exchange Online)', delistUrl: 'https://sender.office.com/' },
      'Microsoft (Outlook.com, Hotmail or Exchange Online) has the sending IP on its own block list.',
      'You (the sender) must submit the IP at https://sender.office.com/ and confirm by email; for SES shared IPs, open an AWS Support case. Enrol in Microsoft SNDS to watch the IP afterwards.',
    ),
    listRule(
      'blocked.cox',
      ['cox.com/ ... error-codes', 'aup#rbl'],
      { name: 'Cox Communications', delistUrl: 'https://www.cox.com/residential/support/email-error-codes.html' },
      'Cox refused the sender because its reputation filter lists your IP or domain.',
    ),
    {
      id: 'blocked.sorbs',
      reason: 'blocked',
      match: { phrases: ['sorbs'] },
      party: 'sender',
      action: 'contact-recipient',
      explanation:
        'The receiver still consults SORBS, a blocklist that shut down in 2024, so its data is stale and no delisting process exists.',
      remediation:
        "Ask the recipient's mail administrator to drop SORBS from their server configuration; meanwhile they can safelist your domain.",
    },
    {
      ...contactRecipient,
      id: 'blocked.receiver-internal',
      match: {
        phrases: [
          'blocked internally',
          ...['internal', 'local', 'private', 'our own', 'customer'].flatMap((whose) =>
            ['block list', 'blocklist', 'blacklist', 'black list', 'deny list', 'denylist'].map((list) => `${whose} ${list}`),
          ),
          'on our block list', 'on our blocklist', 'on our blacklist', 'on our black list', 'in our blacklist', 'in our block list',
          // AT&T WorldNet "550 Error. Blocked for abuse"
          // (http://worldnet.att.net/general-info/mail_info/block_enduser.html); Gmail 4.7.0 "IP not
          // in whitelist for RCPT domain" (https://support.google.com/a/answer/3726730).
          'blocked for abuse', 'spam abuse detected', 'ip not in whitelist', 'not in whitelist for',
        ],
        unless: ['user level', 'user-level', 'domain level', 'domain-level'],
      },
      explanation: 'The receiving organisation blocks your sending IP on a list of its own rather than a public one.',
      remediation:
        'There is no public delisting form. Ask the recipient (or their mail administrator) to safelist your sending IP, domain or address, and check your complaint and bounce rates for what triggered it.',
    },
    {
      ...contactRecipient,
      id: 'blocked.ip-refused',
      match: {
        // The receiver names the sending IP (or its host) as what it refuses, without a list:
        // Postfix/Rackspace "Client host rejected: The sender's mail server is blocked",
        // Haraka "Bad sender IP", Coremail "Invalid IP", Gmail 5.7.1 "The IP you're using to
        // send mail is not authorized to send email directly to our servers" (a dynamic range),
        // and Gmail's 4.7.28/5.7.28 "unusual rate of unsolicited mail ... has been blocked"
        // (https://support.google.com/a/answer/3726730); and IPs refused as dynamic or
        // residential by their generic reverse DNS name (the PBL's kind, without the list).
        phrases: [
          'sender ip address rejected', 'client ip address rejected', 'ip address rejected', 'ip rejected', 'ip is rejected',
          'ip ... is blocked', 'ip ... has been blocked', 'ip ... are blocked', 'ip ... is banned', 'ip ... has been banned',
          'ip blocked', 'ip address blocked', 'blocked ip', 'banned ip', 'ip banned', 'bad sender ip', 'bad ip', 'invalid ip',
          'ip ... is not allowed', 'ip ... is filtered', 'ip identified as spammer', 'mail server is blocked',
          'not authorized to send email directly', 'not authorized to send mail directly',
          'unusual ... unsolicited ... protect our ... sent from your ... blocked', 'unusual ... unsolicited ... protect our ... been blocked',
          'dynamic ip', 'dynamic-ip', 'dynamic address', 'dynamic ... reverse dns', 'dial-up', 'dialup', 'residential ip',
          'generic reverse dns', 'generic rdns', 'generic ptr', 'reverse dns entry contains your ip',
          'connection refused by policy', 'connection rejected by policy', 'connection ... rejected for policy reasons',
          'connection ... refused for policy reasons', 'access denied ... ip', 'black ip', 'block for spam', 'helo command rejected', 'bad helo', 'invalid helo', 'helo should be a fqdn',
          'need fully-qualified hostname', 'connections will not be accepted from', 'you are not allowed to connect', 'not allowed to connect',
          'access to this mail system has been rejected', 'access to submit messages to this e-mail system has been rejected',
          // IceWarp's intrusion prevention blocks (tarpits) an IP for a while and names the
          // trigger in brackets: "Intrusion prevention active for [IP][R]"; R RSET count, I
          // connections per minute, D a DNSBL hit, S spam score... (IceWarp's reason-code table,
          // reproduced at https://blog.softmail.co.kr/522; a pasted bounce:
          // https://github.com/zytzagoo/smtp-validate-email/issues/9).
          'intrusion prevention',
          // Daum/Kakao (hanmail.net): "421 4.4.5 CCRT <IP>: Connection refused. Server is
          // busy(RT)" is its spam centre blocking the IP for a while, whatever "busy" says
          // (Daum's reply-code list, reproduced at https://oliveit.tistory.com/39).
          'ccrt',
          // Coremail-style Chinese MTAs check the connecting host before anything else: "554
          // smtpport check error" (not a real mail server), "555 helohost error", "554 openrelay
          // check" (refused as an open relay), Coremail "IP is Hangup" (the IP suspended for a
          // while) (https://blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html,
          // https://www.icoremail.vip/support/index.php?cate_id=84).
          'smtpport check', 'helohost error', 'openrelay check', 'ip is hangup',
          // Direct-to-MX mail from addresses that should relay through their provider (the
          // PBL's kind, named by the receiver): "Client host bypassing service provider's mail
          // relay"; and "<IP> is blocked from sending" (Andrews & Arnold's CA2,
          // https://support.aa.net.uk/Sending_Email_Errors).
          'bypassing service provider', 'bypassing ... mail relay', 'is blocked from sending',
          // Libero and others refuse the IP after many unknown recipients; Korea's paran.com names
          // its IP control ("SPAM_SUSPECT:IP_CONTROL", https://puffinknight.tistory.com/102).
          'too many invalid recipients', 'ip_control', 'no access for this ip', 'ip in prison',
          // Directory-harvest protection refuses the IP that probes many addresses.
          'dictionary attack', 'directory harvest',
          ...ipBlockedInOtherLanguages,
          // The HELO/EHLO name the sending host gave was refused (Postfix
          // reject_non_fqdn_helo_hostname, Microsoft 5.7.506 "Bad HELO").
        ],
        unless: ['reputation', 'spf', 'dkim', 'dmarc', 'permitted sender', 'designate*', 'rate limit*', 'uribl', 'surbl'],
      },
      explanation:
        'The receiving server refuses your sending server itself (its IP, the address range it sits in, or the name it gave in HELO), by a filter of its own rather than a public list it names.',
      remediation:
        "Check the sending IP on the public blocklists (Spamhaus, Barracuda, SpamCop) in case the receiver uses one silently, and check that the sending host has a proper name (not a generic or dynamic-looking one). If all is clean, ask the recipient's mail administrator to unblock the IP; with SES shared IPs, open an AWS Support case if it persists.",
    },
    {
      id: 'blocked.dnsbl',
      reason: 'blocked',
      match: {
        // The ways MTAs report a DNSBL hit: Postfix "blocked using <zone>", Exim "is listed at
        // <zone>" / "is in a black list at", sendmail "Rejected: ... listed at <zone>" and
        // "refused by blackhole site", Exchange "found on a block list", and "RBL"/"DNSBL".
        phrases: [
          'blocked using', 'blocked by zen', 'rejected using', 'is listed at', 'listed at', 'listed in the rbl', 'in an rbl',
          'rbl', 'dnsbl', 'realtime block list', 'real-time block list', 'realtime blackhole', 'blackhole site',
          'refused by blackhole', 'in a black list at', 'in a blacklist at', 'found in dns blacklist', 'found in ... dnsbl',
          'listed by the lookup site', 'found on a block list', 'ip black listed',
        ],
        unless: ['uribl', 'surbl', 'ivmuri', 'user level', 'user-level', 'domain level', 'domain-level', ...SCORE_REPORT],
      },
      party: 'sender',
      action: 'request-delisting',
      explanation: 'The receiver refused the message because your sending IP or domain appears on a DNS blocklist.',
      remediation:
        'You (the sender) must find which list it is (the diagnostic usually names it or links to it), check the IP or domain on that list, fix the cause and ask for removal. With SES shared IPs, open an AWS Support case.',
    },
    {
      id: 'blocked.listed',
      reason: 'blocked',
      match: {
        // Plain "black list"/"block list" words without a list's name, in English and in the
        // languages of receivers that answer in their own. Guarded: a recipient's or domain's
        // own list of senders is the `rejected` family's, a list of links the content's.
        phrases: [
          'blacklisted', 'blocklisted', 'black listed', 'block listed', 'blacklist', 'blocklist', 'black list', 'block list',
          'denylisted', 'listed on', 'listed in', 'is listed', 'are listed', ...listWordsInOtherLanguages,
        ],
        // A text that lists what "may be" wrong asserts no listing.
        unless: [...notPublicList, 'address book', 'directory', 'not listed', 'may be', 'might be', ...SCORE_REPORT],
      },
      party: 'sender',
      action: 'request-delisting',
      explanation: 'The receiver refused the message because your sending IP or domain is on a blocklist it uses.',
      remediation:
        'You (the sender) must find out which list it is: check the sending IP and domain on the public blocklists (for example with a multi-list lookup), fix the cause and request removal. If no public list shows it, ask the recipient which list they use. With SES shared IPs, open an AWS Support case.',
    },
    {
      ...contactRecipient,
      id: 'blocked.connection-refused',
      match: {
        // Gandi "554 5.7.1 Service unavailable; Client host [IP] blocked"
        // (https://docs.gandi.net/en/gandimail/faq/error_types/554_5_7_1_service_unavailable.html).
        phrases: ['not accepting connections', 'service refuse*', 'client host rejected', 'client host ... blocked'],
        // Postfix access maps put the cause after "Client host rejected:"; a reputation or rate
        // cause is that family's.
        unless: ['too much spam', 'throttl*', 'reputation', 'rate limit*'],
      },
      explanation: 'The receiving server refused to talk to your sending server at all, which it does for senders it distrusts.',
      remediation:
        'Retry later once; if it persists, ask the recipient to check why their server refuses your IP, and check your IP and domain on the public blocklists.',
    },
    {
      ...contactRecipient,
      id: 'blocked.access-denied-at-connection',
      // A 521 with "access denied" is a refusal of the connecting host (Symantec/Broadcom
      // email security: "521 access denied", https://knowledge.broadcom.com/external/article/161393);
      // RFC 7504's 521 for hosts that take no mail at all says "does not accept mail" (`notaccept`).
      match: { phrases: ['access denied', 'connection denied'], replyCode: [521] },
      explanation: 'The receiving server refused your sending server as soon as it connected, so the refusal is about your sending IP.',
      remediation:
        "Check your sending IP on the public blocklists and its reverse DNS; if it is clean, ask the recipient's mail administrator to let your IP in. With SES shared IPs, open an AWS Support case if it persists.",
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
        phrases: [
          'after initial connection', 'after connect', 'after ehlo', 'after helo', 'after greeting',
          'in reply to ehlo command', 'in reply to helo command', 'greeting failure', 'greeting rejected', 'banner',
        ],
        replyCode: [550, 553, 554, 521],
      },
      explanation:
        'The receiving server refused your sending server when it connected, before it saw the sender or any recipient: the refusal is about your sending IP (a private block list, its reputation, its reverse DNS), not about the recipient.',
      remediation:
        "Check your sending IP on the public blocklists and its reverse DNS. If it is clean, ask the recipient's mail administrator why your IP is refused; with SES shared IPs, open an AWS Support case if it persists.",
    },
  ],
};
