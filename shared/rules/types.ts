import type { Reason } from '../reasons';
import type { Action, Blocklist, Party } from '../verdict';

/**
 * A phrase: the words a kind of refusal is written with, as ordered terms with gaps.
 *
 * - Lower case. Terms are separated by ` ... `: `'too many ... connections'` matches
 *   "too many concurrent smtp connections" and "too many connections". A gap spans at most
 *   `MAX_GAP` characters (see `phrases.ts`), so terms from two unrelated sentences rarely pair.
 * - A term is a literal: one space inside a term matches one run of whitespace (texts are
 *   collapsed before matching); nothing else is special.
 * - Terms are word-bounded: a term that starts (ends) with a letter or digit does not match
 *   after (before) another letter or digit, so `'unknown user'` does not match "unknown users".
 *   A trailing `*` makes the term a prefix: `'blacklist*'` matches "blacklisted"; a `*` word
 *   inside a term ends the term there (`'verif* fail*'` reads `'verif* ... fail*'`). Scripts
 *   written without spaces (Chinese, Japanese) have no word boundaries to check.
 *
 * Why not regular expressions: a literal phrase in a regex breaks on one extra word, and terms
 * are literals that one pass of an automaton finds all at once (see `phrases.ts`).
 */
export type Phrase = string;

/**
 * What a rule looks at. Every condition given must hold. A rule with `phrases` is a text rule;
 * one without is a code rule; the engine tries all text rules before any code rule, so a
 * specific message always beats a generic status code.
 */
export interface RuleMatch {
  /** The rule matches when any one of these phrases occurs in the normalised diagnostic. */
  phrases?: readonly Phrase[];
  /** Guards: the rule does not match when any of these phrases occurs. */
  unless?: readonly Phrase[];
  /**
   * Enhanced status codes (RFC 3463). `5.1.1` matches exactly; `5.7.` matches the prefix.
   * On a text rule this is a guard: the text alone is too ambiguous without the code.
   */
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
   * The receiving provider or filter this rule's wording or code belongs to (a provider id of
   * `shared/providers.ts`), when the rule is specific to one.
   */
  provider?: string;
  /** The provider's or list's own page that documents this reply (URL), when there is one. */
  reference?: string;
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
