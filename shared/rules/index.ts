import { type BounceEvidence, type Classification, createClassifier } from './engine';
import { EVIDENCE } from './evidence';
import { PROVIDER_RULES } from './providers';
import { authfailure } from './families/authfailure';
import { badreputation } from './families/badreputation';
import { blocked, blockedAtConnection } from './families/blocked';
import { contenterror } from './families/contenterror';
import { exceedlimit } from './families/exceedlimit';
import { expired } from './families/expired';
import { filtered } from './families/filtered';
import { greylisting } from './families/greylisting';
import { hasmoved } from './families/hasmoved';
import { hostunknown } from './families/hostunknown';
import { mailboxfull } from './families/mailboxfull';
import { mailererror } from './families/mailererror';
import { mesgtoobig } from './families/mesgtoobig';
import { networkerror } from './families/networkerror';
import { norelaying } from './families/norelaying';
import { notaccept } from './families/notaccept';
import { notcompliantrfc } from './families/notcompliantrfc';
import { onhold } from './families/onhold';
import { policyviolation } from './families/policyviolation';
import { rejected } from './families/rejected';
import { requireptr } from './families/requireptr';
import { securityerror } from './families/securityerror';
import { spamdetected } from './families/spamdetected';
import { speeding } from './families/speeding';
import { suppressed } from './families/suppressed';
import { suspend } from './families/suspend';
import { syntaxerror } from './families/syntaxerror';
import { systemerror } from './families/systemerror';
import { systemfull } from './families/systemfull';
import { toomanyconn } from './families/toomanyconn';
import { userunknown } from './families/userunknown';
import { virusdetected } from './families/virusdetected';
import type { BounceRule, RuleFamily } from './types';

/**
 * Precedence, declared once: the first family whose rule matches wins within each pass (see
 * `createClassifier`). The order follows who the text is really about:
 *
 * 1. SES's own suppression wording: SES never tried the receiver, so nothing else applies.
 *    (Before all families, the providers' documented codes of `providers/` are tried: a code
 *    its provider documents says more than any general wording.)
 *    Then greylisting: its word marks a deferral to retry, whatever refusal it is dressed in
 *    ("blocked using grey.rbl ... Greylisted").
 * 2. Refusals of the *sender* (PTR, blocklists, reputation, virus, security, authentication,
 *    spam, rate, envelope sender, relaying, site policy, recipient filters). Receivers often
 *    wrap them in a recipient-looking code ("550 5.1.1 ... blocked using zen.spamhaus.org"),
 *    and calling them userunknown would suppress a good address. PTR comes before blocklists
 *    because PTR refusals often say "blocked"; blocklists come before reputation and rate
 *    because their texts name the list, the most actionable fact.
 * 3. Faults of the *message* (limits, size, format): specific, rarely ambiguous.
 * 4. The *recipient's* mailbox, most specific state first: moved, disabled and full mailboxes
 *    are often reported as "mailbox unavailable", which userunknown would otherwise claim.
 * 5. The *domain*: null MX before temporary DNS errors before "host unknown", because
 *    Gmail's DNS-error text contains both "null MX" and "not found".
 * 6. Faults of the receiving *infrastructure*, then a bare refusal at connection time (it can
 *    only be about the sending IP, but every family above names a more precise cause), and
 *    last the generic give-up texts (expired), because MTAs append "giving up"/"in the queue
 *    too long" to every kind of final failure.
 * 7. SMTP syntax, then SES-only verdicts without a cause.
 */
export const FAMILIES: readonly RuleFamily[] = [
  suppressed,
  greylisting,
  requireptr,
  blocked,
  badreputation,
  virusdetected,
  securityerror,
  authfailure,
  spamdetected,
  toomanyconn,
  speeding,
  rejected,
  norelaying,
  policyviolation,
  filtered,
  exceedlimit,
  mesgtoobig,
  contenterror,
  notcompliantrfc,
  hasmoved,
  suspend,
  mailboxfull,
  userunknown,
  notaccept,
  networkerror,
  hostunknown,
  systemfull,
  mailererror,
  systemerror,
  blockedAtConnection,
  expired,
  syntaxerror,
  onhold,
];

export const FALLBACK_RULE: BounceRule = {
  id: 'undefined.unrecognised',
  reason: 'undefined',
  match: {},
  party: 'unknown',
  action: 'review',
  explanation: 'No rule recognised this bounce.',
  remediation: 'Read the diagnostic; if it recurs, report it so a rule can be added.',
};

/**
 * Replies that show the refusal came only after the message content was sent (end of DATA): a
 * "user unknown" there is a filter's answer, not a fact about the mailbox (RFC 5321 section
 * 3.3: recipients are accepted or refused at RCPT, before any content).
 */
const AFTER_CONTENT = ['end of data', 'after data', 'data command', 'after end of message'];

const FILTERED_AFTER_CONTENT: BounceRule = {
  id: 'filtered.after-content',
  reason: 'filtered',
  match: {},
  party: 'recipient',
  action: 'contact-recipient',
  explanation:
    'The server accepted this recipient, read the message, and only then answered "no such user". Servers check recipients before the content, so this is a filter refusing the message in the words of a missing mailbox; the address itself may well exist.',
  remediation:
    'Do not treat the address as dead. Check the message for anything a strict filter refuses, and confirm the address with the recipient another way; if it keeps bouncing this way, stop mailing it.',
};

let classifier: ((evidence: BounceEvidence) => Classification) | undefined;

/**
 * Classify one bounced recipient: `{diagnostic?, status?, replyCode?, bounceType?,
 * bounceSubType?}` in, a `Classification` out. Pure and synchronous; never throws. The rules
 * are compiled on the first call (tens of ms), not when the module loads, so commands and
 * functions that never classify do not pay for it.
 */
export function classifyBounce(evidence: BounceEvidence): Classification {
  classifier ??= createClassifier({
    providers: PROVIDER_RULES,
    families: FAMILIES,
    evidence: EVIDENCE,
    afterContent: { phrases: AFTER_CONTENT, rule: FILTERED_AFTER_CONTENT },
    fallback: FALLBACK_RULE,
  });
  return classifier(evidence);
}
export type { BounceEvidence, Classification, Confidence } from './engine';
export { PROVIDER_RULES };
