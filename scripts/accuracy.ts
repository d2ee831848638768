/**
 * Measures the classifier against a labelled corpus (JSON lines with `diagnostic`, `status`,
 * `replycode`, `reason`, `hardbounce`). Those bounces come from non-SES mail, so the evidence
 * is the server's text and codes only, never an SES bounce type.
 *
 * Usage: npm run accuracy [FILE]   (default ../shared/corpus/dev.jsonl)
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { classifyBounce, type BounceEvidence } from '../shared/rules';

const LabelledBounceSchema = z.object({
  diagnostic: z.string(),
  status: z.string().optional(),
  replycode: z.union([z.number(), z.string()]).optional(),
  reason: z.string(),
  hardbounce: z.boolean(),
});
type LabelledBounce = z.infer<typeof LabelledBounceSchema>;

const file = process.argv[2] ?? '../shared/corpus/dev.jsonl';
if (!existsSync(file)) {
  console.error(`accuracy: corpus file not found: ${file}\nPass a JSON-lines file: npm run accuracy -- path/to/corpus.jsonl`);
  process.exit(2);
}

function evidenceOf(line: LabelledBounce): BounceEvidence {
  const replyCode = Number(line.replycode);
  return {
    diagnostic: line.diagnostic,
    status: line.status || undefined,
    replyCode: line.replycode !== '' && Number.isInteger(replyCode) ? replyCode : undefined,
  };
}

function parseLine(text: string, number: number): LabelledBounce {
  const fail = (problem: string): never => {
    console.error(`accuracy: ${file} line ${number}: ${problem}\nEach line must be a JSON object with diagnostic, reason, hardbounce and optionally status, replycode.`);
    process.exit(2);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail('not JSON');
  }
  const parsed = LabelledBounceSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

const lines = readFileSync(file, 'utf8')
  .split('\n')
  .flatMap((text, index) => (text.trim() ? [parseLine(text, index + 1)] : []));

let reasonAgree = 0;
let suppressAgree = 0;
const confusion = new Map<string, { count: number; example: string }>();
for (const line of lines) {
  const verdict = classifyBounce(evidenceOf(line));
  if (verdict.suppress === line.hardbounce) suppressAgree++;
  if (verdict.reason === line.reason) {
    reasonAgree++;
    continue;
  }
  const key = `${line.reason} → ${verdict.reason} (${verdict.rule})`;
  const entry = confusion.get(key) ?? { count: 0, example: line.diagnostic };
  entry.count++;
  confusion.set(key, entry);
}

const percent = (n: number) => `${((100 * n) / lines.length).toFixed(1)}%`;
console.log(`${lines.length} bounces from ${file}`);
console.log(`reason agreement:   ${percent(reasonAgree)} (${reasonAgree}/${lines.length})`);
console.log(`suppress agreement: ${percent(suppressAgree)} (${suppressAgree}/${lines.length})`);
if (confusion.size > 0) {
  console.log('\nconfusions (expected → got (rule), count, example):');
  for (const [key, { count, example }] of [...confusion].sort((a, b) => b[1].count - a[1].count)) {
    console.log(`  ${key}  ×${count}\n      ${example.slice(0, 160)}`);
  }
}
