import { codeTable } from './table';

// Orange (orange.fr, wanadoo.fr) writes a code OFRxxx_yyy or OFR_xxx in its replies, with
// bilingual text: https://postmaster.orange.fr (guidelines) and the code list collected at
// https://www.postmastery.com/orange-postmaster-smtp-error-codes-ofr/ (OFR004_104 too many
// connections; OFR_999 a temporary block of the IP for abnormal sending).
const ORANGE_POSTMASTER = 'https://postmaster.orange.fr';

export const orange = codeTable('orange', ORANGE_POSTMASTER, [
  {
    name: 'too-many-connections',
    reason: 'toomanyconn',
    codes: ['ofr004_104'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'Orange closed the connection because the sending IP had too many open at once; Orange allows only a few per IP.',
    remediation: 'Open very few simultaneous connections to Orange and let the retries run.',
  },
  {
    name: 'temporary-block',
    reason: 'badreputation',
    codes: ['ofr_999'],
    party: 'sender',
    action: 'reduce-rate',
    explanation: 'Orange refuses the sending IP for a few hours because its recent traffic looked abnormal (volume spikes or complaints).',
    remediation: 'Pause sending to Orange for a couple of hours, then resume at a lower, steadier rate to engaged recipients.',
  },
]);
