import type { Command } from 'commander';
import type { Incident } from '../../shared/incidents/records';
import { createQueryService } from '../../shared/query';
import { REPUTATION_DAYS, type RateSummary, type ReputationSummary, readReputation } from '../../shared/reputation';
import { fail } from '../output';
import { type StackOptions, addStackOptions, withStack } from '../stack';
import { formatTable } from '../table';
import { causeText, describeIncidents } from './incidents';

const HELP_AFTER = `
Prints the account's SES bounce and complaint rates (CloudWatch AWS/SES Reputation.BounceRate
and Reputation.ComplaintRate, hourly maxima) now and at their highest over the last 14 days,
against the levels at which SES puts an account under review (5% bounces, 0.1% complaints)
and may pause its sending (10%, 0.5%), and the open sender incidents that drive bounces.
Needs a deployed stack (the rates exist only in AWS) and cloudwatch:GetMetricData.

--json prints {"bounceRate": {metric, now, at, max, level, review, pause},
"complaintRate": {...}, "incidents": [...]}; level is healthy, review, pause or unknown.

Examples:
  $ bounces reputation --stack BouncePipeline
  $ bounces reputation --stack BouncePipeline --region eu-west-1 --json | jq .bounceRate.level
`;

interface ReputationOptions extends StackOptions {
  json?: boolean;
}

const percent = (value: number | undefined) => (value === undefined ? '-' : `${Number((value * 100).toFixed(3))}%`);

/** The readable form: one row per rate, then the open incidents. */
export function describeReputation(summary: ReputationSummary, incidents: readonly Incident[]): string {
  const row = (name: string, rate: RateSummary) => [name, percent(rate.now), percent(rate.max), percent(rate.review), percent(rate.pause), rate.level];
  const table = formatTable(
    ['rate', 'now', `${REPUTATION_DAYS}-day max`, 'review at', 'pause at', 'level'],
    [row('bounces', summary.bounceRate), row('complaints', summary.complaintRate)],
  );
  const open =
    incidents.length === 0
      ? 'open sender incidents: none'
      : `open sender incidents (what drives bounces): ${incidents.map(causeText).join(', ')}\n\n${describeIncidents(incidents)}`;
  return `${table}\n\n${open}`;
}

export function register(program: Command): void {
  addStackOptions(
    program
      .command('reputation')
      .summary("show the account's SES bounce and complaint rates against SES's review and pause levels")
      .description("Show the account's SES reputation now and over 14 days, and the open sender incidents behind it."),
  )
    .option('--json', 'print the rates and incidents as JSON')
    .addHelpText('after', HELP_AFTER)
    .action(async (options: ReputationOptions) => {
      if (!options.stack) fail('reputation needs --stack NAME: SES reputation metrics exist only in AWS');
      const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
      const cloudWatch = new CloudWatchClient({ ...(options.region && { region: options.region }), ...(options.profile && { profile: options.profile }) });
      try {
        const { summary, incidents } = await withStack(options, async ({ dynamo, tables }) => {
          const open = await createQueryService({ client: dynamo, tables }).listIncidents({ state: 'open', limit: 100 });
          return { summary: await readReputation(cloudWatch, new Date()), incidents: open.items };
        });
        process.stdout.write(`${options.json ? JSON.stringify({ ...summary, incidents }, null, 2) : describeReputation(summary, incidents)}\n`);
      } finally {
        cloudWatch.destroy();
      }
    });
}
