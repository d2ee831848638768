import {
  DeleteSuppressedDestinationCommand,
  ListSuppressedDestinationsCommand,
  type ListSuppressedDestinationsCommandOutput,
  NotFoundException,
  PutSuppressedDestinationCommand,
  SESv2ServiceException,
  type SuppressionListReason,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { SENDER_FAULT_REASONS } from '../reasons';
import type { Verdict } from '../verdict';
import {
  type Backoff,
  DEFAULT_BACKOFF,
  RetriesExhaustedError,
  type TokenBucket,
  processTokenBucket,
  withRetries,
} from './rate-limit';

/**
 * Keeps the SES account-level suppression list right. SES lists an address on every permanent
 * bounce, including bounces the sender caused (a blocklisted IP, failed DMARC, spammy content);
 * our verdicts know whose fault a bounce was, so they can add what SES missed and take back
 * what SES listed for our own mistakes.
 */

export type SuppressionPlan =
  | { kind: 'put'; reason: SuppressionListReason; why: string }
  | { kind: 'delete'; why: string }
  | { kind: 'none'; why: string };

export interface PlanOptions {
  /** Take sender-fault addresses off the SES list; off, they stay listed until removed by hand. */
  unsuppressSenderFaults: boolean;
}

export function isSenderFault(verdict: Verdict): boolean {
  return verdict.party === 'sender' || verdict.party === 'message' || SENDER_FAULT_REASONS.has(verdict.reason);
}

/**
 * Whether SES has the address on the account list because of this bounce: it reports a send it
 * skipped for the list as OnAccountSuppressionList, and lists an address on every fresh
 * Permanent bounce. Transient bounces never list an address.
 */
function sesListed(verdict: Verdict): boolean {
  return verdict.bounceSubType === 'OnAccountSuppressionList' || verdict.bounceType === 'Permanent';
}

/** What the SES account suppression list should do about one verdict. Pure. */
export function planSuppressionChange(verdict: Verdict, options: PlanOptions): SuppressionPlan {
  if (verdict.suppress) {
    const reason = verdict.notificationType === 'Complaint' ? 'COMPLAINT' : 'BOUNCE';
    return { kind: 'put', reason, why: `our verdict suppresses the address (${verdict.reason})` };
  }
  if (!isSenderFault(verdict)) {
    return { kind: 'none', why: `not suppressed and not a sender fault (${verdict.reason}, party ${verdict.party})` };
  }
  if (!sesListed(verdict)) {
    return { kind: 'none', why: `sender fault (${verdict.reason}) on a bounce SES does not list` };
  }
  const fault = `sender fault (${verdict.reason}, party ${verdict.party}) that SES listed`;
  if (!options.unsuppressSenderFaults) {
    return { kind: 'none', why: `${fault}; left listed because unsuppressSenderFaults is off` };
  }
  return { kind: 'delete', why: `${fault}; the address itself is fine` };
}

type SuppressionCommand =
  | PutSuppressedDestinationCommand
  | DeleteSuppressedDestinationCommand
  | ListSuppressedDestinationsCommand;

/** The part of SESv2Client this module uses, so tests can hand-roll a fake. */
export interface SuppressionApi {
  send(command: ListSuppressedDestinationsCommand): Promise<ListSuppressedDestinationsCommandOutput>;
  send(command: SuppressionCommand): Promise<object>;
}

/** What the sync did for one address and why: stored in the event history. */
export type SuppressionOutcome = { recipient: string; why: string; at: string } & (
  | { action: 'put'; reason: SuppressionListReason }
  | { action: 'delete' | 'none' }
);

export interface SesSuppressedDestination {
  address: string;
  reason: SuppressionListReason;
  /** ISO 8601, when SES last listed it. */
  lastUpdated?: string;
}

/** A suppression-list call that failed for good; the SQS record should be retried. */
export class SuppressionSyncError extends Error {
  override readonly name = 'SuppressionSyncError';
  constructor(
    message: string,
    readonly recipient: string | undefined,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

export interface SuppressionSyncOptions extends PlanOptions {
  sesv2: SuppressionApi;
  /**
   * SES allows about one suppression-list request per second per account; more is answered
   * with TooManyRequestsException. @default 1
   */
  maxRatePerSecond?: number;
  /** Retries after the first attempt of each call. @default 5 */
  retries?: number;
  /** Delays and randomness of the retries. @default DEFAULT_BACKOFF */
  backoff?: Partial<Omit<Backoff, 'retries'>>;
  /** @default the process-wide bucket for `maxRatePerSecond` */
  limiter?: TokenBucket;
  now?: () => Date;
  /**
   * Whether our status table suppresses the address, read before any delete: a sender-fault
   * verdict arriving late (out of order, redelivered, redriven) must not take an address off
   * SES's list that another verdict found dead. @default nothing is read
   */
  isSuppressedByUs?: (address: string) => Promise<boolean>;
}

export interface SuppressionSync {
  /** Plan and apply the change one verdict calls for. Idempotent: a retry repeats it harmlessly. */
  syncVerdict(verdict: Verdict): Promise<SuppressionOutcome>;
  /** Apply a plan decided elsewhere (`bounces suppression diff --apply`). */
  apply(address: string, plan: SuppressionPlan): Promise<SuppressionOutcome>;
  /** Every address on the account suppression list, page by page. */
  list(): AsyncIterable<SesSuppressedDestination>;
}

/** Throttling, server faults and errors that never reached SES are worth another try. */
export function isTransientSesError(error: unknown): boolean {
  if (!(error instanceof SESv2ServiceException)) return true;
  return error instanceof TooManyRequestsException || error.name === 'ThrottlingException' || error.$fault === 'server';
}

/** The largest page ListSuppressedDestinations returns. */
const LIST_PAGE_SIZE = 1000;

export function createSuppressionSync(options: SuppressionSyncOptions): SuppressionSync {
  const { sesv2, unsuppressSenderFaults } = options;
  const limiter = options.limiter ?? processTokenBucket(options.maxRatePerSecond ?? 1);
  const backoff: Backoff = { ...DEFAULT_BACKOFF, ...options.backoff, retries: options.retries ?? DEFAULT_BACKOFF.retries };
  const now = options.now ?? (() => new Date());

  /** Every attempt, retries included, waits for a token: a retry is a request too. */
  async function call<T>(request: () => Promise<T>, recipient: string | undefined, what: string): Promise<T> {
    try {
      return await withRetries(
        async () => {
          await limiter.take();
          return request();
        },
        isTransientSesError,
        backoff,
      );
    } catch (error) {
      if (!(error instanceof RetriesExhaustedError)) throw error;
      throw new SuppressionSyncError(`${what}: ${error.message}`, recipient, error.attempts, { cause: error.cause });
    }
  }

  async function apply(address: string, plan: SuppressionPlan): Promise<SuppressionOutcome> {
    switch (plan.kind) {
      case 'put':
        // Put is an upsert: applying it again only refreshes SES's LastUpdateTime.
        await call(
          () => sesv2.send(new PutSuppressedDestinationCommand({ EmailAddress: address, Reason: plan.reason })),
          address,
          `could not add ${address} to the SES suppression list`,
        );
        return { recipient: address, action: 'put', reason: plan.reason, why: plan.why, at: now().toISOString() };
      case 'delete': {
        let why = plan.why;
        try {
          await call(
            () => sesv2.send(new DeleteSuppressedDestinationCommand({ EmailAddress: address })),
            address,
            `could not remove ${address} from the SES suppression list`,
          );
        } catch (error) {
          // Already absent: the goal is reached (e.g. a retry after a delete that succeeded).
          if (!(error instanceof SuppressionSyncError && error.cause instanceof NotFoundException)) throw error;
          why = `${why}; SES had not listed it`;
        }
        return { recipient: address, action: 'delete', why, at: now().toISOString() };
      }
      case 'none':
        return { recipient: address, action: 'none', why: plan.why, at: now().toISOString() };
    }
  }

  return {
    apply,
    async syncVerdict(verdict) {
      const plan = planSuppressionChange(verdict, { unsuppressSenderFaults });
      if (plan.kind === 'delete' && (await options.isSuppressedByUs?.(verdict.recipient))) {
        return apply(verdict.recipient, { kind: 'none', why: `${plan.why}, but our status table suppresses it: left listed` });
      }
      return apply(verdict.recipient, plan);
    },
    async *list() {
      let NextToken: string | undefined;
      do {
        const page = await call(
          () => sesv2.send(new ListSuppressedDestinationsCommand({ PageSize: LIST_PAGE_SIZE, NextToken })),
          undefined,
          'could not list the SES suppression list',
        );
        for (const summary of page.SuppressedDestinationSummaries ?? []) {
          if (!summary.EmailAddress || !summary.Reason) continue;
          yield {
            address: summary.EmailAddress,
            reason: summary.Reason,
            ...(summary.LastUpdateTime && { lastUpdated: summary.LastUpdateTime.toISOString() }),
          };
        }
        NextToken = page.NextToken;
      } while (NextToken);
    },
  };
}
