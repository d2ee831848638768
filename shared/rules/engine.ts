import { ADDRESS_DEAD_REASONS, type Reason } from '../reasons';
import { repairMojibake } from '../text';
import type { Action, Blocklist, Party, Permanence } from '../verdict';
import { createCandidateFilter, type Probe, probesOf } from './anchors';
import type { BounceRule, RuleFamily, RuleMatch } from './types';

/** What SES tells us about one bounced recipient. */
export interface BounceEvidence {
  diagnostic?: string | undefined;
  status?: string | undefined;
  replyCode?: number | undefined;
  bounceType?: string | undefined;
  bounceSubType?: string | undefined;
}

export interface Classification {
  reason: Reason;
  permanence: Permanence;
  suppress: boolean;
  party: Party;
  action: Action;
  rule: string;
  explanation: string;
  remediation: string;
  blocklist?: Blocklist;
  /** The enhanced status code used: SES's, or a more specific one found in the text. */
  status?: string;
  /** The SMTP reply code used: given, or found in the text. */
  replyCode?: number;
}

interface Facts {
  text: string;
  status: string | undefined;
  replyCode: number | undefined;
  ses: string;
}

// An enhanced status code is three dot-separated numbers that are not part of an IP address.
const STATUS_IN_TEXT = /(?<![\w.])([245]\.\d{1,3}\.\d{1,3})(?![.\d])/;
const REPLY_IN_TEXT = /(?<![\w.])([245][0-5]\d)(?=[\s-]|$)/;
const SMTP_PREFIX = /^\s*smtp\s*;\s*/i;

/**
 * The diagnostic as text rules see it: lower case, runs of whitespace collapsed to one space,
 * without the `smtp;` prefix. Collapsing is left to the caller, because the candidate scan
 * (see `createCandidateFilter`) finds out in passing whether a text needs it; most do not.
 */
function uncollapsedText(diagnostic: string): string {
  return diagnostic.replace(SMTP_PREFIX, '').toLowerCase().trim();
}

const collapse = (text: string) => text.replace(/\s+/g, ' ');

/** The facts of `evidence` whose diagnostic normalises to `text`. */
function factsOf(evidence: BounceEvidence, text: string): Facts {
  let status = evidence.status?.trim() || undefined;
  // SES often reports a generic x.0.0 while the receiver's text says exactly what happened.
  if (!status || status.endsWith('.0.0')) {
    const fromText = STATUS_IN_TEXT.exec(text)?.[1];
    if (fromText && !(status && fromText.endsWith('.0.0'))) status = fromText;
  }
  let replyCode = evidence.replyCode;
  if (replyCode === undefined) {
    const fromText = REPLY_IN_TEXT.exec(text)?.[1];
    if (fromText) replyCode = Number(fromText);
  }
  return { text, status, replyCode, ses: `${evidence.bounceType ?? ''}/${evidence.bounceSubType ?? ''}` };
}

/** A rule's conditions, compiled once so that matching allocates nothing. */
type Condition = (facts: Facts) => boolean;

function statusCondition(wanted: readonly string[]): Condition {
  const exact = new Set(wanted.filter((code) => !code.endsWith('.')));
  const prefixes = wanted.filter((code) => code.endsWith('.'));
  return ({ status }) => status !== undefined && (exact.has(status) || prefixes.some((prefix) => status.startsWith(prefix)));
}

function replyCodeCondition(wanted: readonly number[]): Condition {
  const codes = new Set(wanted);
  return ({ replyCode }) => replyCode !== undefined && codes.has(replyCode);
}

function sesCondition(wanted: readonly string[]): Condition {
  const exact = new Set(wanted.filter((pattern) => !pattern.startsWith('*/')));
  const subTypes = wanted.filter((pattern) => pattern.startsWith('*/')).map((pattern) => pattern.slice(1));
  return ({ ses }) => exact.has(ses) || subTypes.some((subType) => ses.endsWith(subType));
}

/** Every condition of `match` but the text. */
function codesCondition(match: RuleMatch): Condition {
  const conditions = [
    match.status && statusCondition(match.status),
    match.replyCode && replyCodeCondition(match.replyCode),
    match.ses && sesCondition(match.ses),
  ].filter((condition) => condition !== undefined);
  if (conditions.length <= 1) return conditions[0] ?? (() => true);
  return (facts) => conditions.every((condition) => condition(facts));
}

/** A rule with its conditions compiled. */
interface CompiledRule {
  rule: BounceRule;
  codes: Condition;
}

const compile = (rule: BounceRule): CompiledRule => ({ rule, codes: codesCondition(rule.match) });

function permanenceOf(facts: Facts, evidence: BounceEvidence): Permanence {
  const codeClass = facts.status?.[0] ?? (facts.replyCode ? String(facts.replyCode)[0] : undefined);
  if (codeClass === '5') return 'permanent';
  if (codeClass === '4') return 'transient';
  if (evidence.bounceType === 'Permanent') return 'permanent';
  if (evidence.bounceType === 'Transient') return 'transient';
  return 'undetermined';
}

/**
 * The policy, in one place: only a dead address is suppressed, and only on a permanent answer.
 * SES's suppression list is permanent by definition. Everything a sender can fix keeps the
 * rule's action and leaves the recipient mailable.
 */
