import type { SQSRecord } from 'aws-lambda';
import { verdictsFor } from '../../shared/classify';
import { type SesNotification, parseNotification } from '../../shared/notification';
import type { BounceStore, RecordOutcome } from '../../shared/store';
import type { Verdict } from '../../shared/verdict';

export type RecordingStore = Pick<BounceStore, 'recordNotification' | 'recordFailure'>;

export type RecordResult =
  | { kind: 'stored'; verdicts: Verdict[]; outcome: RecordOutcome }
  | { kind: 'ignored'; eventType: string }
  /** `parse`: the body is no notification we can classify, retrying will not help. */
  | { kind: 'failed'; stage: 'parse' | 'store'; error: unknown };

/** One SQS record: parse, classify, store. Never throws: a failure is a result. */
export async function processRecord(record: SQSRecord, store: RecordingStore): Promise<RecordResult> {
  let notification: SesNotification;
  let verdicts: Verdict[];
  try {
    const parsed = parseNotification(record.body);
    if (parsed.type === 'ignored') return { kind: 'ignored', eventType: parsed.eventType };
    notification = parsed;
    verdicts = verdictsFor(notification);
  } catch (error) {
    return { kind: 'failed', stage: 'parse', error };
  }
  try {
    return { kind: 'stored', verdicts, outcome: await store.recordNotification(notification, verdicts) };
  } catch (error) {
    return { kind: 'failed', stage: 'store', error };
  }
}
