import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Command } from 'commander';
import { verdictsFor } from '../../shared/classify';
import { NotificationParseError, parseNotification } from '../../shared/notification';
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
  1  at least one line was rejected (see the {"line", "error"} objects on stdout)
  2  usage error, or FILE cannot be read

Examples:
  $ bounces classify notifications.jsonl > verdicts.jsonl
  $ bounces classify notifications.jsonl | jq -c 'select(.suppress) | .recipient'
  $ aws sqs receive-message --queue-url "$QUEUE" --max-number-of-messages 10 \\
      | jq -c '.Messages[].Body | fromjson' | bounces classify
`;

/** The output lines for one input line: its verdicts, or nothing. */
function verdictLines(line: string): string {
  const notification = parseNotification(line);
  if (notification.type === 'ignored') return '';
  return verdictsFor(notification)
    .map((verdict) => JSON.stringify(verdict))
    .join('\n');
}

const BLANK = /^\s*$/;
const LINE_BREAK = /\r\n|\n|\r/;

/**
 * The lines of `input`, split as readline splits them (`\n`, `\r\n` or a lone `\r` ends one),
 * one array per chunk read: readline's per-line events and promises cost more than parsing.
 */
async function* lineBatches(input: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  const split = (text: string) => (text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n'));
  let carry = '';
  for await (const chunk of input) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    // A final \r may be the first half of a \r\n: it waits for the next chunk.
    const cut = text.endsWith('\r') ? text.length - 1 : text.length;
    const lines = split(text.slice(0, cut));
    carry = lines.pop()! + text.slice(cut);
    yield lines;
  }
  const lines = split(carry + decoder.end());
  if (lines.at(-1) === '') lines.pop();
  yield lines;
}

/**
 * Classify every line of `input` into `writer`. Returns how many lines were rejected. Only
 * NotificationParseError marks a line bad; anything else is a bug and propagates.
 */
export async function classifyLines(input: Readable, writer: LineWriter): Promise<number> {
  let lineNumber = 0;
  let rejected = 0;
  for await (const lines of lineBatches(input)) {
    for (const line of lines) {
      lineNumber += 1;
      if (BLANK.test(line)) continue;
      let output: string;
      try {
        output = verdictLines(line);
      } catch (error) {
        if (!(error instanceof NotificationParseError)) throw error;
        rejected += 1;
        output = JSON.stringify({ line: lineNumber, error: error.message });
      }
      const full = output ? writer.write(output) : undefined;
      if (full) await full;
      if (writer.closed) break;
    }
    if (writer.closed) break;
  }
  await writer.flush();
  return rejected;
}

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
    .addHelpText('after', HELP_AFTER)
    .action(async (file: string | undefined) => {
      const input = await openInput(file);
      const writer = new LineWriter();
      let rejected: number;
      try {
        rejected = await classifyLines(input, writer);
      } catch (error) {
        // I/O failures (EISDIR, EIO, ENOSPC) are the user's to fix; anything else is a bug.
        if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
        await writer.flush().catch(() => undefined);
        fail(`${file ?? 'stdin'}: ${errorMessage(error)}`);
      } finally {
        if (input !== process.stdin) input.destroy();
      }
      process.exitCode = rejected > 0 ? EXIT.badInput : EXIT.ok;
    });
}
