import { type Command, Option } from 'commander';
import {
  CursorSchema,
  DEFAULT_LIMIT,
  DomainSchema,
  LimitSchema,
  type Page,
  ProviderSchema,
  ReasonSchema,
  TimeSchema,
  createQueryService,
} from '../../shared/query';
import type { ProviderId } from '../../shared/providers';
import { REASON_NAMES, type Reason } from '../../shared/reasons';
import { type RecipientStatus, SHARDS, type StoredEvent } from '../../shared/store';
import { fail } from '../output';
import { parseWith, printable } from '../query-options';
import { type StackOptions, addStackOptions, withStack } from '../stack';
import { formatTable } from '../table';

const HELP_AFTER = `
Lists bounce and complaint events, newest first, or with --suppressed the suppressed
recipients, most recently suppressed first. A page ends with the cursor for the next one.

Which index a listing reads (never a Scan):
  --domain            the domain's shards; with --reason too, the reason is a filter on them
  --reason            the reason's shards
  --provider          a filter on whichever of the above is read (no index of its own)
  neither             every reason's shards (${REASON_NAMES.length * SHARDS} queries a page)
  --suppressed        the suppressed index; --domain filters it, --reason is not accepted

Times: a date (2026-11-01, UTC midnight), an ISO date-time (2026-11-01T08:00:00Z) or a
duration back from now (30m, 12h, 7d, 2w). --since and --until are both inclusive.

--json prints {"items": [...], "cursor": "..." | null}.

Examples:
  $ bounces list --local --domain gmail.com --since 7d
  $ bounces list --local --provider microsoft --reason speeding
  $ bounces list --stack BouncePipeline --reason blocked --limit 100 --json | jq -r .cursor
  $ bounces list --local --suppressed --cursor eyJxIjoi...
`;

interface ListOptions extends StackOptions {
  domain?: string;
  reason?: Reason;
  provider?: ProviderId;
  suppressed?: boolean;
  since?: string;
  until?: string;
  limit: number;
  cursor?: string;
  json?: boolean;
}

const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

function eventTable(events: readonly StoredEvent[]): string {
  return formatTable(
    ['time', 'address', 'type', 'reason', 'provider', 'action', 'diagnostic'],
    events.map((event) => [
      event.timestamp,
      printable(event.address),
      event.notificationType,
      event.reason,
      event.provider ?? '',
      event.action,
      clip(printable(event.diagnostic ?? ''), 60),
    ]),
  );
}

function suppressedTable(recipients: readonly RecipientStatus[]): string {
  return formatTable(
    ['suppressed at', 'address', 'reason', 'bounces', 'complaints'],
    recipients.map((recipient) => [
      recipient.suppressedAt ?? '',
      printable(recipient.address),
      recipient.suppressedReason ?? '',
      String(recipient.bounceCount),
      String(recipient.complaintCount),
    ]),
  );
}

function print<T>(page: Page<T>, options: ListOptions, table: (items: readonly T[]) => string): void {
  if (page.note) process.stderr.write(`bounces: note: ${page.note}\n`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ items: page.items, cursor: page.cursor ?? null })}\n`);
    return;
  }
  const more = page.cursor ? `\n\nmore: --cursor ${page.cursor}` : '';
  process.stdout.write(`${page.items.length > 0 ? table(page.items) : '(none)'}${more}\n`);
}

export function register(program: Command): void {
  addStackOptions(
    program
      .command('list')
      .summary('list events or suppressed recipients, newest first, a page at a time')
      .description('List stored bounce and complaint events by domain, reason and time, or the suppressed recipients.'),
  )
    .option('--domain <domain>', 'only this recipient domain', parseWith(DomainSchema))
    .option('--reason <reason>', 'only this reason (see `bounces --help`)', parseWith(ReasonSchema))
    .option('--provider <id>', 'only events answered by this receiving provider (google, microsoft, yahoo, ...)', parseWith(ProviderSchema))
    .option('--suppressed', 'list suppressed recipients instead of events')
    .option('--since <time>', 'from this time on (2026-11-01, ISO date-time, 7d, 12h)', parseWith(TimeSchema))
    .option('--until <time>', 'up to this time', parseWith(TimeSchema))
    .option('--limit <n>', 'items per page', parseWith(LimitSchema), DEFAULT_LIMIT)
    .addOption(new Option('--cursor <cursor>', 'continue after the page that printed it').argParser(parseWith(CursorSchema)))
    .option('--json', 'print {"items": [...], "cursor": ...}')
    .addHelpText('after', HELP_AFTER)
    .action(async (options: ListOptions) => {
      if (options.suppressed && options.reason) fail('--reason does not apply to --suppressed (suppressed recipients are listed by domain)');
      if (options.suppressed && options.provider) fail('--provider does not apply to --suppressed (suppressed recipients are listed by domain)');
      const { domain, reason, provider, since, until, limit, cursor } = options;
      const window = { limit, ...(since && { since }), ...(until && { until }), ...(cursor && { cursor }), ...(domain && { domain }) };
      await withStack(options, async ({ dynamo, tables }) => {
        const query = createQueryService({ client: dynamo, tables });
        if (options.suppressed) print(await query.listSuppressed(window), options, suppressedTable);
        else print(await query.listEvents({ ...window, ...(reason && { reason }), ...(provider && { provider }) }), options, eventTable);
      });
    });
}
