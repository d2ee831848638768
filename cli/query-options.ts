import { InvalidArgumentError } from 'commander';
import type { z } from 'zod';
import { firstIssue } from '../shared/query';

/**
 * A commander argument parser from one of the query parameter schemas (shared/query/params),
 * so the CLI rejects exactly what the HTTP API rejects, with the same message.
 */
export function parseWith<T>(schema: z.ZodType<T, unknown>): (value: string) => T {
  return (value) => {
    const result = schema.safeParse(value);
    if (!result.success) throw new InvalidArgumentError(`${firstIssue(result.error).message}.`);
    return result.data;
  };
}

/** Control characters (a remote server's diagnostic can carry terminal escapes) as spaces, for tables. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}
