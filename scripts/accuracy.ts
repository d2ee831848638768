/**
 * Measures the classifier against labelled real bounces, one report per corpus:
 *
 * - the provider reply corpus in the repo (`test/fixtures/replies/*.jsonl`: providers'
 *   published replies and bounces pasted in public issues, with the verdict each must get);
 * - a JSON-lines file of labelled diagnostics (`diagnostic`, `status`, `replycode`, `reason`,
 *   `hardbounce`), by default `../shared/corpus/dev.jsonl`, bounces from the public collection
 *   of the Sisimai project labelled by Sisimai; skipped when absent (a user's clone has none).
 *
 * Those bounces come from non-SES mail, so the evidence is the server's text and codes only,
 * never an SES bounce type. Each report gives reason and suppress agreement, the share of
 * `undefined`, false suppressions (a good address the verdict would suppress), verdicts by
 * confidence, and the confusions.
 *
 * Usage: npm run accuracy [FILE]
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { type BounceEvidence, classifyBounce } from '../shared/rules';
import { loadReplyCorpus } from '../test/helpers/reply-corpus';

interface Labelled {
  evidence: BounceEvidence;
  reason: string;
  suppress: boolean;
  text: string;
}

const LabelledBounceSchema = z.object({
  diagnostic: z.string(),
  status: z.string().optional(),
  replycode: z.union([z.number(), z.string()]).optional(),
  reason: z.string(),
  hardbounce: z.boolean(),
});

function readDiagnostics(file: string): Labelled[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((text, index) => {
      if (!text.trim()) return [];
      const parsed = LabelledBounceSchema.safeParse(JSON.parse(text));
      if (!parsed.success) {
        console.error(`accuracy: ${file} line ${index + 1}: ${z.prettifyError(parsed.error)}`);
        process.exit(2);
      }
      const line = parsed.data;
      const replyCode = Number(line.replycode);
      return [
        {
          evidence: {
            diagnostic: line.diagnostic,
            status: line.status || undefined,
            replyCode: line.replycode !== '' && Number.isInteger(replyCode) ? replyCode : undefined,
          },
          reason: line.reason,
          suppress: line.hardbounce,
          text: line.diagnostic,
        },
      ];
    });
}

function report(title: string, lines: readonly Labelled[]): void {
  let reasonAgree = 0;
  let suppressAgree = 0;
  let undefinedCount = 0;
  const falseSuppressions: string[] = [];
  const byConfidence = new Map<string, { count: number; right: number }>();
  const confusion = new Map<string, { count: number; example: string }>();
  for (const line of lines) {
    const verdict = classifyBounce(line.evidence);
    const right = verdict.reason === line.reason;
    if (verdict.suppress === line.suppress) suppressAgree++;
    else if (verdict.suppress) falseSuppressions.push(`${line.reason} → ${verdict.reason} (${verdict.rule}): ${line.text.slice(0, 140)}`);
    if (verdict.reason === 'undefined') undefinedCount++;
    const confidence = byConfidence.get(verdict.confidence) ?? { count: 0, right: 0 };
    confidence.count++;
    if (right) confidence.right++;
    byConfidence.set(verdict.confidence, confidence);
    if (right) {
      reasonAgree++;
      continue;
    }
    const key = `${line.reason} → ${verdict.reason} (${verdict.rule})`;
    const entry = confusion.get(key) ?? { count: 0, example: line.text };
    entry.count++;
    confusion.set(key, entry);
  }
  const percent = (n: number) => `${((100 * n) / lines.length).toFixed(1)}%`;
  console.log(`\n## ${title}: ${lines.length} bounces`);
  console.log(`reason agreement:   ${percent(reasonAgree)} (${reasonAgree}/${lines.length})`);
  console.log(`suppress agreement: ${percent(suppressAgree)} (${suppressAgree}/${lines.length})`);
  console.log(`undefined:          ${percent(undefinedCount)} (${undefinedCount})`);
  console.log(`false suppressions: ${falseSuppressions.length}`);
  for (const line of falseSuppressions) console.log(`  ${line}`);
  console.log(
    `by confidence:      ${[...byConfidence].map(([name, { count, right }]) => `${name} ${count} (${Math.round((100 * right) / count)}% right)`).join(', ')}`,
  );
  if (confusion.size > 0) {
    console.log('confusions (expected → got (rule), count, example):');
    for (const [key, { count, example }] of [...confusion].sort((a, b) => b[1].count - a[1].count)) {
      console.log(`  ${key}  ×${count}\n      ${example.slice(0, 160)}`);
    }
  }
}

report(
  'provider reply corpus (test/fixtures/replies)',
  loadReplyCorpus().map((line) => ({
    evidence: { diagnostic: line.reply, status: line.status, replyCode: line.replyCode },
    reason: line.reason,
    suppress: line.suppress,
    text: `${line.file}:${line.line} ${line.reply}`,
  })),
);

const file = process.argv[2] ?? '../shared/corpus/dev.jsonl';
if (existsSync(file)) report(`labelled diagnostics (${file})`, readDiagnostics(file));
else if (process.argv[2]) {
  console.error(`accuracy: corpus file not found: ${file}\nPass a JSON-lines file: npm run accuracy -- path/to/corpus.jsonl`);
  process.exit(2);
} else console.log(`\n(${file} not found: only the provider corpus was measured)`);
