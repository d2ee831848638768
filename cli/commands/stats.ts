import type { Command } from 'commander';
import type { Stats } from '../../shared/store';
import { type StackOptions, addStackOptions, withStack } from '../stack';
import { formatFields, formatTable } from '../table';

const HELP_AFTER = `
Prints how many events and recipients the pipeline stored, how many recipients are
suppressed, and the events by reason. --json prints
{"events", "recipients", "suppressed", "byReason": {"<reason>": N, ...}}.

Examples:
  $ bounces stats --local
  $ bounces stats --stack BouncePipeline --json | jq .byReason
`;

interface StatsOptions extends StackOptions {
  json?: boolean;
}

/** The readable form: totals, then events by reason, most frequent first. */
export function describeStats(stats: Stats): string {
  const totals = formatFields([
    ['events', String(stats.events)],
    ['recipients', String(stats.recipients)],
    ['suppressed', String(stats.suppressed)],
  ]);
  const reasons = Object.entries(stats.byReason).sort(([, a], [, b]) => b - a);
  if (reasons.length === 0) return totals;
  return `${totals}\n\n${formatTable(['reason', 'events'], reasons.map(([reason, count]) => [reason, String(count)]))}`;
}

export function register(program: Command): void {
  addStackOptions(
    program
      .command('stats')
      .summary('count stored events, recipients and suppressions')
      .description('Count what the pipeline stored: events, recipients, suppressed recipients, events by reason.'),
  )
    .option('--json', 'print the counts as JSON')
    .addHelpText('after', HELP_AFTER)
    .action(async (options: StatsOptions) => {
      const stats = await withStack(options, (stack) => stack.store.countStats());
      process.stdout.write(`${options.json ? JSON.stringify(stats, null, 2) : describeStats(stats)}\n`);
    });
}
