/**
 * Recipient addresses are personal data; logs keep the first character of the local part and
 * the domain (`a***@example.com`), enough to see which provider is affected. Every form RFC 5321
 * section 4.1.2 allows is masked: dot-atom and quoted local parts (`"john doe"@example.com`,
 * also as it appears inside JSON text, `\"john doe\"@…`), UTF-8 local parts and domains
 * (RFC 6531), single-label domains (`root@localhost`), address literals (`ann@[192.0.2.1]`,
 * `ann@[IPv6:2001:db8::1]`) and an address SES reported without a domain (`ann@`).
 */
const QUOTED = String.raw`"(?:[^"\\\r\n]|\\[^\r\n])*"`;
// Inside JSON text the quotes are escaped and a quoted pair's backslash is doubled.
const QUOTED_IN_JSON = String.raw`\\"(?:[^"\\\r\n]|\\\\[^\r\n])*\\"`;
const DOT_ATOM = String.raw`[^\s"<>()[\]\\,;:@]+`;
const DOMAIN = String.raw`\[[^\]\s\\]*\]|[^\s"'<>()[\]\\,;:@/]+`;
// Starting only where a token starts keeps long text without addresses linear, and masks a
// local part of any length from its first character.
const ADDRESS = new RegExp(`(?<![^\\s"<>()[\\]\\\\,;:])(${QUOTED_IN_JSON}|${QUOTED}|${DOT_ATOM})@(${DOMAIN})?`, 'gu');
const QUOTE = /^\\?"/;

function maskLocal(local: string): string {
  const open = QUOTE.exec(local)?.[0];
  if (open === undefined) return `${String.fromCodePoint(local.codePointAt(0) ?? 0x2a)}***`;
  const first = local.codePointAt(open.length);
  const inner = first === undefined || local.length <= open.length * 2 ? '' : String.fromCodePoint(first);
  return `${open}${inner}***${open}`;
}

export type Redact = (text: string) => string;

export const maskAddresses: Redact = (text) =>
  text.replace(ADDRESS, (_match, local: string, domain: string | undefined) => `${maskLocal(local)}@${domain ?? ''}`);

export const keepAddresses: Redact = (text) => text;
