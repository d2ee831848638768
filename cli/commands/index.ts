import type { Command } from 'commander';

/** A CLI command as `bounces --help` lists it, and how to load the module that defines it. */
export interface CommandEntry {
  /** Arguments after the name, as commander prints them in a command list: `[options] <email...>`. */
  usage: string;
  /** The one line the command list shows; the command's own `.summary()`, word for word. */
  summary: string;
  load(): Promise<{ register(program: Command): void }>;
}

/**
 * Every command, in the order `bounces --help` lists them. Top-level help, `--version` and
 * an unknown command read only this table, and a command's module loads only when it runs:
 * most pull in the AWS SDK, which costs more than node's own start. A test checks each entry
 * against the command its module registers.
 */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  classify: {
    usage: '[options] [file]',
    summary: 'turn SES notifications (JSON lines) into verdicts (JSON lines)',
    load: () => import('./classify'),
  },
  explain: { usage: '[options] <text>', summary: 'explain one bounce diagnostic in plain words', load: () => import('./explain') },
  local: { usage: '[options]', summary: 'run the whole pipeline locally on emulators', load: () => import('./local') },
  send: { usage: '[options] <file>', summary: 'publish notifications to the pipeline', load: () => import('./send') },
  status: { usage: '[options] <email>', summary: "show one recipient's verdict and history", load: () => import('./status') },
  stats: { usage: '[options]', summary: 'count stored events, recipients and suppressions', load: () => import('./stats') },
  dlq: { usage: '', summary: 'inspect or redrive the dead-letter queue', load: () => import('./dlq') },
  list: {
    usage: '[options]',
    summary: 'list events or suppressed recipients, newest first, a page at a time',
    load: () => import('./list'),
  },
  export: {
    usage: '[options]',
    summary: 'write all events or all suppressed recipients as CSV or JSON lines',
    load: () => import('./export'),
  },
  check: {
    usage: '[options] <email...>',
    summary: 'say whether addresses may be mailed (exit 1 when any is suppressed)',
    load: () => import('./check'),
  },
  suppression: { usage: '', summary: 'compare and reconcile the SES account suppression list', load: () => import('./suppression') },
  incidents: {
    usage: '[options]',
    summary: "list sender incidents: what is wrong on the sender's side, since when, how bad",
    load: () => import('./incidents'),
  },
  reputation: {
    usage: '[options]',
    summary: "show the account's SES bounce and complaint rates against SES's review and pause levels",
    load: () => import('./reputation'),
  },
  dashboard: { usage: '[options]', summary: 'serve a live dashboard of bounces on this machine', load: () => import('./dashboard') },
  report: { usage: '[options]', summary: 'write the dashboard as one self-contained HTML file', load: () => import('./report') },
};

/** The entry of `name`, or undefined when no command has that name. */
export function commandEntry(name: string | undefined): CommandEntry | undefined {
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

/**
 * The one command whose module `bounces ARGS...` needs: the command that runs, or the one
 * `help NAME` describes. Undefined for --version, top-level help and an unknown command,
 * which the table alone answers.
 */
export function commandToLoad(args: readonly string[]): string | undefined {
  const [first, second] = args;
  const name = first === 'help' ? second : first;
  return commandEntry(name) ? name : undefined;
}
