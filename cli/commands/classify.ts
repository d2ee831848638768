import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { type Command, InvalidArgumentError } from 'commander';
import { classifyLines, defaultParallelism, explicitParallelism } from '../classify-lines';
import { EXIT, LineWriter, errorMessage, fail } from '../output';

const HELP_AFTER = `
Input:
  One notification per line, in any form SES delivers it:
    - an SNS envelope ({"Type": "Notification", "Message": "<SES notification as a string>"})
    - a raw SES notification ({"notificationType": "Bounce", ...})
    - an SES event-publishing record ({"eventType": "Bounce", ...})
  Blank lines are skipped. Deliveries and events that carry no verdict (Open, Click, Send,
  ...) produce no output.

Output (stdout, one JSON object a line, in input order):
  - one verdict per bounced or complaining recipient: recipient, reason, permanence,
    suppress, party, action, rule, explanation, remediation, blocklist (when listed), and the
    evidence (status, replyCode, diagnostic, bounceType, feedbackId, messageId, timestamps)
  - {"line": N, "error": "..."} for a line that is not a valid notification; processing
    goes on with the next line

Exit codes:
  0  every line parsed
  1  at least one line was rejected (see the {"line", "error"} objects on stdout; stderr
     says how many)
  2  usage error, or FILE cannot be read

Examples:
  $ bounces classify notifications.jsonl > verdicts.jsonl
  $ bounces classify notifications.jsonl | jq -c 'select(.suppress) | .recipient'
  $ aws sqs receive-message --queue-url "$QUEUE" --max-number-of-messages 10 \\
      | jq -c '.Messages[].Body | fromjson' | bounces classify
`;

async function openInput(file: string | undefined): Promise<Readable> {
  if (file === undefined || file === '-') {
    if (process.stdin.isTTY) {
      process.stderr.write('bounces: reading notifications from stdin; press Ctrl-D to end\n');
    }
    return process.stdin;
  }
  try {
    const handle = await open(file, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      fail(`cannot read ${file}: it is a directory`);
    }
    return handle.createReadStream({ highWaterMark: 64 * 1024 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${errorMessage(error)}`);
  }
}

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64.');
  return jobs;
}

export function register(program: Command): void {
  program
    .command('classify')
    .summary('turn SES notifications (JSON lines) into verdicts (JSON lines)')
    .description(
      'Read SES bounce, complaint and delivery notifications, one JSON object a line, and print one ' +
        'verdict a line for every bounced or complaining recipient. Streams: input of any size ' +
        'runs in constant memory.',
    )
    .argument('[file]', 'JSON lines file of notifications; stdin when omitted or "-"')
    .option(
      '--jobs <n>',
      'worker threads for large inputs; 1 classifies on the main thread alone ' +
        '(default: 1 on 2 CPUs or fewer, where threads cost more than they gain; else one per CPU but one, at most 8, past 25,000 lines)',
      parseJobs,
    )
    .addHelpText('after', HELP_AFTER)
    .action(async (file: string | undefined, options: { jobs?: number }) => {
      const input = await openInput(file);
      const writer = new LineWriter();
      let rejected: number;
      try {
        const parallelism = options.jobs ? explicitParallelism(options.jobs) : defaultParallelism(availableParallelism());
        rejected = await classifyLines(input, writer, parallelism);
      } catch (error) {
        // I/O failures (EISDIR, EIO, ENOSPC) are the user's to fix; anything else is a bug.
        if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
        await writer.flush().catch(() => undefined);
        fail(`${file ?? 'stdin'}: ${errorMessage(error)}`);
      } finally {
        if (input !== process.stdin) input.destroy();
      }
      if (rejected > 0) {
        // The {"line", "error"} objects go to stdout with the verdicts, often into a file: say
        // on the terminal why the exit code is 1.
        const lines = rejected === 1 ? '1 line' : `${rejected} lines`;
        process.stderr.write(`bounces: ${lines} of ${file ?? 'stdin'} rejected as not SES notifications; see the {"line", "error"} objects in the output\n`);
      }
      process.exitCode = rejected > 0 ? EXIT.badInput : EXIT.ok;
    });
}
