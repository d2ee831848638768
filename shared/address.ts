import { domainToASCII } from 'node:url';

export class InvalidAddressError extends Error {
  override readonly name = 'InvalidAddressError';
}

const ANGLE = /<([^<>]+)>\s*$/;

/**
 * Domains repeat: a day of bounces names a few thousand domains, and converting one costs a
 * trip into the URL parser. The cache is dropped whole when full, so it stays bounded without
 * bookkeeping.
 */
const asciiDomains = new Map<string, string>();
const ASCII_DOMAIN_CACHE_SIZE = 10_000;

function asciiDomain(domain: string): string {
  let ascii = asciiDomains.get(domain);
  if (ascii === undefined) {
    if (asciiDomains.size >= ASCII_DOMAIN_CACHE_SIZE) asciiDomains.clear();
    ascii = domainToASCII(domain);
    asciiDomains.set(domain, ascii);
  }
  return ascii;
}

/**
 * The key an address is stored under. The domain is lower-cased and IDN domains become their
 * ASCII (punycode) form, so `Ann@Exämple.COM` and `Ann@xn--exmple-cua.com` are one recipient;
 * the local part keeps its case because RFC 5321 lets a server treat it case-sensitively.
 * A display name (`"Ann" <ann@example.com>`) is dropped.
 */
export function normaliseAddress(raw: string): string {
  const bare = (ANGLE.exec(raw)?.[1] ?? raw).trim();
  const at = bare.lastIndexOf('@');
  if (at <= 0 || at === bare.length - 1) throw new InvalidAddressError(`"${raw}" is not an e-mail address`);
  const local = bare.slice(0, at);
  const domain = asciiDomain(bare.slice(at + 1).toLowerCase());
  if (!domain || /\s/.test(local)) throw new InvalidAddressError(`"${raw}" is not an e-mail address`);
  return `${local}@${domain}`;
}

/** The key for an address as SES spells it; one that cannot be parsed is kept, trimmed, so it is still recorded. */
export function addressKey(raw: string): string {
  try {
    return normaliseAddress(raw);
  } catch {
    return raw.trim();
  }
}

/** The domain part of a normalised address. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}
