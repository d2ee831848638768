import type { Command } from 'commander';
import { type GroupedStats, type StatsBy, StatsBySchema, TimeSchema, createQueryService } from '../../shared/query';
import type { Stats } from '../../shared/store';
import { parseWith } from '../query-options';
import { type StackOptions, addStackOptions, withStack } from '../stack';
import { formatFields, formatTable } from '../table';

const HELP_AFTER = `
Prints how many events and recipients the pipeline stored, how many recipients are
suppressed, and the events by reason. --json prints
{"events", "recipients", "suppressed", "byReason": {"<reason>": N, ...}}.

--by reason|domain|provider|day [--since TIME] counts events per group instead, in the window
(TIME: 2026-11-01, an ISO date-time, or 7d, 12h back from now). By reason costs a COUNT query
per reason and shard; by domain, provider and day read every event key in the window (give
a --since on big tables); by domain lists the top domains. Providers are the receiving
mailbox providers and filtering services (google, microsoft, yahoo, ..., other). --json prints
{"by", "since", "total", "groups": [{"key", "events"}], "omitted"?}.

Examples:
  $ bounces stats --local
  $ bounces stats --stack BouncePipeline --json | jq .byReason
  $ bounces stats --local --by day --since 14d
  $ bounces stats --local --by provider --since 30d
`;

interface StatsOptions extends StackOptions {
  json?: boolean;
  by?: StatsBy;
  since?: string;
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

/** The readable form of --by: the groups, then the total (and the domains left out). */
export function describeGroupedStats(stats: GroupedStats): string {
  const rows = stats.groups.map((group) => [group.key, String(group.events)]);
  if (stats.omitted) rows.push([`(${stats.omitted.groups} more domains)`, String(stats.omitted.events)]);
  rows.push(['total', String(stats.total)]);
  const window = stats.since ? `since ${stats.since}\n\n` : '';
  return `${window}${formatTable([stats.by, 'events'], rows)}`;
}

export function register(program: Command): void {
  addStackOptions(
    program
      .command('stats')
      .summary('count stored events, recipients and suppressions')
      .description('Count what the pipeline stored: events, recipients, suppressed recipients, events by reason.'),
  )
    .option('--json', 'print the counts as JSON')
    .option('--by <group>', 'count events per reason, domain, provider or day', parseWith(StatsBySchema))
    .option('--since <time>', 'with --by: only events from this time on (default --by reason)', parseWith(TimeSchema))
    .addHelpText('after', HELP_AFTER)
    .action(async (options: StatsOptions) => {
      if (options.by || options.since) {
        const by = options.by ?? 'reason';
        const grouped = await withStack(options, ({ dynamo, tables }) =>
          createQueryService({ client: dynamo, tables }).stats({ by, ...(options.since && { since: options.since }) }),
        );
        process.stdout.write(`${options.json ? JSON.stringify(grouped, null, 2) : describeGroupedStats(grouped)}\n`);
        return;
      }
      const stats = await withStack(options, (stack) => stack.store.countStats());
      process.stdout.write(`${options.json ? JSON.stringify(stats, null, 2) : describeStats(stats)}\n`);
    });
}
