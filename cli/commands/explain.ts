import { type Command, InvalidArgumentError } from 'commander';
import { REASONS } from '../../shared/reasons';
import { type Classification, classifyBounce } from '../../shared/rules';
import type { Party } from '../../shared/verdict';

const HELP_AFTER = `
Prints: the reason and what it means, whether the answer is permanent, whether to suppress
the address, who must act, what to do, and the rule that matched; for a blocklist, its name
and delisting page. --json prints the same as one JSON object.

Exit codes:
  0  explained (an unrecognised text is explained as reason "undefined")
  2  usage error

Examples:
  $ bounces explain "550 5.1.1 <ann@example.com>: Recipient address rejected: User unknown"
  $ bounces explain "Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org" \\
      --status 5.7.1 --reply-code 554
  $ bounces explain "452 4.2.2 Mailbox full" --json | jq .suppress
`;

const PARTY_MEANING: Record<Party, string> = {
  recipient: 'the recipient: the address itself is the problem',
  sender: 'you, the sender: your domain, IP or sending setup',
  message: 'you, the sender: this message (content, size or format)',
  infrastructure: 'nobody yet: the network or a receiving server failed',
  unknown: 'unknown',
  nobody: 'nobody: retrying is enough (the receiver defers first attempts)',
};

const STATUS = /^[245]\.\d{1,3}\.\d{1,3}$/;

function parseStatus(value: string): string {
  if (!STATUS.test(value)) throw new InvalidArgumentError('expected an enhanced status code like 5.7.1.');
  return value;
}

function parseReplyCode(value: string): number {
  if (!/^[2-5]\d\d$/.test(value)) throw new InvalidArgumentError('expected an SMTP reply code like 550.');
  return Number(value);
}

/** Word-wrap `text` to `width` columns, continuation lines indented by `indent`. */
function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && indent + current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  lines.push(current);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/**
 * The human-readable form: one `label  value` row per fact, labels aligned. Wrapped to `width`
 * when given (a terminal); unwrapped otherwise, so each fact stays one line for grep.
 */
export function describe(classification: Classification, width?: number): string {
  const c = classification;
  const evidence = [c.status && `status ${c.status}`, c.replyCode && `reply code ${c.replyCode}`]
    .filter(Boolean)
    .join(', ');
  const rows: [string, string][] = [
    ['reason', `${c.reason}: ${REASONS[c.reason]}`],
    ['permanence', evidence ? `${c.permanence} (${evidence})` : c.permanence],
    ['suppress', c.suppress ? 'yes: stop mailing this address' : 'no: keep the address'],
    ['who acts', PARTY_MEANING[c.party]],
    ['action', c.action],
    ['what to do', c.remediation],
    ['why', c.explanation],
  ];
  if (c.blocklist) {
    rows.push(['blocklist', c.blocklist.name], ['delisting', c.blocklist.delistUrl]);
  }
  rows.push(['rule', c.rule]);
  const column = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows
    .map(([label, value]) => label.padEnd(column) + (width ? wrap(value, width, column) : value))
    .join('\n');
}

function terminalWidth(): number | undefined {
  return process.stdout.isTTY ? Math.min(Math.max(process.stdout.columns, 60), 100) : undefined;
}

interface ExplainOptions {
  status?: string;
  replyCode?: number;
  json?: boolean;
}

function parseText(value: string): string {
  if (!value.trim()) throw new InvalidArgumentError('expected the diagnostic text, not an empty string.');
  return value;
}

export function register(program: Command): void {
  program
    .command('explain')
    .summary('explain one bounce diagnostic in plain words')
    .description(
      'Classify one bounce diagnostic (the diagnosticCode SES reports for a recipient) and say what ' +
        'it means and what to do about it.',
    )
    .argument('<text>', 'the diagnostic text; quote it; a leading "smtp;" is ignored', parseText)
    .option('--status <code>', 'the enhanced status code SES reported, e.g. 5.7.1', parseStatus)
    .option('--reply-code <code>', 'the SMTP reply code, e.g. 550', parseReplyCode)
    .option('--json', 'print the classification as JSON')
    .addHelpText('after', HELP_AFTER)
    .action((text: string, options: ExplainOptions) => {
      const classification = classifyBounce({
        diagnostic: text,
        status: options.status,
        replyCode: options.replyCode,
      });
      process.stdout.write(
        `${options.json ? JSON.stringify(classification, null, 2) : describe(classification, terminalWidth())}\n`,
      );
    });
}
