import { setTimeout as delay } from 'node:timers/promises';

/**
 * Pacing and retrying for the AWS calls verdict actions make. Time is injectable so tests check
 * spacing and backoff without waiting.
 */

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = async (ms) => {
  await delay(ms);
};

export interface TokenBucket {
  /** Resolves when the caller may make one request. */
  take(): Promise<void>;
}

export interface TokenBucketOptions {
  ratePerSecond: number;
  /** Requests allowed back to back after an idle spell. @default 1 */
  burst?: number;
  /** Milliseconds, monotonic enough for spacing. @default Date.now */
  now?: () => number;
  sleep?: Sleep;
}

/**
 * At most `ratePerSecond` requests, `burst` of them back to back. A caller takes its token at
 * once, going into debt when none is left, and then sleeps off the debt: concurrent callers
 * queue in arrival order without polling.
 */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const { ratePerSecond } = options;
  if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be positive, got ${ratePerSecond}`);
  const burst = options.burst ?? 1;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  let tokens = burst;
  let updatedAt = now();
  return {
    async take() {
      const at = now();
      tokens = Math.min(burst, tokens + ((at - updatedAt) * ratePerSecond) / 1000);
      updatedAt = at;
      tokens -= 1;
      if (tokens < 0) await sleep((-tokens * 1000) / ratePerSecond);
    },
  };
}

const processBuckets = new Map<number, TokenBucket>();

/**
 * One bucket per rate for the whole process. SES limits the suppression-list calls per account,
 * not per client, so every sync a Lambda container or CLI run creates must draw from the same
 * bucket.
 */
export function processTokenBucket(ratePerSecond: number): TokenBucket {
  let bucket = processBuckets.get(ratePerSecond);
  if (!bucket) {
    bucket = createTokenBucket({ ratePerSecond });
    processBuckets.set(ratePerSecond, bucket);
  }
  return bucket;
}

export interface Backoff {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: Sleep;
  /** In [0, 1). */
  random: () => number;
}

export const DEFAULT_BACKOFF: Backoff = {
  retries: 5,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  sleep: realSleep,
  random: Math.random,
};

/**
 * "Full jitter": a random delay up to the exponential cap, so callers throttled together do not
 * retry together. `attempt` counts from 0 for the first retry.
 */
export function backoffDelay(attempt: number, backoff: Backoff): number {
  return backoff.random() * Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** attempt);
}

export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError';
  constructor(
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`gave up after ${attempts} attempt(s): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * Run `operation`, retrying with backoff while `isTransient` says the error may pass. A
 * permanent error, or the last transient one, is thrown as RetriesExhaustedError with the
 * attempt count and the original error as `cause`.
 */
export async function withRetries<T>(
  operation: () => Promise<T>,
  isTransient: (error: unknown) => boolean,
  backoff: Backoff,
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransient(error) || attempt >= backoff.retries) throw new RetriesExhaustedError(attempt + 1, error);
      await backoff.sleep(backoffDelay(attempt, backoff));
    }
  }
}
