import type { Command } from 'commander';
import { listDeadLetters, redriveDeadLetters, type DeadLetter } from '../../shared/dead-letters';
import { type StackOptions, addStackOptions, withStack } from '../stack';

const HELP_AFTER = `
Subcommands:
  list     every message in the dead-letter queue with the last error the handler recorded
           for it; read-only (each message is received once and made visible again)
  redrive  move every dead-lettered message back to the main queue, to be processed again

Examples:
  $ bounces dlq list --local
  $ bounces dlq list --local --json | jq -r '.[].error'
  $ bounces dlq redrive --local
`;

interface DlqOptions extends StackOptions {
  json?: boolean;
}

const BODY_PREVIEW = 160;

function describe(letters: DeadLetter[]): string {
  if (letters.length === 0) return 'The dead-letter queue is empty.';
  const entries = letters.map((letter) => {
    const body = letter.body.length > BODY_PREVIEW ? `${letter.body.slice(0, BODY_PREVIEW)}...` : letter.body;
    return [`message  ${letter.messageId}`, `error    ${letter.error ?? '(none recorded)'}`, `body     ${body}`].join('\n');
  });
  return `${entries.join('\n\n')}\n\n${letters.length} message(s) in the dead-letter queue.`;
}

export function register(program: Command): void {
  const dlq = program
    .command('dlq')
    .summary('inspect or redrive the dead-letter queue')
    .description('Inspect the dead-letter queue, or move its messages back to be processed again.')
    .addHelpText('after', HELP_AFTER);

  addStackOptions(dlq.command('list').description('List dead-lettered messages with their errors.'))
    .option('--json', 'print [{"messageId", "error", "body"}] as JSON')
    .action(async (options: DlqOptions) => {
      const letters = await withStack(options, async (stack) =>
        listDeadLetters((await stack.queues()).sqs, stack.dlqUrl, (ids) => stack.store.getFailures(ids)),
      );
      process.stdout.write(`${options.json ? JSON.stringify(letters, null, 2) : describe(letters)}\n`);
    });

  addStackOptions(dlq.command('redrive').description('Move every dead-lettered message back to the main queue.'))
    .option('--json', 'print {"redriven": N} as JSON')
    .action(async (options: DlqOptions) => {
      const redriven = await withStack(options, async (stack) =>
        redriveDeadLetters((await stack.queues()).sqs, stack.dlqUrl, stack.queueUrl),
      );
      process.stdout.write(
        options.json ? `${JSON.stringify({ redriven })}\n` : `Moved ${redriven} message(s) back to the main queue.\n`,
      );
    });
}
