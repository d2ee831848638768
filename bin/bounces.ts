import { Command } from 'commander';
import { register as registerClassify } from '../cli/commands/classify';
import { register as registerExplain } from '../cli/commands/explain';

const program = new Command('bounces')
  .description('Turn Amazon SES bounce and complaint notifications into verdicts a sender can act on.')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: false });

registerClassify(program);
registerExplain(program);

await program.parseAsync(process.argv);
