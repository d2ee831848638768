import { codeTable } from './table';

// Verizon Online's own block replies name its whitelist request page
// ("... blocked by Verizon Online's anti-spam system ... http://www.verizon.net/whitelist").
// Verizon mailboxes moved to Yahoo in 2017; Yahoo's codes are in yahoo.ts.
const VERIZON_WHITELIST = 'http://www.verizon.net/whitelist';

export const verizon = codeTable('verizon', VERIZON_WHITELIST, [
  {
    name: 'anti-spam-block',
    reason: 'blocked',
    codes: ["verizon online's anti-spam", 'verizon.net/whitelist'],
    party: 'sender',
    action: 'request-delisting',
    explanation: "Verizon's anti-spam system blocks mail from the sending IP or provider.",
    remediation: 'Request removal through Verizon\'s whitelist request page (http://www.verizon.net/whitelist); with SES shared IPs, open an AWS Support case.',
    blocklist: { name: 'Verizon Online', delistUrl: VERIZON_WHITELIST },
  },
]);
