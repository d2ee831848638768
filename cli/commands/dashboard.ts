import { type Command, InvalidArgumentError } from 'commander';
import { listDeadLetters } from '../../shared/dead-letters';
import type { DashboardSources } from '../../shared/dashboard/assemble';
import { type DashboardAssets, loadAssets } from '../../shared/dashboard/page';
import { startDashboardServer } from '../../shared/dashboard/server';
import { TimeSchema, createQueryService } from '../../shared/query';
import { queueDepth } from '../../shared/queues';
import { readReputation } from '../../shared/reputation';
import { errorMessage, fail } from '../output';
import { parseWith } from '../query-options';
import { type ResolvedStack, type StackOptions, addStackOptions, withStack } from '../stack';

const HELP_AFTER = `
Serves a web page on 127.0.0.1 (this machine only) and prints its address: bounces over time
by reason with complaints, open sender incidents with what to do and the delisting link,
providers and recipient domains with their reason mix, suppressions and the SES-list sync's
changes, an address search, the dead-letter queue, and with --stack SES's reputation rates
against its review and pause levels. The page refreshes itself every minute.

The server reads with your own AWS credentials (the standard chain, --profile, --region);
the browser only ever receives the figures. Each refresh reads every event of the window
once (like \`bounces stats --by day\`): a shorter --since costs less on a busy table.

Examples:
  $ bounces dashboard --local
  $ bounces dashboard --stack BouncePipeline --since 7d --port 8080
  $ bounces report --html bounces.html --local     # the same page as one file
`;

export interface DashboardOptions extends StackOptions {
  since: string;
  port?: number;
}

export const DEFAULT_SINCE = '30d';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port number (0: any free port).');
  return port;
}

/** The window option both `dashboard` and `report` take. */
export function addSinceOption(command: Command): Command {
  return command.option('--since <time>', 'the window: 30d, 12h, 2026-11-01 or an ISO time', parseWith(TimeSchema), DEFAULT_SINCE);
}

/** The account's SES reputation from CloudWatch, with the stack's region and profile. */
async function stackReputation(options: StackOptions) {
  const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
  const cloudWatch = new CloudWatchClient({ ...(options.region && { region: options.region }), ...(options.profile && { profile: options.profile }) });
  try {
    return await readReputation(cloudWatch, new Date());
  } finally {
    cloudWatch.destroy();
  }
}

/**
 * What the dashboard reads for a pipeline: the query service over its tables, its
 * dead-letter queue (listed only when not empty: listing hides the messages for a
 * moment) and, for a deployed stack, the account's SES reputation.
 */
export function dashboardSources(stack: ResolvedStack, options: StackOptions): DashboardSources {
  return {
    description: stack.description,
    query: createQueryService({ client: stack.dynamo, tables: stack.tables }),
    deadLetters: async () => {
      const { sqs } = await stack.queues();
      return (await queueDepth(sqs, stack.dlqUrl)) === 0 ? [] : listDeadLetters(sqs, stack.dlqUrl, (ids) => stack.store.getFailures(ids));
    },
    ...(options.stack && { reputation: () => stackReputation(options) }),
  };
}

/** The built page, or a one-line error naming the build command. */
export function pageAssets(): DashboardAssets {
  try {
    return loadAssets();
  } catch (error) {
    fail(errorMessage(error));
  }
}

/** Resolves on the first Ctrl-C or SIGTERM. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop).on('SIGTERM', stop);
  });
}

export function register(program: Command): void {
  addSinceOption(
    addStackOptions(
      program
        .command('dashboard')
        .summary('serve a live dashboard of bounces on this machine')
        .description('Serve a web page of bounces, incidents, suppressions and the dead-letter queue on 127.0.0.1, refreshed every minute.'),
    ),
  )
    .option('--port <n>', 'port on 127.0.0.1 (default: a free port)', parsePort)
    .addHelpText('after', HELP_AFTER)
    .action(async (options: DashboardOptions) => {
      const assets = pageAssets();
      await withStack(options, async (stack) => {
        const server = await startDashboardServer({
          sources: dashboardSources(stack, options),
          since: options.since,
          assets,
          ...(options.port !== undefined && { port: options.port }),
          onError: (error) => process.stderr.write(`bounces: dashboard: ${errorMessage(error)}\n`),
        });
        process.stdout.write(`Dashboard of the ${stack.description}, since ${options.since}:\n\n  ${server.url}\n\nOpen it in a browser; Ctrl-C to stop.\n`);
        await stopSignal();
        await server.close();
      });
    });
}
