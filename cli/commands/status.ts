import { type Command, InvalidArgumentError } from 'commander';
import { InvalidAddressError, lookupAddress } from '../../shared/address';
import type { Incident } from '../../shared/incidents/records';
import { createQueryService } from '../../shared/query';
import type { RecipientStatus } from '../../shared/store';
import { fail } from '../output';
import { type StackOptions, addStackOptions, withStack } from '../stack';
import { formatFields, formatTable } from '../table';
import { causeText } from './incidents';

const HELP_AFTER = `
Prints whether the address is suppressed and why, the action to take, how often it bounced
and complained, and its latest events, newest first. --json prints
{"recipient", "suppressed", "reason", "action", "bounceCount", "complaintCount", "incident"?, "events": [...]}.
When the latest bounce belongs to a sender incident (see \`bounces incidents\`), it is named:
the address is fine, the sender must fix the cause.

An address with nothing recorded is not an error: like \`bounces check\`, it says so (not
suppressed: it may be mailed) and exits 0; --json gives it no events and zero counts.

Exit codes:
  0  the status was shown, also "nothing recorded"
  2  usage error (also: not an e-mail address), or the pipeline cannot be reached

Examples:
  $ bounces status ann@example.com --local
  $ bounces status ann@example.com --stack BouncePipeline --json | jq .suppressed
`;

interface StatusOptions extends StackOptions {
  json?: boolean;
  limit: number;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidArgumentError('expected a positive whole number.');
  return limit;
}

/** Why the recipient is suppressed when it is (suppression is sticky), else the newest event's reason. */
export function currentReason(recipient: RecipientStatus): string | undefined {
  return recipient.suppressedReason ?? recipient.reason;
}

/** The incident a bounce belongs to, in one line: the address is fine, the sender must act. */
function incidentLine(incident: Incident): string {
  const todo = incident.blocklist ? `delist at ${incident.blocklist.delistUrl}` : incident.action;
  const since = incident.state === 'resolved' && incident.resolvedAt ? incident.resolvedAt : incident.openedAt;
  return `${causeText(incident)}, ${incident.state} since ${since} (${incident.recipients} recipients): ${todo}`;
}

function parseAddress(raw: string): string {
  try {
    return lookupAddress(raw);
  } catch (error) {
    if (error instanceof InvalidAddressError) fail(error.message);
    throw error;
  }
}

export function register(program: Command): void {
  addStackOptions(
    program
      .command('status')
      .summary("show one recipient's verdict and history")
      .description('Show what the pipeline knows about one address: suppressed or not, why, what to do, and its events.')
      .argument('<email>', 'the address; case and a display name do not matter'),
  )
    .option('--limit <n>', 'events to show', parseLimit, 20)
    .option('--json', 'print the status as JSON')
    .addHelpText('after', HELP_AFTER)
    .action(async (email: string, options: StatusOptions) => {
      const address = parseAddress(email);
      const status = await withStack(options, async ({ store, dynamo, tables }) => {
        const recipient = await store.getRecipient(address);
        if (!recipient) return undefined;
        const events = await store.getHistory(address, { limit: options.limit });
        const incident = events[0] && (await createQueryService({ client: dynamo, tables }).incidentOfEvent(events[0]));
        return {
          recipient: address,
          suppressed: recipient.suppressed,
          reason: currentReason(recipient),
          action: recipient.action,
          bounceCount: recipient.bounceCount,
          complaintCount: recipient.complaintCount,
          ...(incident && { incident }),
          events,
        };
      });
      if (!status) {
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ recipient: address, suppressed: false, bounceCount: 0, complaintCount: 0, events: [] }, null, 2)}\n`
            : `${formatFields([
                ['recipient', address],
                ['suppressed', 'no: nothing is recorded for this address; it may be mailed'],
              ])}\n`,
        );
        return;
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        return;
      }
      const fields = formatFields([
        ['recipient', status.recipient],
        ['suppressed', status.suppressed ? 'yes: stop mailing this address' : 'no'],
        ['reason', status.reason ?? '-'],
        ['action', status.action ?? '-'],
        ['bounces', String(status.bounceCount)],
        ['complaints', String(status.complaintCount)],
        ...(status.incident ? [['incident', incidentLine(status.incident)] as const] : []),
      ]);
      const events = formatTable(
        ['time', 'type', 'reason', 'action', 'diagnostic'],
        status.events.map((event) => [
          event.timestamp,
          event.notificationType,
          event.reason,
          event.action,
          event.diagnostic ?? '',
        ]),
      );
      process.stdout.write(`${fields}\n\n${events}\n`);
    });
}
