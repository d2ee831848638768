import { z } from 'zod';
import { normaliseDomain } from '../address';
import { REASON_NAMES } from '../reasons';
import { InvalidTimeError, parseTime } from './time';

/**
 * The inputs of every query, validated the same way for the CLI (commander argument parsers)
 * and the HTTP API (query-string schemas), so both reject the same values with the same words.
 */

export const DEFAULT_LIMIT = 50;
/** A page reads up to SHARDS (or reasons × SHARDS) × limit items: keep it bounded. */
export const MAX_LIMIT = 1000;

export const LimitSchema = z.coerce
  .number({ error: 'expected a whole number' })
  .int('expected a whole number')
  .min(1, 'expected at least 1')
  .max(MAX_LIMIT, `expected at most ${MAX_LIMIT}`);

export const ReasonSchema = z.enum(REASON_NAMES, { error: 'not a reason; see `bounces --help` for the list' });

export const STATS_BY = ['reason', 'domain', 'day'] as const;
export type StatsBy = (typeof STATS_BY)[number];
export const StatsBySchema = z.enum(STATS_BY, { error: `expected one of ${STATS_BY.join(', ')}` });

/** The key domains are stored under (lower case, IDN as punycode), as normaliseAddress does. */
export const DomainSchema = z.string().transform((raw, ctx) => {
  const domain = normaliseDomain(raw);
  if (!domain) {
    ctx.addIssue({ code: 'custom', message: `"${raw}" is not a domain` });
    return z.NEVER;
  }
  return domain;
});

/**
 * A time as written (`7d`, `2026-11-01`, ISO): checked here, resolved by the query itself, so a
 * relative time in a follow-up request with a cursor means the same window as the first one.
 */
export const TimeSchema = z.string().superRefine((raw, ctx) => {
  try {
    parseTime(raw);
  } catch (error) {
    if (!(error instanceof InvalidTimeError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
  }
});

export const CursorSchema = z.string().min(1, 'expected a cursor from a previous page');

/** The first problem of a failed parse, as one line. */
export function firstIssue(error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0];
  return { path: issue?.path.join('.') ?? '', message: issue?.message ?? 'invalid value' };
}
