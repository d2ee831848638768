import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { InvalidCursorError } from '../store';

export { InvalidCursorError };

/** 128 bits of HMAC-SHA256: plenty against guessing, and keeps cursors short enough for URLs. */
const TAG_BYTES = 16;

/**
 * Opaque page cursors: `base64url(JSON).base64url(HMAC-SHA256 tag)`.
 *
 * The tag is integrity, not secrecy: anyone can base64-decode a cursor (it holds the key of
 * the last item of a page the caller already has). It makes an edited, truncated or made-up
 * cursor fail with InvalidCursorError instead of turning into a DynamoDB ExclusiveStartKey
 * that reads some other partition. The deployed query function keys it with a secret the
 * stack generates (CURSOR_SECRET_ARN, see functions/query-api/index.ts), so forged cursors are
 * rejected too. The default key, derived from the table name, is for the CLI and `bounces
 * local` only: it protects against accidents, not against someone who knows the table name
 * (set BOUNCES_CURSOR_SECRET to the stack's secret to exchange cursors with the deployed API).
 * A decoded state is still validated before use (see list.ts): the tag proves who issued a
 * cursor, not that its contents are safe to send to DynamoDB.
 *
 * A cursor names the query it belongs to (a digest of `scope`), so a cursor reused with
 * another filter is rejected rather than silently resuming at an unrelated position.
 */
export interface CursorCodec {
  encode(scope: string, state: unknown): string;
  decode<T>(scope: string, cursor: string, schema: z.ZodType<T>): T;
}

export function cursorKey(eventsTable: string, secret: string | undefined): Buffer {
  return createHash('sha256')
    .update(secret ? `secret:${secret}` : `table:${eventsTable}`)
    .digest();
}

const digest = (scope: string) => createHash('sha256').update(scope).digest('base64url').slice(0, 11);

export function createCursorCodec(key: Buffer): CursorCodec {
  const tag = (payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, TAG_BYTES);
  return {
    encode(scope, state) {
      const payload = JSON.stringify({ q: digest(scope), s: state });
      return `${Buffer.from(payload).toString('base64url')}.${tag(payload).toString('base64url')}`;
    },
    decode(scope, cursor, schema) {
      const [body = '', mac = '', ...rest] = cursor.split('.');
      const payload = Buffer.from(body, 'base64url').toString('utf8');
      const given = Buffer.from(mac, 'base64url');
      const expected = tag(payload);
      // Re-encoding catches characters base64url decoding silently skips.
      const canonical = Buffer.from(payload).toString('base64url') === body && given.toString('base64url') === mac;
      if (rest.length > 0 || !canonical || given.length !== TAG_BYTES || !timingSafeEqual(given, expected)) {
        throw new InvalidCursorError('the cursor is damaged or was not issued by this service');
      }
      const { q, s } = JSON.parse(payload) as { q: unknown; s: unknown };
      if (q !== digest(scope)) throw new InvalidCursorError('the cursor belongs to a query with other filters');
      const state = schema.safeParse(s);
      if (!state.success) throw new InvalidCursorError('the cursor is not valid for this query');
      return state.data;
    },
  };
}
