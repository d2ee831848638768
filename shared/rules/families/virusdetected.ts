import type { RuleFamily } from '../types';

export const virusdetected: RuleFamily = {
  name: 'virusdetected',
  rules: [
    {
      id: 'virusdetected.malware',
      reason: 'virusdetected',
      match: {
        // Scanner verdicts as receivers word them: "virus found", "infected", "malware", Gmail's
        // "We do not accept viral traffic" / "contains a virus" (https://support.google.com/a/answer/3726730),
        // Zoho "virus <name> detected", and the word for virus in the languages receivers answer in.
        phrases: [
          'virus*', 'malware', 'trojan', 'ransomware', 'spyware', 'viral', 'infected', 'eicar',
          'malicious content', 'malicious attachment', 'malicious payload', 'malicious file', 'malicious code', 'malicious url',
          'vírus', 'wirus*', 'вирус*', 'ウイルス', 'ウィルス', '病毒', '바이러스', 'schadsoftware', 'logiciel malveillant',
        ],
        // A scanner that failed is the receiver's fault, not a finding.
        unless: [
          'anti-virus ... fail*', 'antivirus ... fail*', 'virus scan* ... fail*', 'virus scanner ... unavailable',
          'virus scan* ... timeout', 'virus scan* ... timed out', 'virus ... temporarily unavailable', 'virus scan* ... error',
          'anti-virus ... error', 'antivirus ... error', 'anti-virus ... unavailable', 'antivirus ... unavailable',
          // "Rejected for spam or virus content" does not say a virus was found.
          'spam or virus', 'spam/virus', 'virus or spam', 'virus/spam',
        ],
      },
      party: 'message',
      action: 'remove-attachment',
      explanation: "The receiver's scanner found malware, or something that looks like it, in the message or an attachment.",
      remediation:
        'Scan the attachment and the machine that produced it, send the file without macros or executable content (a PDF instead of a macro-enabled document, for example), or share it through a link. If the scan is clean, ask the recipient to report the false positive to their provider.',
    },
  ],
};
