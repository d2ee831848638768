import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { type Command, InvalidArgumentError } from 'commander';
import { publishLines, queueDepth, waitUntilEmpty } from '../../shared/queues';
import { errorMessage, fail } from '../output';
import { type StackOptions, addStackOptions, withStack } from '../stack';
import { formatFields } from '../table';

const HELP_AFTER = `
Publishes each non-blank line of FILE (or stdin with "-") to the pipeline's SNS topic, as it
is: a line that is not a valid notification is published too, the way a faulty producer would,
and ends in the dead-letter queue.

With --wait, returns once every message is processed or dead-lettered: the main queue is empty.
The processed / dead-lettered split counts the growth of the dead-letter queue, so it assumes
nobody else publishes or redrives at the same time.

Examples:
  $ bounces send samples/notifications.jsonl --local --wait
  $ bounces send notifications.jsonl --stack BouncePipeline --region eu-west-1
  $ bounces send samples/notifications.jsonl --local --wait --json | jq .deadLettered
`;

interface SendOptions extends StackOptions {
  wait?: boolean;
  json?: boolean;
  timeout: number;
}

export interface SendResult {
  published: number;
  processed?: number;
  deadLettered?: number;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('expected a number of seconds above 0.');
  return seconds;
}

async function readLines(file: string): Promise<string[]> {
  try {
    const content = file === '-' ? await text(process.stdin) : await readFile(file, 'utf8');
    return content.split(/\r?\n/).filter((line) => line.trim() !== '');
  } catch (error) {
    fail(`cannot read ${file}: ${errorMessage(error)}`);
  }
}

function describe(result: SendResult): string {
  const rows: [string, string][] = [['published', String(result.published)]];
  if (result.processed !== undefined) rows.push(['processed', String(result.processed)]);
  if (result.deadLettered !== undefined) rows.push(['dead-lettered', String(result.deadLettered)]);
  return formatFields(rows);
}

export function register(program: Command): void {
  addStackOptions(
    program
      .command('send')
      .summary('publish notifications to the pipeline')
      .description('Publish notifications, one per line, to the SNS topic of a running pipeline.')
      .argument('<file>', 'JSON lines: SNS envelopes, SES notifications or anything else; "-" for stdin'),
  )
    .option('--wait', 'return once every message is processed or dead-lettered')
    .option('--timeout <seconds>', 'give up waiting after this long', parseSeconds, 600)
    .option('--json', 'print {"published", "processed", "deadLettered"} as JSON')
    .addHelpText('after', HELP_AFTER)
    .action(async (file: string, options: SendOptions) => {
      const lines = await readLines(file);
      const result = await withStack(options, async (stack) => {
        const { sns, sqs } = await stack.queues();
        const dlqBefore = options.wait ? await queueDepth(sqs, stack.dlqUrl) : 0;
        const published = await publishLines(sns, stack.topicArn, lines);
        if (!options.wait) return { published };
        await waitUntilEmpty(sqs, stack.queueUrl, { timeoutMs: options.timeout * 1000 });
        const deadLettered = Math.max(0, (await queueDepth(sqs, stack.dlqUrl)) - dlqBefore);
        return { published, processed: published - deadLettered, deadLettered };
      });
      process.stdout.write(`${options.json ? JSON.stringify(result) : describe(result)}\n`);
    });
}
