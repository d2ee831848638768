import { type Command, Option } from 'commander';
import type { Incident } from '../../shared/incidents/records';
import { CursorSchema, DEFAULT_LIMIT, LimitSchema, TimeSchema, createQueryService } from '../../shared/query';
import { parseWith, printable } from '../query-options';
import { type StackOptions, addStackOptions, withStack } from '../stack';
import { formatTable } from '../table';

const HELP_AFTER = `
Sender incidents: runs of bounces that the sender must fix (a blocklist listing, failing
SPF/DKIM/DMARC, rate limits, content refusals), grouped by the blocklist when one is named
(Spamhaus ZEN at every receiver is one incident), otherwise by reason at one receiving
provider. A run becomes an incident when 5 of its events fall within 15 minutes, and is
resolved after 24 hours without events (both set on the construct). Open incidents come
first, newest opening first, then resolved ones, latest event first.

--json prints {"items": [...], "cursor": "..." | null}; each item has id, state, reason,
blocklist {name, delistUrl} or provider, firstSeen, lastSeen, openedAt, resolvedAt, count,
recipients, domains, topDomains, sending {sources, identities, configurationSets, ips},
examples, action, rule and remediation.

Examples:
  $ bounces incidents --local --open
  $ bounces incidents --stack BouncePipeline --since 7d --json | jq '.items[] | {reason, count}'
`;

interface IncidentsOptions extends StackOptions {
  open?: boolean;
  since?: string;
  limit: number;
  cursor?: string;
  json?: boolean;
}

/** What an incident is about, in a few words: the blocklist, or the reason at the provider. */
export function causeText(incident: Pick<Incident, 'reason' | 'blocklist' | 'provider'>): string {
  return incident.blocklist ? `${incident.blocklist.name} listing` : `${incident.reason} at ${incident.provider ?? 'other'}`;
}

/** The readable form: a table, then per incident what to do and where to delist. */
export function describeIncidents(items: readonly Incident[]): string {
  if (items.length === 0) return '(no incidents)';
  const table = formatTable(
    ['state', 'cause', 'opened', 'last event', 'events', 'recipients', 'domains', 'action'],
    items.map((incident) => [
      incident.state,
      causeText(incident),
      incident.openedAt,
      incident.lastSeen,
      String(incident.count),
      String(incident.recipients),
      String(incident.domains),
      incident.action,
    ]),
  );
  const details = items.map((incident) => {
    const lines = [`${incident.id}  ${causeText(incident)}: ${printable(incident.remediation)}`];
    if (incident.blocklist) lines.push(`  delist: ${incident.blocklist.delistUrl}`);
    if (incident.sending.ips.length) lines.push(`  sending IPs: ${incident.sending.ips.join(', ')}`);
    const top = incident.topDomains.map(({ domain, recipients }) => `${domain} (${recipients})`).join(', ');
    if (top) lines.push(`  top domains: ${top}`);
    return lines.join('\n');
  });
  return `${table}\n\n${details.join('\n\n')}`;
}

export function register(program: Command): void {
  addStackOptions(
    program
      .command('incidents')
      .summary("list sender incidents: what is wrong on the sender's side, since when, how bad")
      .description('List sender incidents (blocklistings, authentication failures, rate limits, content refusals), open ones first.'),
  )
    .option('--open', 'only incidents still open')
    .option('--since <time>', 'only incidents with an event since then (2026-11-01, ISO date-time, 7d)', parseWith(TimeSchema))
    .option('--limit <n>', 'incidents per page', parseWith(LimitSchema), DEFAULT_LIMIT)
    .addOption(new Option('--cursor <cursor>', 'continue after the page that printed it').argParser(parseWith(CursorSchema)))
    .option('--json', 'print {"items": [...], "cursor": ...}')
    .addHelpText('after', HELP_AFTER)
    .action(async (options: IncidentsOptions) => {
      const page = await withStack(options, ({ dynamo, tables }) =>
        createQueryService({ client: dynamo, tables }).listIncidents({
          limit: options.limit,
          ...(options.open && { state: 'open' as const }),
          ...(options.since && { since: options.since }),
          ...(options.cursor && { cursor: options.cursor }),
        }),
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ items: page.items, cursor: page.cursor ?? null })}\n`);
        return;
      }
      const more = page.cursor ? `\n\nmore: --cursor ${page.cursor}` : '';
      process.stdout.write(`${describeIncidents(page.items)}${more}\n`);
    });
}
