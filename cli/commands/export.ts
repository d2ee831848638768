import { type Command, Option } from 'commander';
import { type CsvColumns, csvHeader, csvLine } from '../../shared/query/csv';
import { TimeSchema, createQueryService } from '../../shared/query';
import type { RecipientStatus, StoredEvent } from '../../shared/store';
import { LineWriter, fail } from '../output';
import { parseWith } from '../query-options';
import { type StackOptions, addStackOptions, withStack } from '../stack';

const HELP_AFTER = `
Writes every stored event (or with --suppressed every suppressed recipient) to stdout as CSV
or JSON lines, a page at a time: memory stays constant however large the tables are. Rows come
shard by shard, newest first within a shard. Progress goes to stderr when it is a terminal, or
with --progress.

CSV is safe to open in a spreadsheet: cells are quoted as RFC 4180 requires, and a cell that
starts with = + - @ (remote servers write the diagnostics) gets a leading ' so it is not run
as a formula.

Examples:
  $ bounces export --local --suppressed --format csv > suppressed.csv
  $ bounces export --stack BouncePipeline --format jsonl --since 30d | gzip > events.jsonl.gz
`;

interface ExportOptions extends StackOptions {
  suppressed?: boolean;
  format: 'csv' | 'jsonl';
  since?: string;
  progress?: boolean;
}

/** Rows between two progress lines. */
const PROGRESS_EVERY = 1000;

export const SUPPRESSED_COLUMNS: CsvColumns<RecipientStatus> = [
  ['address', (r) => r.address],
  ['domain', (r) => r.domain],
  ['suppressedAt', (r) => r.suppressedAt],
  ['suppressedReason', (r) => r.suppressedReason],
  ['reason', (r) => r.reason],
  ['action', (r) => r.action],
  ['bounceCount', (r) => r.bounceCount],
  ['hardBounceCount', (r) => r.hardBounceCount],
  ['softBounceCount', (r) => r.softBounceCount],
  ['complaintCount', (r) => r.complaintCount],
  ['firstBounceAt', (r) => r.firstBounceAt],
  ['lastEventAt', (r) => r.lastEventAt],
  ['lastDiagnostic', (r) => r.lastDiagnostic],
];

export const EVENT_COLUMNS: CsvColumns<StoredEvent> = [
  ['timestamp', (e) => e.timestamp],
  ['address', (e) => e.address],
  ['domain', (e) => e.domain],
  ['notificationType', (e) => e.notificationType],
  ['reason', (e) => e.reason],
  ['permanence', (e) => e.permanence],
  ['suppress', (e) => e.suppress],
  ['action', (e) => e.action],
  ['rule', (e) => e.rule],
  ['status', (e) => e.status],
  ['replyCode', (e) => e.replyCode],
  ['diagnostic', (e) => e.diagnostic],
  ['feedbackId', (e) => e.feedbackId],
  ['messageId', (e) => e.messageId],
];

/**
 * Write the pages as CSV or JSON lines until they end or the reader goes away (`| head`);
 * returns the rows written.
 */
export async function writeRows<T>(
  pages: AsyncIterable<T[]>,
  format: 'csv' | 'jsonl',
  columns: CsvColumns<T>,
  out: LineWriter,
  onProgress: (rows: number) => void = () => {},
): Promise<number> {
  let rows = 0;
  if (format === 'csv') await out.write(csvHeader(columns));
  for await (const page of pages) {
    for (const row of page) {
      await out.write(format === 'csv' ? csvLine(columns, row) : JSON.stringify(row));
      rows += 1;
      if (rows % PROGRESS_EVERY === 0) onProgress(rows);
    }
    if (out.closed) break;
  }
  await out.flush();
  return rows;
}

/** On a terminal, one line rewritten in place; otherwise (--progress into a log) a line each time. */
function progressReporter(enabled: boolean): { report(rows: number): void; done(rows: number): void } {
  const tty = process.stderr.isTTY === true;
  const line = (rows: number) => `bounces: exported ${rows} rows`;
  return {
    report: (rows) => enabled && process.stderr.write(tty ? `\r${line(rows)}` : `${line(rows)}\n`),
    done: (rows) => enabled && process.stderr.write(`${tty ? '\r' : ''}${line(rows)}\n`),
  };
}

export function register(program: Command): void {
  addStackOptions(
    program
      .command('export')
      .summary('write all events or all suppressed recipients as CSV or JSON lines')
      .description('Export the stored events, or the suppressed recipients, to stdout in constant memory.'),
  )
    .option('--suppressed', 'export suppressed recipients instead of events')
    .addOption(new Option('--format <format>', 'output format (required)').choices(['csv', 'jsonl']).makeOptionMandatory())
    .option('--since <time>', 'events from this time on (not with --suppressed)', parseWith(TimeSchema))
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .addHelpText('after', HELP_AFTER)
    .action(async (options: ExportOptions) => {
      if (options.suppressed && options.since) fail('--since applies to events, not to --suppressed');
      const progress = progressReporter(options.progress === true || process.stderr.isTTY === true);
      const out = new LineWriter();
      const rows = await withStack(options, ({ dynamo, tables }) => {
        const query = createQueryService({ client: dynamo, tables });
        return options.suppressed
          ? writeRows(query.exportSuppressed(), options.format, SUPPRESSED_COLUMNS, out, progress.report)
          : writeRows(query.exportEvents(options.since ? { since: options.since } : {}), options.format, EVENT_COLUMNS, out, progress.report);
      });
      progress.done(rows);
    });
}
