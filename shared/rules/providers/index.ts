import type { RuleFamily } from '../types';

/** Providers' documented reply codes, one family per provider, tried before the general families. */
export const PROVIDER_RULES: readonly RuleFamily[] = [];
