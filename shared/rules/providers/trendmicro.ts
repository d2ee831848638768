import type { Blocklist } from '../../verdict';
import { ADVICE, codeTable } from './table';

// Trend Micro's Email Reputation Services (ERS, the former MAPS RBL+): replies name
// rbl-plus.mail-abuse.org or "Trend Micro RBL+" and the lookup at mail-abuse.com
// (https://success.trendmicro.com/solution/1097055-frequently-asked-questions-faqs-about-messages-blocked-by-email-reputation-services-ers);
// Trend Micro Email Security tags its recipient-stage refusals "Recipient address rejected: <TAG>."
// (ERS-RBL, BLOCK-SEND-ER, BLOCK-RCPT, Invalid-Recipient, NO-DOMAIN; field replies collected in
// github.com/ActiveCampaign/smtp-field-manual).
const ERS_FAQ = 'https://success.trendmicro.com/solution/1097055-frequently-asked-questions-faqs-about-messages-blocked-by-email-reputation-services-ers';

const ERS: Blocklist = { name: 'Trend Micro Email Reputation Services', delistUrl: 'https://servicecentral.trendmicro.com/en-us/ers/ip-lookup/' };

export const trendmicro = codeTable('trendmicro', ERS_FAQ, [
  {
    name: 'email-reputation',
    reason: 'blocked',
    codes: ['rbl-plus.mail-abuse.org', 'trend micro rbl+', 'mail-abuse.com/cgi-bin/lookup', 'rejected: ers-rbl', 'trend micro email reputation'],
    party: 'sender',
    action: 'request-delisting',
    explanation: "Trend Micro's Email Reputation Services list the sending IP, so receivers that filter with it refuse the connection.",
    remediation: `Look the IP up and request removal at ${ERS.delistUrl} once whatever sent spam from it is fixed; with SES shared IPs, open an AWS Support case.`,
    blocklist: ERS,
  },
  {
    name: 'sender-blocked',
    reason: 'rejected',
    codes: ['rejected: block-send-er'],
    party: 'recipient',
    action: 'contact-recipient',
    explanation: "The recipient's organisation blocks your sender address or domain in its Trend Micro settings.",
    remediation: 'Only the recipient side can lift it: ask the recipient to have you removed from their blocked senders.',
  },
  {
    name: 'recipient-blocked',
    reason: 'filtered',
    codes: ['rejected: block-rcpt'],
    party: 'recipient',
    action: 'contact-recipient',
    explanation: "The recipient's organisation blocks mail to this recipient in its Trend Micro settings.",
    remediation: 'Ask the recipient whether the address still takes outside mail; do not treat it as dead.',
  },
  {
    name: 'unknown-domain',
    reason: 'norelaying',
    codes: ['rejected: no-domain'],
    party: 'infrastructure',
    action: 'review',
    explanation: "Trend Micro does not handle mail for the recipient's domain, so it refused to relay it.",
    remediation: "The recipient domain's MX records or Trend Micro setup are wrong; tell the recipient if the address matters.",
  },
  {
    name: 'invalid-recipient',
    reason: 'userunknown',
    codes: ['rejected: invalid-recipient'],
    party: 'recipient',
    action: 'suppress',
    explanation: "Trend Micro checked the recipient organisation's address list and this address is not on it.",
    remediation: ADVICE.deadAddress,
  },
]);
