import type { RuleFamily } from '../types';

export const virusdetected: RuleFamily = {
  name: 'virusdetected',
  rules: [
    {
      id: 'virusdetected.malware',
      reason: 'virusdetected',
      match: { text: /virus|malware|trojan|infected (?:file|attachment|message)|malicious (?:content|attachment|payload|file)/ },
      party: 'message',
      action: 'remove-attachment',
      explanation: "The receiver's scanner found malware, or something that looks like it, in the message or an attachment.",
      remediation:
        'Scan the attachment and the machine that produced it, send the file without macros or executable content (a PDF instead of a macro-enabled document, for example), or share it through a link. If the scan is clean, ask the recipient to report the false positive to their provider.',
    },
  ],
};
