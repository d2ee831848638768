import { codeTable } from './table';

// T-Online (Deutsche Telekom) accepts mail only from servers it knows; its refusals end with a
// code in brackets: "(NOWL)" for a server without reputation yet ("None/bad reputation ... contact
// <postmaster@rx.t-online.de> for reset"), "(BL)" for a blocklisted one. Postmaster page:
// https://postmaster.t-online.de/ ; the reset process described at
// https://timmehosting.de/leitfaden-wenn-t-online-e-mails-blockiert-ursachen-und-loesungen.
const TONLINE_POSTMASTER = 'https://postmaster.t-online.de/';

export const tonline = codeTable('tonline', TONLINE_POSTMASTER, [
  {
    name: 'unknown-server',
    reason: 'blocked',
    codes: ['nowl', 't-online.de ... (bl)'],
    party: 'sender',
    action: 'request-delisting',
    explanation: 'T-Online refuses the sending IP: it has no (or a bad) reputation with T-Online, which only takes mail from servers it knows, or it is on a block list.',
    remediation:
      'Make sure the sending host has a website under its domain with an imprint, and ask postmaster@rx.t-online.de to reset the IP (the bounce names the address); with SES shared IPs, open an AWS Support case.',
  },
]);
