/**
 * AWS SDK v3 clients print a NodeVersionSupportWarning on Node < 22 when first used. On a CLI
 * whose stderr users read (and tests compare), that notice is noise about the SDK's future,
 * not about the command. Import this module before anything else; every other warning still
 * reaches Node's handler unchanged.
 */
const SUPPRESSED = 'NodeVersionSupportWarning';

/** True for the AWS SDK notice, however it is passed to process.emitWarning. */
export function isSuppressed(warning: string | Error, typeOrOptions: unknown): boolean {
  const text = typeof warning === 'string' ? warning : `${warning.name}: ${warning.message}`;
  if (text.startsWith(SUPPRESSED)) return true;
  if (typeOrOptions === SUPPRESSED) return true;
  return (
    typeof typeOrOptions === 'object' &&
    typeOrOptions !== null &&
    (typeOrOptions as { type?: unknown }).type === SUPPRESSED
  );
}

const emitWarning = process.emitWarning.bind(process);

process.emitWarning = function quietEmitWarning(
  warning: string | Error,
  ...rest: unknown[]
): void {
  if (isSuppressed(warning, rest[0])) return;
  (emitWarning as (warning: string | Error, ...rest: unknown[]) => void)(warning, ...rest);
} as typeof process.emitWarning;
