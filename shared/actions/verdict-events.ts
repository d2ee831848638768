import { PutEventsCommand, type PutEventsCommandOutput, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Verdict } from '../verdict';
import { truncateUtf8 } from '../text';
import { type Backoff, DEFAULT_BACKOFF, backoffDelay } from './rate-limit';

/**
 * One EventBridge event per verdict, for whoever wants to act on bounces (CRM updates, alerts).
 * Delivery is at least once: a retried SQS record publishes its verdicts again, so consumers
 * should deduplicate on `detail.feedbackId` + `detail.recipient`.
 */

export const VERDICT_SOURCE = 'ses-bounce-pipeline';
export const VERDICT_DETAIL_TYPE = 'Bounce Verdict';

/** PutEvents takes at most 10 entries, each, and all of a request's together, under 256 KB. */
const MAX_ENTRIES_PER_REQUEST = 10;
const MAX_REQUEST_BYTES = 256 * 1024;
/** EventBridge counts a set `Time` as 14 bytes. */
const TIME_BYTES = 14;
const TRUNCATION_MARK = '…';

/** The part of EventBridgeClient this module uses, so tests can hand-roll a fake. */
export interface PutEventsApi {
  send(command: PutEventsCommand): Promise<PutEventsCommandOutput>;
}

export interface FailedVerdictEvent {
  recipient: string;
  feedbackId: string;
  errorCode?: string;
  errorMessage?: string;
}

/** Entries EventBridge still refused after the retries; the SQS record should be retried. */
export class VerdictPublishError extends Error {
  override readonly name = 'VerdictPublishError';
  constructor(readonly failures: readonly FailedVerdictEvent[]) {
    const codes = [...new Set(failures.map((failure) => failure.errorCode ?? 'unknown'))].join(', ');
    super(`EventBridge refused ${failures.length} verdict event(s): ${codes}`);
  }
}

export interface VerdictPublisherOptions {
  eventBridge: PutEventsApi;
  busName: string;
  /** @default VERDICT_SOURCE */
  source?: string;
  /** Retries of refused entries after the first attempt. @default 5 */
  retries?: number;
  backoff?: Partial<Omit<Backoff, 'retries'>>;
}

export interface VerdictPublisher {
  publish(verdicts: readonly Verdict[]): Promise<void>;
}

interface Entry {
  verdict: Verdict;
  request: PutEventsRequestEntry;
  bytes: number;
}

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

function validTime(timestamp: string): Date | undefined {
  const time = new Date(timestamp);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

function entryFor(verdict: Verdict, busName: string, source: string): Entry {
  const time = validTime(verdict.timestamp);
  // EventBridge's own size formula: Source, DetailType and Detail as UTF-8, plus Time.
  const fixedBytes = utf8Bytes(source) + utf8Bytes(VERDICT_DETAIL_TYPE) + (time ? TIME_BYTES : 0);
  let detail = JSON.stringify(verdict);
  const excess = fixedBytes + utf8Bytes(detail) - MAX_REQUEST_BYTES;
  if (excess > 0 && verdict.diagnostic !== undefined) {
    // Only the diagnostic is unbounded (a server can quote a whole message). Cutting N bytes of
    // it shortens the JSON by at least N, since escaping only ever lengthens text.
    const room = utf8Bytes(verdict.diagnostic) - excess - utf8Bytes(TRUNCATION_MARK);
    detail = JSON.stringify({ ...verdict, diagnostic: truncateUtf8(verdict.diagnostic, room) + TRUNCATION_MARK });
  }
  return {
    verdict,
    request: { EventBusName: busName, Source: source, DetailType: VERDICT_DETAIL_TYPE, Detail: detail, ...(time && { Time: time }) },
    bytes: fixedBytes + utf8Bytes(detail),
  };
}

/** Consecutive entries packed into requests within both PutEvents limits. */
function chunk(entries: readonly Entry[]): Entry[][] {
  const chunks: Entry[][] = [];
  let current: Entry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    if (current.length === MAX_ENTRIES_PER_REQUEST || (current.length > 0 && bytes + entry.bytes > MAX_REQUEST_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function createVerdictPublisher(options: VerdictPublisherOptions): VerdictPublisher {
  const { eventBridge, busName } = options;
  const source = options.source ?? VERDICT_SOURCE;
  const backoff: Backoff = { ...DEFAULT_BACKOFF, ...options.backoff, retries: options.retries ?? DEFAULT_BACKOFF.retries };

  /**
   * PutEvents succeeds as a call even when entries fail (throttled, internal error): it reports
   * them in FailedEntryCount and, entry by entry in request order, without an EventId. Only those
   * are sent again. Errors of the call itself are the SDK client's to retry.
   */
  async function putChunk(entries: readonly Entry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 0; ; attempt += 1) {
      const response = await eventBridge.send(new PutEventsCommand({ Entries: pending.map((entry) => entry.request) }));
      if (!response.FailedEntryCount) return;
      const results = response.Entries ?? [];
      const failed = pending.flatMap((entry, index) => {
        const result = results[index];
        return result?.EventId ? [] : [{ entry, errorCode: result?.ErrorCode, errorMessage: result?.ErrorMessage }];
      });
      if (failed.length === 0) return;
      if (attempt >= backoff.retries) {
        throw new VerdictPublishError(
          failed.map(({ entry, errorCode, errorMessage }) => ({
            recipient: entry.verdict.recipient,
            feedbackId: entry.verdict.feedbackId,
            ...(errorCode && { errorCode }),
            ...(errorMessage && { errorMessage }),
          })),
        );
      }
      pending = failed.map(({ entry }) => entry);
      await backoff.sleep(backoffDelay(attempt, backoff));
    }
  }

  return {
    async publish(verdicts) {
      for (const entries of chunk(verdicts.map((verdict) => entryFor(verdict, busName, source)))) {
        await putChunk(entries);
      }
    },
  };
}
