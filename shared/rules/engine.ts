import { ADDRESS_DEAD_REASONS, type Reason, REASONS, SENDER_FAULT_REASONS } from '../reasons';
import { repairMojibake } from '../text';
import type { Action, Blocklist, Party, Permanence } from '../verdict';
import { createPhraseMatcher, type PhraseScan } from './phrases';
import type { BounceRule, Phrase, RuleFamily, RuleMatch } from './types';

/** What SES tells us about one bounced recipient. */
export interface BounceEvidence {
  diagnostic?: string | undefined;
  status?: string | undefined;
  replyCode?: number | undefined;
  bounceType?: string | undefined;
  bounceSubType?: string | undefined;
}

/**
 * How a verdict was reached, strongest first: `rule`, a rule recognised the reply (its wording,
 * a provider's documented code, or SES's own sub-type); `code`, only the enhanced status or reply
 * code (RFC 3463 / RFC 5321) or SES's bounce type said it; `evidence`, no rule matched, and the
 * words of the text point to the reason; `none`, nothing in the bounce says why.
 */
export type Confidence = 'rule' | 'code' | 'evidence' | 'none';

export interface Classification {
  reason: Reason;
  permanence: Permanence;
  suppress: boolean;
  party: Party;
  action: Action;
  rule: string;
  confidence: Confidence;
  explanation: string;
  remediation: string;
  blocklist?: Blocklist;
  /** The provider whose documented reply or code the rule recognised (a `shared/providers.ts` id). */
  provider?: string;
  /** The provider's or list's page about this reply (URL). */
  reference?: string;
  /** The enhanced status code used: SES's, or a more specific one found in the text. */
  status?: string;
  /** The SMTP reply code used: given, or found in the text. */
  replyCode?: number;
}

/** Words that point to a reason, with how strongly (1 weak, 2 clear, 3 unmistakable). */
export interface EvidenceWords {
  reason: Reason;
  weight: 1 | 2 | 3;
  phrases: readonly Phrase[];
}

/**
 * Everything the engine is built from; each part is data, declared in `rules/index.ts`.
 * - `providers`: providers' documented codes, one family per provider, tried before `families`.
 * - `families`: rule families in precedence order; their order also breaks ties between reasons.
 * - `evidence`: words weighed when no rule matches, and to veto a suppression.
 * - `afterContent`: phrases showing the refusal came after the message content was sent
 *   (end of DATA), and the rule a user-unknown answer then becomes.
 * - `fallback`: the rule when nothing says anything.
 */
export interface ClassifierParts {
  providers: readonly RuleFamily[];
  families: readonly RuleFamily[];
  evidence: readonly EvidenceWords[];
  afterContent: { phrases: readonly Phrase[]; rule: BounceRule };
  fallback: BounceRule;
}

interface Facts {
  status: string | undefined;
  replyCode: number | undefined;
  ses: string;
}

// An enhanced status code is three dot-separated numbers that are not part of an IP address.
const STATUS_IN_TEXT = /(?<![\w.])([245]\.\d{1,3}\.\d{1,3})(?![.\d])/;
const REPLY_IN_TEXT = /(?<![\w.])([245][0-5]\d)(?=[\s-]|$)/;
const SMTP_PREFIX = /^\s*smtp\s*;\s*/i;

/**
 * Does `text` have whitespace other than single spaces? A loop over the codes: nearly no text
 * does, and a regular expression for it cost more than reading the text for phrases.
 */
function needsCollapsing(text: string): boolean {
  let previousSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32) {
      if (previousSpace) return true;
      previousSpace = true;
    } else if (code < 32 || (code > 0x7f && isOtherSpace(code))) return true;
    else previousSpace = false;
  }
  return false;
}

/** The whitespace characters above ASCII that `\s` matches (ECMAScript WhiteSpace and LineTerminator). */
const isOtherSpace = (code: number) =>
  code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;

/** The diagnostic as phrases see it: lower case, whitespace runs as one space, no `smtp;` prefix. */
function normalise(diagnostic: string): string {
  let text = diagnostic.toLowerCase();
  if (text.includes('smtp')) text = text.replace(SMTP_PREFIX, '');
  text = text.trim();
  if (needsCollapsing(text)) text = text.replace(/\s+/g, ' ');
  // Typographic apostrophes ("doesn’t") read as the plain one phrases are written with.
  return text.includes('\u2019') ? text.replaceAll('\u2019', "'") : text;
}

// A multi-line reply repeats its codes at the start of every line ("550-5.7.1 ... is 550-5.7.1
// likely unsolicited mail", RFC 5321 section 4.2.1); inside the text they only split phrases.
const CONTINUATION = /(?<=\S) [245]\d\d[- ][245]\.\d{1,3}\.\d{1,3}(?= )/g;
const HAS_CONTINUATION = /\d\d-[245]\./;

