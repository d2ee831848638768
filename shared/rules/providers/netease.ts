import { codeTable } from './table';

// NetEase (163.com, 126.com, yeah.net) bounce codes, from NetEase's bounce-code table
// (reproduced at https://biecuoliao.com/pa/MBRrwEM.html and http://163ns.com.cn/mail/MailFAQ.htm):
// HL:REP unusual behaviour, many unknown recipients; HL:ICC too many concurrent connections;
// HL:IFC too much mail in a short time; HL:MEP forged sender domains; HL:IHU / HL:IPB IP
// suspended or not allowed; MI:CEL, MI:CCL, RP:CEL, RP:CCL bad or too many commands; MI:DMC too
// many messages per connection; RP:DRC too many recipients per connection; MI:SFQ sender over
// its 15-minute quota; DT:RBL IP on an RBL; WM:BLI IP and WM:BLU user not allowed; DT:SPM spam
// content (http://mail.163.com/help/help_spam_16.htm, linked from the reply).
const NETEASE_SPAM_HELP = 'http://mail.163.com/help/help_spam_16.htm';

export const netease = codeTable('netease', NETEASE_SPAM_HELP, [
  {
    name: 'spam-content',
    reason: 'spamdetected',
    codes: ['dt:spm'],
    party: 'message',
    action: 'revise-content',
    explanation: "NetEase's filter judged the message to be spam, from its content or an irregular sending setup.",
    remediation: 'Revise the content and make sure the sending domain authenticates (SPF, DKIM); a 451 DT:SPM may pass on a retry a few minutes later.',
  },
  {
    name: 'rbl',
    reason: 'blocked',
    codes: ['dt:rbl'],
    party: 'sender',
    action: 'request-delisting',
    explanation: 'NetEase refused the sending IP because it is listed on one or more public blocklists.',
    remediation: 'Check the IP on the common blocklists (Spamhaus, Barracuda, SpamCop) and request removal from each that lists it; with SES shared IPs, open an AWS Support case.',
  },
  {
    name: 'ip-barred',
    reason: 'blocked',
    codes: ['hl:ihu', 'hl:ipb', 'wm:bli'],
    party: 'sender',
    action: 'request-delisting',
    explanation: 'NetEase has suspended the sending IP or does not have it on its allowed list, after sending that broke its terms.',
    remediation: 'Find and stop the unwanted sending, then ask NetEase to lift the suspension through its help page.',
  },
  {
    name: 'sender-barred',
    reason: 'rejected',
    codes: ['wm:blu'],
    party: 'sender',
    action: 'fix-sender-address',
    explanation: 'NetEase does not accept mail from this sender address.',
    remediation: 'Send from another, authenticated address of your domain.',
  },
  {
    name: 'abnormal-sending',
    reason: 'badreputation',
    codes: ['hl:rep', 'hl:mep'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'NetEase holds back the sending IP for abnormal behaviour: many unknown recipients or forged sender domains.',
    remediation: 'Clean unknown addresses from the list, send only from your own authenticated domains, and let the temporary block expire.',
  },
  {
    name: 'concurrent-connections',
    reason: 'toomanyconn',
    codes: ['hl:icc'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'The sending IP had more simultaneous connections to NetEase than it allows.',
    remediation: 'Open fewer connections at once to NetEase and let the retries run.',
  },
  {
    name: 'sending-rate',
    reason: 'speeding',
    codes: ['hl:ifc', 'mi:dmc', 'mi:sfq'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'The sending IP or sender went over how much mail NetEase accepts in a short time or in one connection.',
    remediation: 'Send fewer messages per connection and per minute to NetEase.',
  },
  {
    name: 'recipients-per-connection',
    reason: 'exceedlimit',
    codes: ['rp:drc'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'One connection carried more recipients than NetEase accepts.',
    remediation: 'Deliver fewer recipients per connection; the retries go through.',
  },
  {
    name: 'bad-commands',
    reason: 'syntaxerror',
    codes: ['mi:cel', 'mi:ccl', 'rp:cel', 'rp:ccl'],
    party: 'infrastructure',
    action: 'review',
    explanation: 'The sending program issued wrong or too many SMTP commands for NetEase.',
    remediation: 'Check the sending program or relay; SES itself speaks plain SMTP, so this points at an intermediate system.',
  },
]);
