import type { ProviderId } from '../../providers';
import type { Reason } from '../../reasons';
import type { Action, Blocklist, Party } from '../../verdict';
import type { BounceRule, Phrase, RuleFamily } from '../types';

/**
 * One documented code (or a few codes with one meaning) of a provider's table. The codes are
 * phrases: usually a single term such as `'tss04'` or `'5.7.708'`, word-bounded, so a code
 * inside a longer number or word never matches.
 */
export interface CodeEntry {
  /** Rule id within the provider's family: the rule's id is `${provider}.${name}`. */
  name: string;
  reason: Reason;
  codes: readonly Phrase[];
  /**
   * The enhanced status the code must come with. Given for dotted codes that could also be
   * the tail or head of an IPv4 address in the text (`5.7.23` in `[10.5.7.23]`).
   */
  status?: readonly string[];
  /** Phrases that show the code is used with another meaning. */
  unless?: readonly Phrase[];
  party: Party;
  action: Action;
  explanation: string;
  remediation: string;
  blocklist?: Blocklist;
  /** The provider's page for this code when it differs from the family's page. */
  reference?: string;
}

/** Advice that reads the same whichever provider's code led to it. */
export const ADVICE = {
  deadAddress: 'Remove the address from your lists; it will keep bouncing.',
  alignAuthentication: 'Sign with DKIM for the From: domain (Easy DKIM) and use a custom MAIL FROM under the same domain so SPF aligns.',
  publishPtr: 'Publish a PTR record for the sending IP that resolves back to it.',
  shrinkMessage: 'Make the message smaller, e.g. link to large files instead of attaching them.',
  disabledMailbox: 'Stop mailing it unless the recipient tells you it is active again; ask for a current address.',
  fullMailbox: 'Retry later; only the recipient can make room. A mailbox that stays full for weeks is probably abandoned.',
  retryLater: 'Retry later; nothing needs to change.',
  removeAttachment: 'Remove the attachment or share it as a link instead.',
} as const;

/** A provider's code table as a rule family: `reference` is the provider's page for its codes. */
export function codeTable(provider: ProviderId, reference: string, entries: readonly CodeEntry[]): RuleFamily {
  return {
    name: provider,
    rules: entries.map(({ name, codes, status, unless, reference: own, ...verdict }): BounceRule => ({
      id: `${provider}.${name}`,
      match: { phrases: codes, ...(status && { status }), ...(unless && { unless }) },
      ...verdict,
      provider,
      reference: own ?? reference,
    })),
  };
}

/** `prefix` followed by every number from `from` to `to`: a documented range such as 5.7.606-649. */
export function codeRange(prefix: string, from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, k) => `${prefix}${from + k}`);
}
