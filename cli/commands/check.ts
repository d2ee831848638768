import type { Command } from 'commander';
import { InvalidAddressError, lookupAddress } from '../../shared/address';
import type { RecipientStatus } from '../../shared/store';
import { EXIT, fail } from '../output';
import { printable } from '../query-options';
import { type StackOptions, addStackOptions, withStack } from '../stack';

const HELP_AFTER = `
Prints one line per address: "ok" (may be mailed: nothing recorded, or bounces that do not
suppress) or "suppressed" with the reason and since when. For a pre-send check in scripts.

Exit codes:
  0  every address may be mailed
  1  at least one address is suppressed
  2  an argument is not an e-mail address (nothing is looked up), or the pipeline cannot be reached

Examples:
  $ bounces check ann@example.com bob@example.org --local
  $ bounces check "$EMAIL" --stack BouncePipeline --quiet || echo "do not send"
`;

interface CheckOptions extends StackOptions {
  quiet?: boolean;
}

/** Lookups in flight at once: enough to hide latency, few enough not to throttle a table. */
const CONCURRENCY = 16;

export interface CheckResult {
  address: string;
  recipient: RecipientStatus | undefined;
}

/** Every argument normalised, or the first bad one reported before any lookup (exit 2). */
function parseAddresses(raw: readonly string[]): string[] {
  return raw.map((email) => {
    try {
      return lookupAddress(email);
    } catch (error) {
      if (error instanceof InvalidAddressError) fail(error.message);
      throw error;
    }
  });
}

export function describeCheck({ address, recipient }: CheckResult, width: number): string {
  const shown = printable(address).padEnd(width);
  if (!recipient?.suppressed) return `${shown}  ok`;
  return `${shown}  suppressed  ${recipient.suppressedReason ?? ''}  since ${recipient.suppressedAt ?? '?'}`;
}

export async function checkAddresses(
  addresses: readonly string[],
  lookup: (address: string) => Promise<RecipientStatus | undefined>,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (let start = 0; start < addresses.length; start += CONCURRENCY) {
    const batch = addresses.slice(start, start + CONCURRENCY);
    results.push(...(await Promise.all(batch.map(async (address) => ({ address, recipient: await lookup(address) })))));
  }
  return results;
}

export function register(program: Command): void {
  addStackOptions(
    program
      .command('check')
      .summary('say whether addresses may be mailed (exit 1 when any is suppressed)')
      .description('Check addresses against the suppressions: one line each, exit 1 when any is suppressed.')
      .argument('<email...>', 'addresses; case and display names do not matter'),
  )
    .option('--quiet', 'print nothing; only the exit code tells')
    .addHelpText('after', HELP_AFTER)
    .action(async (emails: string[], options: CheckOptions) => {
      const addresses = parseAddresses(emails);
      const results = await withStack(options, ({ store }) => checkAddresses(addresses, (address) => store.getRecipient(address)));
      if (!options.quiet) {
        const width = Math.max(...addresses.map((address) => address.length));
        process.stdout.write(`${results.map((result) => describeCheck(result, width)).join('\n')}\n`);
      }
      if (results.some((result) => result.recipient?.suppressed)) process.exitCode = EXIT.badInput;
    });
}
