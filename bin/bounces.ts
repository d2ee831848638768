// First, so no module loaded after it can print the AWS SDK's Node version notice.
import '../cli/quiet-warnings';
import { createRequire } from 'node:module';
import { Command, Help } from 'commander';
import { COMMANDS, type CommandEntry, commandEntry, commandToLoad } from '../cli/commands';
import { EXIT, errorMessage, fail } from '../cli/output';
import { REASONS, SOFT_BOUNCE_ESCALATION } from '../shared/reasons';

const reasonWidth = Math.max(...[...Object.keys(REASONS), SOFT_BOUNCE_ESCALATION].map((name) => name.length)) + 2;
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

A recipient's status can also give, as the reason it is suppressed:
  ${SOFT_BOUNCE_ESCALATION.padEnd(reasonWidth)}repeated temporary bounces with no delivery between (the soft-bounce policy)
`;

// package.json is one directory up from both bin/bounces.ts and the built dist/bounces.js.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const program = new Command('bounces')
  .version(version)
  .description('Turn Amazon SES bounce and complaint notifications into verdicts a sender can act on.')
  .showHelpAfterError('(add --help for usage, examples and exit codes)')
  .configureOutput({ outputError: (message, write) => write(`bounces: ${message}`) })
  // Commander exits 1 on usage errors; 1 means "rejected input" here, so usage errors get 2.
  // Set before register(): subcommands copy it when created.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage))
  .addHelpText('after', HELP_AFTER);

// Only the command that runs (or that `help NAME` describes) is loaded; the others are listed
// from the table, so top-level help, --version and an unknown command load none.
const wanted = commandToLoad(process.argv.slice(2));

/**
 * An application that installs this package gets its runtime dependencies only; the CLI is
 * bundled, except `local`'s emulators, which come with the repository's dev dependencies.
 */
async function load(name: string, entry: CommandEntry): ReturnType<CommandEntry['load']> {
  try {
    return await entry.load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    fail(
      `\`bounces ${name}\` needs packages this installation lacks (${errorMessage(error)}); ` +
        'they come with the development dependencies: run it from a clone of the repository after `npm install`',
    );
  }
}

for (const [name, entry] of Object.entries(COMMANDS)) {
  if (name === wanted) (await load(name, entry)).register(program);
  else program.command(name).summary(entry.summary);
}
// Set after the commands exist, so it shapes only this list, not the commands' own help.
const defaultHelp = new Help();
program.configureHelp({
  sortSubcommands: false,
  subcommandTerm: (command) => {
    const entry = commandEntry(command.name());
    return entry ? `${command.name()} ${entry.usage}`.trimEnd() : defaultHelp.subcommandTerm(command);
  },
});

await program.parseAsync(process.argv);
