import type { Blocklist } from '../../verdict';
import { codeTable } from './table';

// Proofpoint (and iCloud, which uses it) refuse listed IPs with "Blocked - see
// https://support.proofpoint.com/dnsbl-lookup.cgi?ip=..." or "https://ipcheck.proofpoint.com/?ip=..."
// (github.com/docker-mailserver/docker-mailserver#22, github.com/LukeSmithxyz/emailwiz#233);
// both lead to Proofpoint's lookup and removal form.
const PROOFPOINT_LOOKUP = 'https://ipcheck.proofpoint.com/';

const PROOFPOINT: Blocklist = { name: 'Proofpoint Dynamic Reputation', delistUrl: PROOFPOINT_LOOKUP };

export const proofpoint = codeTable('proofpoint', PROOFPOINT_LOOKUP, [
  {
    name: 'dynamic-reputation',
    reason: 'blocked',
    codes: ['dnsbl-lookup.cgi', 'ipcheck.proofpoint.com', 'proofpoint dynamic reputation'],
    party: 'sender',
    action: 'request-delisting',
    explanation: "Proofpoint's reputation service lists the sending IP, so receivers that filter with Proofpoint (iCloud among them) refuse it.",
    remediation:
      'Look the IP up at https://ipcheck.proofpoint.com/ and submit the removal form there, after fixing what made the IP look like a spam source; with SES shared IPs, open an AWS Support case.',
    blocklist: PROOFPOINT,
  },
]);
