// First, so no module loaded after it can print the AWS SDK's Node version notice.
import '../cli/quiet-warnings';
import { Command } from 'commander';
import { register as registerClassify } from '../cli/commands/classify';
import { register as registerExplain } from '../cli/commands/explain';
import { register as registerLocal } from '../cli/commands/local';
import { register as registerSend } from '../cli/commands/send';
import { register as registerStatus } from '../cli/commands/status';
import { register as registerStats } from '../cli/commands/stats';
import { register as registerDlq } from '../cli/commands/dlq';
import { register as registerList } from '../cli/commands/list';
import { register as registerExport } from '../cli/commands/export';
import { register as registerCheck } from '../cli/commands/check';
import { register as registerSuppression } from '../cli/commands/suppression';
import { EXIT } from '../cli/output';
import { REASONS } from '../shared/reasons';

const reasonWidth = Math.max(...Object.keys(REASONS).map((name) => name.length)) + 2;
const REASON_LIST = Object.entries(REASONS)
  .map(([name, meaning]) => `  ${name.padEnd(reasonWidth)}${meaning}`)
  .join('\n');

const HELP_AFTER = `
Examples:
  $ bounces classify notifications.jsonl > verdicts.jsonl
  $ bounces explain "550 5.1.1 <ann@example.com>: Recipient address rejected: User unknown"
  $ bounces help classify

Exit codes:
  0  success
  1  the command ran but rejected some input (see the command's help)
  2  usage error, or a file that cannot be read

Reasons a verdict can give:
${REASON_LIST}
`;

const program = new Command('bounces')
  .description('Turn Amazon SES bounce and complaint notifications into verdicts a sender can act on.')
  .showHelpAfterError('(add --help for usage, examples and exit codes)')
  .configureHelp({ sortSubcommands: false })
  .configureOutput({ outputError: (message, write) => write(`bounces: ${message}`) })
  // Commander exits 1 on usage errors; 1 means "rejected input" here, so usage errors get 2.
  // Set before register(): subcommands copy it when created.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage))
  .addHelpText('after', HELP_AFTER);

registerClassify(program);
registerExplain(program);
registerLocal(program);
registerSend(program);
registerStatus(program);
registerStats(program);
registerDlq(program);
registerList(program);
registerExport(program);
registerCheck(program);
registerSuppression(program);

await program.parseAsync(process.argv);
