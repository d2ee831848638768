import type { Reason } from '../reasons';
import type { Action, Blocklist, Party } from '../verdict';

/**
 * What a rule looks at. Every condition given must hold. A rule with `text` is a text rule;
 * one without is a code rule; the engine tries all text rules before any code rule, so a
 * specific message always beats a generic status code.
 */
export interface RuleMatch {
  /**
   * Pattern over the normalised diagnostic: lower case, whitespace collapsed, the `smtp;`
   * prefix removed. Write it in lower case and without flags.
   */
  text?: RegExp;
  /** Enhanced status codes (RFC 3463). `5.1.1` matches exactly; `5.7.` matches the prefix. */
  status?: readonly string[];
  /** SMTP reply codes (RFC 5321). */
  replyCode?: readonly number[];
  /** SES `bounceType/bounceSubType`, e.g. `Permanent/NoEmail`, or `*\/MailboxFull`. */
  ses?: readonly string[];
}

export interface BounceRule {
  /** Stable id, `family.name`, stored with every verdict: never rename a published one. */
  id: string;
  reason: Reason;
  match: RuleMatch;
  party: Party;
  /** What to do when the address is not dead; dead addresses always get `suppress`. */
  action: Action;
  explanation: string;
  remediation: string;
  blocklist?: Blocklist;
  /**
   * SES's own word beats the text: an address on the suppression list was never sent to,
   * whatever the diagnostic says. Only code rules with `ses` may set it.
   */
  authoritative?: boolean;
}

/** One file of rules per reason family; the family order is declared in `rules/index.ts`. */
export interface RuleFamily {
  name: string;
  rules: readonly BounceRule[];
}
