import { codeTable } from './table';

// AT&T (att.net, sbcglobal.net, bellsouth.net...) block replies: "521 <IP> is blocked" with the
// AT&T blocklist's tag DNSBL:ATTRBL and the request address abuse_rbl@abuse-att.net, and
// BellSouth's "blocked by ldap:ou=rblmx"; its own 521 reply "521 <IP> is blocked"
// (http://worldnet.att.net/general-info/bls_info/block_enduser.html).
const ATT_BLOCKS = 'http://worldnet.att.net/general-info/bls_info/block_enduser.html';

export const att = codeTable('att', ATT_BLOCKS, [
  {
    name: 'blocklist',
    reason: 'blocked',
    // "550 unauthorized interface for <IP>" is the same page's refusal of an IP not allowed to
    // connect to AT&T's mail interface.
    codes: ['dnsbl:attrbl', 'abuse_rbl@abuse-att.net', 'ou=rblmx', '521 ... > is blocked', 'unauthorized interface'],
    party: 'sender',
    action: 'request-delisting',
    explanation: "AT&T's own blocklist has the sending IP: AT&T saw spam or abuse from it.",
    remediation:
      'Fix the cause, then forward the bounce to abuse_rbl@abuse-att.net to ask for removal; with SES shared IPs, open an AWS Support case.',
  },
]);
