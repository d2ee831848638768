/**
 * Recipient addresses are personal data; logs keep the first character of the local part and
 * the domain (`a***@example.com`), enough to see which provider is affected.
 */
const ADDRESS = /([^\s"'<>(),;:@]+)@([A-Za-z0-9.-]+\.[A-Za-z0-9-]+)/g;

export type Redact = (text: string) => string;

export const maskAddresses: Redact = (text) =>
  text.replace(ADDRESS, (_match, local: string, domain: string) => `${local.slice(0, 1)}***@${domain}`);

export const keepAddresses: Redact = (text) => text;