function decide(rule: BounceRule, permanence: Permanence): { suppress: boolean; action: Action; remediation: string } {
  const { remediation } = rule;
  if (!ADDRESS_DEAD_REASONS.has(rule.reason)) return { suppress: false, action: rule.action, remediation };
  if (rule.reason === 'suppressed' || permanence === 'permanent') return { suppress: true, action: 'suppress', remediation };
  // The rule's advice assumes a dead address; a temporary or unclear answer does not show one.
  return permanence === 'transient'
    ? { suppress: false, action: 'retry', remediation: TRANSIENT_DEAD_ADDRESS }
    : { suppress: false, action: 'review', remediation: UNDETERMINED_DEAD_ADDRESS };
}

const TRANSIENT_DEAD_ADDRESS =
  'Keep the address for now: the receiver answered with a temporary (4xx) code, so this may be a passing fault on its side. Retry; if it keeps failing this way, the soft-bounce policy suppresses it.';
const UNDETERMINED_DEAD_ADDRESS =
  'Check the address before mailing it again: the text says it does not exist, but without a permanent code this is not certain enough to suppress it.';

/**
 * Build a classifier from families in precedence order. Passes, strongest evidence first:
 * SES's authoritative sub-types, then text rules, then status/reply-code rules, then rules
 * on SES's bounce type alone, then the fallback rule.
 */
export function createClassifier(families: readonly RuleFamily[], fallback: BounceRule) {
  const all = families.flatMap((family) => family.rules).map(compile);
  // Authoritative and code rules have no text, so their compiled codes are all they test.
  const authoritative = all.filter(({ rule }) => rule.authoritative);
  // Each text pattern runs as its alternatives, and only those that one pass over the text
  // (see `createCandidateFilter`) leaves as candidates.
  const textRules = all.filter(({ rule }) => rule.match.text);
  const probes: Probe[] = [];
  const ruleOfProbe: number[] = [];
  textRules.forEach(({ rule }, r) => {
    for (const probe of probesOf(rule.match.text!)) ruleOfProbe[probes.push(probe) - 1] = r;
  });
  const scanText = createCandidateFilter(probes.map((probe) => probe.anchors));

  // Probes are numbered in rule order, so taking candidate bits lowest first keeps precedence.
  // The codes are checked before any pattern runs, since a rule whose codes fail cannot match.
  function firstTextRule(candidates: Uint32Array, facts: Facts): BounceRule | undefined {
    let ruledOut = -1;
    for (let word = 0; word < candidates.length; word++) {
      for (let bits = candidates[word]!; bits !== 0; bits &= bits - 1) {
        const p = (word << 5) | (31 - Math.clz32(bits & -bits));
        const r = ruleOfProbe[p]!;
        if (r === ruledOut) continue;
        const { rule, codes } = textRules[r]!;
        if (!codes(facts)) ruledOut = r;
        else if (probes[p]!.pattern.test(facts.text)) return rule;
      }
    }
    return undefined;
  }

  const untexted = all.filter(({ rule }) => !rule.authoritative && !rule.match.text);
  const hasCodes = ({ rule: { match } }: CompiledRule) => Boolean(match.status || match.replyCode);
  const codeRules = untexted.filter(hasCodes);
  const sesRules = untexted.filter((compiled) => !hasCodes(compiled));
  const first = (rules: readonly CompiledRule[], facts: Facts) => rules.find(({ codes }) => codes(facts))?.rule;

  function find(facts: Facts, candidates: Uint32Array | undefined): BounceRule {
    return (
      first(authoritative, facts) ??
      (candidates && firstTextRule(candidates, facts)) ??
      first(codeRules, facts) ??
      first(sesRules, facts) ??
      fallback
    );
  }

  /** The rule for `evidence` read with `diagnostic` as its text, and the facts it was found by. */
  function judge(evidence: BounceEvidence, diagnostic: string | undefined): { rule: BounceRule; facts: Facts } {
    let text = diagnostic ? uncollapsedText(diagnostic) : '';
    const scan = text ? scanText(text) : undefined;
    if (scan?.uncollapsed) text = collapse(text);
    const facts = factsOf(evidence, text);
    return { rule: find(facts, scan?.candidates), facts };
  }

  return function classifyBounce(evidence: BounceEvidence): Classification {
    let { rule, facts } = judge(evidence, evidence.diagnostic);
    // Garbled text matches no pattern, so the repair is tried only then: looking for garbling
    // in every text would cost a tenth of the classifier's time.
    if (!rule.match.text && evidence.diagnostic) {
      const repaired = repairMojibake(evidence.diagnostic);
      if (repaired !== evidence.diagnostic) ({ rule, facts } = judge(evidence, repaired));
    }
    const permanence = rule.reason === 'suppressed' ? 'permanent' : permanenceOf(facts, evidence);
    const { suppress, action, remediation } = decide(rule, permanence);
    const classification: Classification = {
      reason: rule.reason,
      permanence,
      suppress,
      action,
      party: rule.party,
      rule: rule.id,
      explanation: rule.explanation,
      remediation,
    };
    if (rule.blocklist) classification.blocklist = rule.blocklist;
    if (facts.status) classification.status = facts.status;
    if (facts.replyCode !== undefined) classification.replyCode = facts.replyCode;
    return classification;
  };
}