/** The text phrases are matched against: `text` without the repeated codes of a multi-line reply. */
const phraseText = (text: string) => (HAS_CONTINUATION.test(text) ? text.replace(CONTINUATION, '') : text);

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
  return { status, replyCode, ses: `${evidence.bounceType ?? ''}/${evidence.bounceSubType ?? ''}` };
}

/** A rule's code conditions, compiled once so that matching allocates nothing. */
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

/** Every condition of `match` but the phrases. */
function codesCondition(match: RuleMatch): Condition {
  const conditions = [
    match.status && statusCondition(match.status),
    match.replyCode && replyCodeCondition(match.replyCode),
    match.ses && sesCondition(match.ses),
  ].filter((condition) => condition !== undefined);
  if (conditions.length <= 1) return conditions[0] ?? (() => true);
  return (facts) => conditions.every((condition) => condition(facts));
}

function permanenceOf(facts: Facts, evidence: BounceEvidence): Permanence {
  const codeClass = facts.status?.[0] ?? (facts.replyCode ? String(facts.replyCode)[0] : undefined);
  if (codeClass === '5') return 'permanent';
  if (codeClass === '4') return 'transient';
  if (evidence.bounceType === 'Permanent') return 'permanent';
  if (evidence.bounceType === 'Transient') return 'transient';
  return 'undetermined';
}

/**
 * The policy, in one place: only a dead address is suppressed, and only on a permanent answer
 * that a rule or a code gave, or words no other cause uses (`unsure`: the evidence only leans
 * that way). SES's suppression list is permanent by definition. Everything a sender can fix
 * keeps the rule's action and leaves the recipient mailable.
 */
function decide(rule: BounceRule, permanence: Permanence, unsure: boolean): { suppress: boolean; action: Action; remediation: string } {
  const { remediation } = rule;
  if (!ADDRESS_DEAD_REASONS.has(rule.reason)) return { suppress: false, action: rule.action, remediation };
  if (rule.reason === 'suppressed' || (permanence === 'permanent' && !unsure)) return { suppress: true, action: 'suppress', remediation };
  if (unsure) return { suppress: false, action: 'review', remediation: UNDETERMINED_DEAD_ADDRESS };
  // The rule's advice assumes a dead address; a temporary or unclear answer does not show one.
  return permanence === 'transient'
    ? { suppress: false, action: 'retry', remediation: TRANSIENT_DEAD_ADDRESS }
    : { suppress: false, action: 'review', remediation: UNDETERMINED_DEAD_ADDRESS };
}

const TRANSIENT_DEAD_ADDRESS =
  'Keep the address for now: the receiver answered with a temporary (4xx) code, so this may be a passing fault on its side. Retry; if it keeps failing this way, the soft-bounce policy suppresses it.';
const UNDETERMINED_DEAD_ADDRESS =
  'Check the address before mailing it again: the text says it does not exist, but without a permanent code or words no other cause uses, this is not certain enough to suppress it.';

/**
 * States of a mailbox or its server that exist and will take mail again: words naming them (or
 * a cause on the sender's side) keep a dead-address verdict from suppressing.
 */
const MAILBOX_STATE_REASONS: ReadonlySet<Reason> = new Set<Reason>(['mailboxfull', 'suspend', 'systemfull', 'norelaying', 'greylisting']);

/**
 * How clearly the words must speak for a verdict of their own (a hint alone, weight 1, is not
 * enough), and to take a dead-address verdict's place.
 */
const EVIDENCE_SCORE = 2;
const CONTRARY_SCORE = 2;
/** How clearly the words alone must say an address is dead to suppress it (one unmistakable word). */
const SURE_SCORE = 3;

/** Does any of the phrases `ids` occur in the scanned text? */
function anyOf(scan: PhraseScan, ids: readonly number[]): boolean {
  for (let k = 0; k < ids.length; k++) if (scan.has(ids[k]!)) return true;
  return false;
}

/** A verdict's rule, how it was reached, and the facts it was found by. */
interface Found {
  rule: BounceRule;
  confidence: Confidence;
  facts: Facts;
  /** Words that only lean towards the reason: not enough to suppress an address on. */
  unsure?: boolean;
}

