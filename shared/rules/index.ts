import { createClassifier } from './engine';
import { userunknown } from './families/userunknown';
import type { BounceRule, RuleFamily } from './types';

/**
 * Precedence, declared once: the first family whose rule matches wins within each pass (see
 * `createClassifier`). Sender-side refusals come first because their messages often carry a
 * recipient-looking code ("550 5.1.1 ... listed at zen.spamhaus.org").
 */
export const FAMILIES: readonly RuleFamily[] = [userunknown];

export const FALLBACK_RULE: BounceRule = {
  id: 'undefined.unrecognised',
  reason: 'undefined',
  match: {},
  party: 'unknown',
  action: 'review',
  explanation: 'No rule recognised this bounce.',
  remediation: 'Read the diagnostic; if it recurs, report it so a rule can be added.',
};

export const classifyBounce = createClassifier(FAMILIES, FALLBACK_RULE);
export type { BounceEvidence, Classification } from './engine';
