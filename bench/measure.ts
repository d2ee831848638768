import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus, writeNotifications } from './classify';

/** Helpers shared by the handler, pipeline and cost sections. */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * `count` SES notifications as they reach the queue (SNS envelopes unwrapped to the SNS message
 * they carry), from the classifier section's realistic mix: bounces, complaints, deliveries, opens.
 */
export async function notificationLines(count: number): Promise<{ lines: string[]; source: string }> {
  const { evidence, source } = loadCorpus();
  const dir = await mkdtemp(join(tmpdir(), 'bounces-bench-'));
  try {
    const file = join(dir, 'notifications.jsonl');
    await writeNotifications(file, count, evidence);
    const lines = (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const value = JSON.parse(line) as { Type?: string; Message?: string };
        return value.Type === 'Notification' && typeof value.Message === 'string' ? value.Message : line;
      });
    return { lines, source };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What SNS delivers to SQS: the message in an envelope. */
export const envelope = (message: string, id: number) => JSON.stringify({ Type: 'Notification', MessageId: `bench-${id}`, Message: message });
