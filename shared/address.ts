import { domainToASCII } from 'node:url';

export class InvalidAddressError extends Error {
  override readonly name = 'InvalidAddressError';
}

const ANGLE = /<([^<>]+)>\s*$/;

// A host name after IDN conversion: labels of letters, digits, '-' (not at either end) and '_'
// (found in the wild), at most 63 characters each and 253 in all; or an address literal.
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
const ADDRESS_LITERAL = /^\[[^[\]\s]+\]$/;
// A local part: quoted, or without the characters that separate addresses or need quoting.
const LOCAL_PART = /^(?:"[^"\r\n]+"|[^\s@,;:<>()[\]\\"]+)$/;

/**
 * Domains repeat: a day of bounces names a few thousand, and converting and checking one costs
 * a trip into the URL parser. The cache is dropped whole when full, so it stays bounded without
 * bookkeeping; `null` remembers a domain that is not one.
 */
const domains = new Map<string, string | null>();
const DOMAIN_CACHE_SIZE = 10_000;

function checkedDomain(lower: string): string | null {
  if (ADDRESS_LITERAL.test(lower)) return lower;
  const ascii = domainToASCII(lower);
  return HOST_NAME.test(ascii) ? ascii : null;
}

/** The key a domain is stored under: lower case, IDN as punycode; undefined when it is not one. */
export function normaliseDomain(raw: string): string | undefined {
  const lower = raw.trim().toLowerCase();
  let domain = domains.get(lower);
  if (domain === undefined) {
    if (domains.size >= DOMAIN_CACHE_SIZE) domains.clear();
    domain = checkedDomain(lower);
    domains.set(lower, domain);
  }
  return domain ?? undefined;
}

/**
 * The key an address is stored under: lower case, the IDN domain in its ASCII (punycode) form,
 * so `Ann@Exämple.COM` and `ann@xn--exmple-cua.com` are one recipient. RFC 5321 would let a
 * server treat the local part case-sensitively, but no major mailbox provider does, and a
 * sender's database that spells an address `Ann@` must find the suppression SES reported for
 * `ann@`. A display name (`"Ann" <ann@example.com>`) is dropped.
 */
export function normaliseAddress(raw: string): string {
  const bare = (ANGLE.exec(raw)?.[1] ?? raw).trim();
  const at = bare.lastIndexOf('@');
  const local = bare.slice(0, Math.max(at, 0));
  const domain = at > 0 && LOCAL_PART.test(local) ? normaliseDomain(bare.slice(at + 1)) : undefined;
  if (!domain) throw new InvalidAddressError(`"${raw}" is not an e-mail address`);
  return `${local.toLowerCase()}@${domain}`;
}

/** RFC 5321 section 4.5.3.1: a local part of at most 64 octets, a path of at most 256 (254 without its brackets). */
export const MAX_ADDRESS_LENGTH = 254;
export const MAX_LOCAL_PART_OCTETS = 64;

/**
 * The key to look an address up under (see `normaliseAddress`), refusing one longer than RFC
 * 5321 allows: no mail system accepts it, so nothing can be recorded under it, and DynamoDB
 * would refuse the key. Throws `InvalidAddressError` naming what is wrong.
 */
export function lookupAddress(raw: string): string {
  const address = normaliseAddress(raw);
  if (address.length > MAX_ADDRESS_LENGTH) {
    throw new InvalidAddressError(`not an e-mail address: longer than ${MAX_ADDRESS_LENGTH} characters (RFC 5321)`);
  }
  if (Buffer.byteLength(address.slice(0, address.lastIndexOf('@'))) > MAX_LOCAL_PART_OCTETS) {
    throw new InvalidAddressError(`not an e-mail address: local part longer than ${MAX_LOCAL_PART_OCTETS} octets (RFC 5321)`);
  }
  return address;
}

/** The key for an address as SES spells it; one that cannot be parsed is kept, trimmed and lower-cased, so it is still recorded. */
export function addressKey(raw: string): string {
  try {
    return normaliseAddress(raw);
  } catch {
    // Keys cannot be empty: a blank address is recorded under one placeholder.
    return raw.trim().toLowerCase() || BLANK_ADDRESS;
  }
}

const BLANK_ADDRESS = '(blank)@invalid';

/**
 * The domain part of a normalised address. An address SES reported without one (`ann@`) gets
 * `invalid` (reserved by RFC 2606), since index keys cannot be empty.
 */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1) || 'invalid';
}
