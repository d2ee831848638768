import { createInterface } from 'node:readline/promises';
import { SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { type Command, InvalidArgumentError } from 'commander';
import { addressKey } from '../../shared/address';
import {
  type SuppressionDiff,
  diffSuppressions,
  reconciliationPlans,
} from '../../shared/actions/suppression-diff';
import {
  type SesSuppressedDestination,
  type SuppressionOutcome,
  type SuppressionSync,
  createSuppressionSync,
} from '../../shared/actions/suppression-sync';
import { localClientConfig } from '../../shared/local/client-config';
import { createQueryService } from '../../shared/query';
import type { BounceStore, RecipientStatus } from '../../shared/store';
import { EXIT, fail } from '../output';
import { type ResolvedStack, type StackOptions, addStackOptions, withStack } from '../stack';
import { formatTable } from '../table';

const HELP_AFTER = `
Compares the SES account-level suppression list with our verdicts and prints:
  - addresses SES suppresses that our verdicts call sendable (SES lists every permanent
    bounce, also those the sender caused: blocklists, SPF/DKIM/DMARC, content);
  - addresses we suppress that SES does not list;
  - addresses SES lists that we have no record of (left alone by --apply).
--apply then makes SES match our verdicts, about one change a second (SES's rate limit),
after a confirmation; --yes skips it and is required when stdin is not a terminal.
--json prints {"sesOnly": [...], "oursOnly": [...], "unknown": [...], "applied": [...]}.

SES has no local emulator: with --local, diff needs --ses-endpoint URL (an SES-compatible
endpoint); otherwise use --stack NAME with an account that has SES.

Exit codes:
  0  compared (and applied, with --apply)
  2  usage error, the pipeline or SES cannot be reached, a change failed, or --apply declined

Examples:
  $ bounces suppression diff --stack BouncePipeline
  $ bounces suppression diff --stack BouncePipeline --json | jq '.sesOnly | length'
  $ bounces suppression diff --stack BouncePipeline --apply --yes
`;

interface DiffOptions extends StackOptions {
  json?: boolean;
  apply?: boolean;
  yes?: boolean;
  sesEndpoint?: string;
}

/** Concurrent GetItems: enough to hide round trips, few enough not to throttle the table. */
const LOOKUP_CONCURRENCY = 16;

/** The SES client for the pipeline's account. One attempt per call: the sync paces and retries. */
function sesClientConfig(options: DiffOptions): SESv2ClientConfig {
  if (options.local && options.sesEndpoint) return { ...localClientConfig(options.sesEndpoint), maxAttempts: 1 };
  return {
    maxAttempts: 1,
    ...(options.region && { region: options.region }),
    ...(options.profile && { profile: options.profile }),
    ...(options.sesEndpoint && { endpoint: options.sesEndpoint }),
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Our status of each SES-listed address we know, in batches of concurrent lookups. */
async function statusesOf(
  listed: readonly SesSuppressedDestination[],
  store: Pick<BounceStore, 'getRecipient'>,
): Promise<Map<string, RecipientStatus>> {
  const keys = [...new Set(listed.map((entry) => addressKey(entry.address)))];
  const statuses = new Map<string, RecipientStatus>();
  for (let start = 0; start < keys.length; start += LOOKUP_CONCURRENCY) {
    const batch = keys.slice(start, start + LOOKUP_CONCURRENCY);
    const found = await Promise.all(batch.map((key) => store.getRecipient(key)));
    found.forEach((status, index) => status && statuses.set(batch[index] as string, status));
  }
  return statuses;
}

async function compare(stack: ResolvedStack, sync: SuppressionSync): Promise<SuppressionDiff> {
  const query = createQueryService({ client: stack.dynamo, tables: stack.tables });
  const [ses, suppressedPages] = await Promise.all([collect(sync.list()), collect(query.exportSuppressed())]);
  return diffSuppressions({ ses, statuses: await statusesOf(ses, stack.store), suppressed: suppressedPages.flat() });
}

function describe(diff: SuppressionDiff): string {
  const sections = [
    {
      title: 'SES suppresses, our verdicts call sendable (--apply removes them from SES)',
      table: formatTable(
        ['address', 'SES reason', 'our reason', 'party'],
        diff.sesOnly.map((entry) => [entry.address, entry.sesReason, entry.ourReason ?? '-', entry.party ?? '-']),
      ),
      count: diff.sesOnly.length,
    },
    {
      title: 'We suppress, SES does not (--apply adds them to SES)',
      table: formatTable(
        ['address', 'our reason', 'SES reason to add'],
        diff.oursOnly.map((entry) => [entry.address, entry.ourReason ?? '-', entry.listReason]),
      ),
      count: diff.oursOnly.length,
    },
    {
      title: 'SES suppresses, we have no record (left alone)',
      table: formatTable(
        ['address', 'SES reason'],
        diff.unknown.map((entry) => [entry.address, entry.sesReason]),
      ),
      count: diff.unknown.length,
    },
  ];
  return sections
    .map(({ title, table, count }) => `${title}: ${count}${count > 0 ? `\n${table}` : ''}`)
    .join('\n\n');
}

async function confirmed(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

async function applyDiff(diff: SuppressionDiff, sync: SuppressionSync, options: DiffOptions) {
  const plans = reconciliationPlans(diff);
  if (plans.length === 0) return [];
  const question = `Change ${plans.length} address(es) on the SES account suppression list (${diff.sesOnly.length} removal(s), ${diff.oursOnly.length} addition(s)), about ${plans.length} s?`;
  if (!options.yes && !(await confirmed(question))) fail('nothing applied');
  const applied: SuppressionOutcome[] = [];
  for (const { address, plan } of plans) {
    const outcome = await sync.apply(address, plan);
    applied.push(outcome);
    if (!options.json) process.stderr.write(`${outcome.action} ${address}: ${outcome.why}\n`);
  }
  return applied;
}

function parseEndpoint(value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new InvalidArgumentError('expected an http:// or https:// URL.');
  }
  return value;
}

export function register(program: Command): void {
  const suppression = program
    .command('suppression')
    .summary('compare and reconcile the SES account suppression list')
    .description('Compare the SES account-level suppression list with our verdicts, and make SES match them.');

  addStackOptions(suppression.command('diff').description('Show where SES and our verdicts disagree; --apply fixes SES.'))
    .option('--ses-endpoint <url>', 'SESv2 endpoint to use instead of AWS (required with --local)', parseEndpoint)
    .option('--json', 'print the differences (and applied changes) as JSON')
    .option('--apply', 'change the SES list to match our verdicts, after a confirmation')
    .option('--yes', 'apply without asking')
    .addHelpText('after', HELP_AFTER)
    .action(async (options: DiffOptions) => {
      if (options.local && !options.sesEndpoint) {
        fail(
          'SES has no local emulator, so the diff needs a real account: use --stack NAME, or give --ses-endpoint URL with --local',
          EXIT.usage,
        );
      }
      if (options.apply && !options.yes && !process.stdin.isTTY) {
        fail('--apply changes the SES account suppression list; add --yes when stdin is not a terminal');
      }
      const result = await withStack(options, async (stack) => {
        const sesv2 = new SESv2Client(sesClientConfig(options));
        try {
          // Plans come from the diff, so the sync's own sender-fault policy is not consulted.
          const sync = createSuppressionSync({ sesv2, unsuppressSenderFaults: false });
          const diff = await compare(stack, sync);
          if (!options.json) process.stdout.write(`${describe(diff)}\n`);
          return { ...diff, ...(options.apply && { applied: await applyDiff(diff, sync, options) }) };
        } finally {
          sesv2.destroy();
        }
      });
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (result.applied) process.stdout.write(`Applied ${result.applied.length} change(s) to the SES suppression list.\n`);
    });
}
