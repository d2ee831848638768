import { z } from 'zod';
import { InvalidAddressError, lookupAddress, normaliseDomain } from '../address';
import { PROVIDER_IDS } from '../providers';
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

export const STATS_BY = ['reason', 'domain', 'provider', 'day'] as const;
export type StatsBy = (typeof STATS_BY)[number];
export const StatsBySchema = z.enum(STATS_BY, { error: `expected one of ${STATS_BY.join(', ')}` });

/**
 * Limits on domains, from RFC 5321 section 4.5.3.1 (addresses: see `lookupAddress`): at most 255
 * octets. They also keep every key well inside DynamoDB's limits (partition key 2048 bytes, sort
 * key 1024 bytes), which would otherwise refuse the request with an error that is no fault of
 * the caller's. https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.1
 */
export const MAX_DOMAIN_LENGTH = 255;
/** How much text is looked at before parsing at all: room for a display name before an address. */
const MAX_RAW_LENGTH = 1024;
/** A cursor is a few hundred characters; its keys are bounded by the limits above. */
export const MAX_CURSOR_LENGTH = 4096;
const MAX_TIME_LENGTH = 64;

/** A lone UTF-16 surrogate: no text, and no UTF-8 encoding of it exists for DynamoDB to store. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Text within `max` characters that is well-formed Unicode, before any parsing. */
const boundedText = (max: number, what: string) =>
  z
    .string()
    .max(max, `not ${what}: too long`)
    .refine((text) => !LONE_SURROGATE.test(text), `not ${what}: it holds an unpaired UTF-16 surrogate`);

/** A mailbox provider detectProvider names (see shared/providers). */
export const ProviderSchema = z.enum(PROVIDER_IDS, { error: `not a provider; expected one of ${PROVIDER_IDS.join(', ')}` });

/** The key domains are stored under (lower case, IDN as punycode), as normaliseAddress does. */
export const DomainSchema = boundedText(MAX_RAW_LENGTH, 'a domain').transform((raw, ctx) => {
  const domain = normaliseDomain(raw);
  if (!domain || domain.length > MAX_DOMAIN_LENGTH) {
    ctx.addIssue({ code: 'custom', message: `"${raw}" is not a domain` });
    return z.NEVER;
  }
  return domain;
});

/**
 * The key an address is stored under (see normaliseAddress), within RFC 5321's limits: an
 * address longer than any mail system accepts cannot have been recorded, and is refused rather
 * than looked up.
 */
export const AddressSchema = boundedText(MAX_RAW_LENGTH, 'an e-mail address').transform((raw, ctx) => {
  try {
    return lookupAddress(raw);
  } catch (error) {
    if (!(error instanceof InvalidAddressError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message.startsWith('not an e-mail address') ? error.message : 'not an e-mail address' });
    return z.NEVER;
  }
});

/**
 * A time as written (`7d`, `2026-11-01`, ISO): checked here, resolved by the query itself, so a
 * relative time in a follow-up request with a cursor means the same window as the first one.
 */
export const TimeSchema = boundedText(MAX_TIME_LENGTH, 'a time').superRefine((raw, ctx) => {
  try {
    parseTime(raw);
  } catch (error) {
    if (!(error instanceof InvalidTimeError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
  }
});

export const CursorSchema = z
  .string()
  .min(1, 'expected a cursor from a previous page')
  .max(MAX_CURSOR_LENGTH, 'not a cursor this service issued: too long');

/** The first problem of a failed parse, as one line. */
export function firstIssue(error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0];
  return { path: issue?.path.join('.') ?? '', message: issue?.message ?? 'invalid value' };
}
