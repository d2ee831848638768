import { renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { REPORT_ADDRESSES, assembleReport } from '../../shared/dashboard/assemble';
import { renderPage } from '../../shared/dashboard/page';
import { errorMessage, fail } from '../output';
import { addStackOptions, withStack } from '../stack';
import { type DashboardOptions, addSinceOption, dashboardSources, pageAssets } from './dashboard';

const HELP_AFTER = `
Writes the dashboard (see \`bounces dashboard --help\`) as ONE self-contained HTML file: the
figures, the script with its charts and the styles are inside it, so it opens from disk with
no network and can be attached to a ticket or an e-mail. Its address search covers the
${REPORT_ADDRESSES} addresses that bounced most recently in the window.

The file holds recipients' addresses and diagnostics: share it as you would that data.

Examples:
  $ bounces report --html bounces.html --local
  $ bounces report --html week.html --since 7d --stack BouncePipeline
`;

interface ReportOptions extends DashboardOptions {
  html: string;
}

export function register(program: Command): void {
  addSinceOption(
    addStackOptions(
      program
        .command('report')
        .summary('write the dashboard as one self-contained HTML file')
        .description('Write the dashboard page, with its data, script and styles inlined, to one HTML file that opens with no network.'),
    ),
  )
    .requiredOption('--html <file>', 'the HTML file to write')
    .addHelpText('after', HELP_AFTER)
    .action(async (options: ReportOptions) => {
      const assets = pageAssets();
      const data = await withStack(options, (stack) => assembleReport(dashboardSources(stack, options), { since: options.since }));
      const file = resolve(options.html);
      const html = renderPage(assets, { mode: 'report', data });
      try {
        // Renamed into place: a reader never opens half a report.
        writeFileSync(`${file}.tmp`, html);
        renameSync(`${file}.tmp`, file);
      } catch (error) {
        fail(`cannot write ${file}: ${errorMessage(error)}`);
      }
      const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
      const figures = [
        count(data.timeline.bounces, 'bounce'),
        count(data.timeline.complaintTotal, 'complaint'),
        count(data.incidents.length, 'incident'),
        count(Object.keys(data.addresses ?? {}).length, 'searchable address', 'searchable addresses'),
      ];
      process.stdout.write(`Wrote ${file} (${Math.round(Buffer.byteLength(html) / 1024)} KB): ${figures.join(', ')}. Open it in a browser.\n`);
    });
}
