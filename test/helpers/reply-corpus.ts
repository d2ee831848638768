/**
 * The provider reply corpus (`test/fixtures/replies/*.jsonl`): real replies of mail providers,
 * filters, blocklists and MTAs, each with the verdict it must get. Read by `test/replies.test.ts`
 * and by `npm run accuracy`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { REASON_NAMES } from '../../shared/reasons';
import { ACTIONS } from '../../shared/verdict';

export const REPLY_CORPUS_DIR = new URL('../fixtures/replies/', import.meta.url).pathname;

export const LabelledReplySchema = z.strictObject({
  /** The server's reply, as SES puts it after `smtp; ` in `diagnosticCode`. */
  reply: z.string().min(1),
  status: z.string().regex(/^[245]\.\d{1,3}\.\d{1,3}$/).optional(),
  replyCode: z.number().int().min(200).max(599).optional(),
  reason: z.enum(REASON_NAMES),
  suppress: z.boolean(),
  action: z.enum(ACTIONS).optional(),
  /** Where the reply was published: a provider's page, an RFC, a public issue. */
  source: z.string().min(1),
  provider: z.string().optional(),
});
export type LabelledReply = z.infer<typeof LabelledReplySchema> & { file: string; line: number };

/** Every line of every `.jsonl` file in `dir`; throws naming the file and line of a bad one. */
export function loadReplyCorpus(dir = REPLY_CORPUS_DIR): LabelledReply[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) =>
      readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .flatMap((text, index) => {
          if (!text.trim()) return [];
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch {
            throw new Error(`${name} line ${index + 1}: not JSON`);
          }
          const parsed = LabelledReplySchema.safeParse(value);
          if (!parsed.success) throw new Error(`${name} line ${index + 1}: ${z.prettifyError(parsed.error)}`);
          return [{ ...parsed.data, file: name, line: index + 1 }];
        }),
    );
}
