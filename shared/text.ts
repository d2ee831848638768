/** The longest prefix of `text` within `maxBytes` of UTF-8, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(maxBytes, 0);
  // Back off to a character boundary: continuation bytes look like 10xxxxxx.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

/** An error as one line for logs and dead-letter records, with the causes an AggregateError holds. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const text = `${error.name}: ${error.message}`;
  return error instanceof AggregateError && error.errors.length > 0
    ? `${text} (${error.errors.map(errorText).join('; ')})`
    : text;
}

// Only Latin-1 code points, at least one of them non-ASCII: the shape UTF-8 takes when a
// gateway decodes it as Latin-1 ("ã¦ã¼ã¶ã¼" for "ユーザー").
const LATIN1_ONLY = /^[\u0000-\u00ff]*$/;
const NON_ASCII = /[\u0080-\u00ff]/;

/**
 * UTF-8 text that some gateway decoded as Latin-1, decoded again; any other text unchanged.
 * Genuine Latin-1 text ("café") is almost never valid UTF-8 once re-encoded, so the check that
 * the repair decodes cleanly tells the two apart.
 */
export function repairMojibake(text: string): string {
  if (!NON_ASCII.test(text) || !LATIN1_ONLY.test(text)) return text;
  const repaired = Buffer.from(text, 'latin1').toString('utf8');
  return repaired.includes('\uFFFD') ? text : repaired;
}