/**
 * Build a classifier from its parts (see `ClassifierParts`). Passes, strongest evidence first:
 * 1. SES's authoritative sub-types (the address is on a suppression list);
 * 2. text rules, family by family in precedence order (provider code tables come first);
 * 3. the evidence stage: when no rule matched, the reason the text's words support best, the
 *    status code's own reason adding to its side;
 * 4. status and reply-code rules, then rules on SES's bounce type alone; then the fallback.
 * Two refinements follow. A dead-address verdict gives way to the evidence when the text also
 * names a cause on the sender's side or a state of the mailbox ("5.1.1 ... quota"): a code or
 * a loose phrase never outweighs such words, so no such text is suppressed. And a user-unknown
 * answer that came only after the content was sent is the `afterContent` rule (a filter).
 */
export function createClassifier(parts: ClassifierParts) {
  const { providers, families, evidence, afterContent, fallback } = parts;
  const familyRules = families.flatMap((family) => family.rules);
  const all = [...providers.flatMap((family) => family.rules), ...familyRules];
  const precedence = new Map<Reason, number>();
  for (const { reason } of familyRules) if (!precedence.has(reason)) precedence.set(reason, precedence.size);
  for (const { reason } of evidence) if (!precedence.has(reason)) precedence.set(reason, precedence.size);
  const reasons = [...precedence.keys()];

  // Every phrase of every kind goes into one matcher; ids are handed out in this order, so the
  // text rules' phrases come first, in precedence order.
  const phrases: Phrase[] = [];
  const add = (list: readonly Phrase[]) => list.map((phrase) => phrases.push(phrase) - 1);

  interface TextRule {
    rule: BounceRule;
    codes: Condition;
    unless: number[];
  }
  const textRules: TextRule[] = [];
  const ruleOfPhrase: number[] = [];
  for (const rule of all) {
    if (!rule.match.phrases) continue;
    const r = textRules.push({ rule, codes: codesCondition(rule.match), unless: [] }) - 1;
    for (const id of add(rule.match.phrases)) ruleOfPhrase[id] = r;
  }
  const textPhrases = phrases.length;
  // Guard lists are shared between many rules: each distinct guard phrase is matched once.
  const guardIds = new Map<Phrase, number>();
  const addGuards = (list: readonly Phrase[]) =>
    list.map((phrase) => guardIds.get(phrase) ?? guardIds.set(phrase, phrases.push(phrase) - 1).get(phrase)!);
  for (const textRule of textRules) textRule.unless = addGuards(textRule.rule.match.unless ?? []);
  const evidenceOfPhrase: number[] = [];
  evidence.forEach((words, e) => {
    for (const id of add(words.phrases)) evidenceOfPhrase[id] = e;
  });
  const counted = new Uint8Array(evidence.length);
  const afterContentIds = add(afterContent.phrases);
  const scanText = createPhraseMatcher(phrases);

  const codeRule = (rule: BounceRule) => ({ rule, codes: codesCondition(rule.match) });
  const authoritative = all.filter((rule) => rule.authoritative).map(codeRule);
  const untexted = all.filter((rule) => !rule.authoritative && !rule.match.phrases);
  const hasCodes = ({ match }: BounceRule) => Boolean(match.status || match.replyCode);
  const codeRules = untexted.filter(hasCodes).map(codeRule);
  const sesRules = untexted.filter((rule) => !hasCodes(rule)).map(codeRule);
  const first = (rules: readonly { rule: BounceRule; codes: Condition }[], facts: Facts) =>
    rules.find(({ codes }) => codes(facts))?.rule;

  // An evidence verdict takes party, action and remediation from the first general text rule of
  // its reason, its family's main rule (a rule for one blocklist or one provider would lend it
  // that list's or provider's words), and says that the reply itself was not recognised.
  const evidenceRules = new Map<Reason, BounceRule>();
  for (const rule of familyRules) {
    if (!rule.match.phrases || rule.blocklist || rule.provider || evidenceRules.has(rule.reason)) continue;
    const { reason, party, action, remediation } = rule;
    evidenceRules.set(reason, {
      id: `evidence.${reason}`,
      reason,
      match: {},
      party,
      action,
      explanation: `No rule knows this exact reply, but its words point to this: ${REASONS[reason]}`,
      remediation,
    });
  }

  const candidates = new Int32Array(phrases.length);
  const scores = new Float64Array(precedence.size);

  function firstTextRule(scan: PhraseScan, count: number, facts: Facts): BounceRule | undefined {
    let ruledOut = -1;
    for (let k = 0; k < count; k++) {
      const p = candidates[k]!;
      if (p >= textPhrases) break;
      const r = ruleOfPhrase[p]!;
      if (r === ruledOut) continue;
      const { rule, codes, unless } = textRules[r]!;
      if (!codes(facts)) ruledOut = r;
      else if (scan.has(p) && !anyOf(scan, unless)) return rule;
    }
    return undefined;
  }

  /**
   * The reason the words support best among those `only` admits, with its score (the weights
   * of its words, plus one when the status code names the same reason); undefined for none.
   */
  function weigh(scan: PhraseScan, count: number, facts: Facts, only: (reason: Reason) => boolean): { rule: BounceRule; score: number } | undefined {
    scores.fill(0);
    counted.fill(0);
    let any = false;
    for (let k = 0; k < count; k++) {
      const e = evidenceOfPhrase[candidates[k]!]!;
      if (e === undefined || counted[e] === 1) continue;
      const { reason, weight } = evidence[e]!;
      if (!only(reason) || !scan.has(candidates[k]!)) continue;
      counted[e] = 1;
      scores[precedence.get(reason)!]! += weight;
      any = true;
    }
    if (!any) return undefined;
    const byCode = first(codeRules, facts);
    if (byCode && only(byCode.reason)) scores[precedence.get(byCode.reason)!]! += 1;
    let best = 0;
    for (let k = 1; k < scores.length; k++) if (scores[k]! > scores[best]!) best = k;
    const rule = evidenceRules.get(reasons[best]!);
    // Words that only lean one way are sure enough when the status code says the same.
    return rule && { rule, score: byCode?.reason === rule.reason ? Math.max(scores[best]!, SURE_SCORE) : scores[best]! };
  }

  const anyReason = () => true;
  const contrary = (reason: Reason) => SENDER_FAULT_REASONS.has(reason) || MAILBOX_STATE_REASONS.has(reason);

  function find(facts: Facts, scan: PhraseScan | undefined): Found {
    const bySes = first(authoritative, facts);
    if (bySes) return { rule: bySes, confidence: 'rule', facts };
    let found: Found | undefined;
    const count = scan ? scan.candidates(candidates) : 0;
    if (scan) {
      const rule = firstTextRule(scan, count, facts);
      if (rule) found = { rule, confidence: 'rule', facts };
      else {
        const weighed = weigh(scan, count, facts, anyReason);
        if (weighed && weighed.score >= EVIDENCE_SCORE) {
          found = { rule: weighed.rule, confidence: 'evidence', facts, unsure: weighed.score < SURE_SCORE };
        }
      }
    }
    found ??= codeOrSes(facts);
    if (!scan || !ADDRESS_DEAD_REASONS.has(found.rule.reason) || found.rule.reason === 'suppressed') return found;
    const other = weigh(scan, count, facts, contrary);
    if (other && other.score >= CONTRARY_SCORE) return { rule: other.rule, confidence: 'evidence', facts };
    if (found.rule.reason === 'userunknown' && anyOf(scan, afterContentIds)) {
      return { rule: afterContent.rule, confidence: found.confidence, facts };
    }
    return found;
  }

  function codeOrSes(facts: Facts): Found {
    const rule = first(codeRules, facts) ?? first(sesRules, facts);
    return rule ? { rule, confidence: 'code', facts } : { rule: fallback, confidence: 'none', facts };
  }

  /** The rule for `bounce` read with `diagnostic` as its text, and the facts it was found by. */
  function judge(bounce: BounceEvidence, diagnostic: string | undefined): Found {
    const text = diagnostic ? normalise(diagnostic) : '';
    return find(factsOf(bounce, text), text ? scanText(phraseText(text)) : undefined);
  }

  return function classifyBounce(bounce: BounceEvidence): Classification {
    let { rule, confidence, facts, unsure } = judge(bounce, bounce.diagnostic);
    // Garbled text matches nothing, so the repair is tried only then: looking for garbling in
    // every text would cost a tenth of the classifier's time.
    if (confidence !== 'rule' && bounce.diagnostic) {
      const repaired = repairMojibake(bounce.diagnostic);
      if (repaired !== bounce.diagnostic) ({ rule, confidence, facts, unsure } = judge(bounce, repaired));
    }
    const permanence = rule.reason === 'suppressed' ? 'permanent' : permanenceOf(facts, bounce);
    const { suppress, action, remediation } = decide(rule, permanence, unsure === true);
    const classification: Classification = {
      reason: rule.reason,
      permanence,
      suppress,
      action,
      party: rule.party,
      rule: rule.id,
      confidence,
      explanation: rule.explanation,
      remediation,
    };
    if (rule.blocklist) classification.blocklist = rule.blocklist;
    if (rule.provider) classification.provider = rule.provider;
    if (rule.reference) classification.reference = rule.reference;
    if (facts.status) classification.status = facts.status;
    if (facts.replyCode !== undefined) classification.replyCode = facts.replyCode;
    return classification;
  };
}
