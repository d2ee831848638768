import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import type { Verdict } from '../verdict';
import { type SuppressionApi, type SuppressionOutcome, createSuppressionSync } from './suppression-sync';
import { type PutEventsApi, createVerdictPublisher } from './verdict-events';

/**
 * What the processing function does with verdicts once they are stored, configured by the
 * environment the CDK construct sets: SUPPRESSION_SYNC, UNSUPPRESS_SENDER_FAULTS, VERDICT_BUS_NAME.
 */

const EnvSchema = z.object({
  SUPPRESSION_SYNC: z.enum(['on', 'off']).default('off'),
  UNSUPPRESS_SENDER_FAULTS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  VERDICT_BUS_NAME: z.string().min(1).optional(),
});

export interface ActionsConfig {
  /** Absent when the sync is off. */
  suppressionSync?: { unsuppressSenderFaults: boolean };
  /** Absent when no verdict events are published. */
  verdictBusName?: string;
}

export class ActionsConfigError extends Error {
  override readonly name = 'ActionsConfigError';
}

export function loadActionsConfig(env: NodeJS.ProcessEnv): ActionsConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ActionsConfigError(`invalid environment: ${problems}`);
  }
  const { SUPPRESSION_SYNC, UNSUPPRESS_SENDER_FAULTS, VERDICT_BUS_NAME } = parsed.data;
  return {
    ...(SUPPRESSION_SYNC === 'on' && { suppressionSync: { unsuppressSenderFaults: UNSUPPRESS_SENDER_FAULTS } }),
    ...(VERDICT_BUS_NAME && { verdictBusName: VERDICT_BUS_NAME }),
  };
}

/** What was done for one stored verdict; the handler keeps it in the event history. */
export interface ActionOutcome {
  recipient: string;
  feedbackId: string;
  /** Absent when the sync is off. */
  suppression?: SuppressionOutcome;
  /** Whether a verdict event went to the bus (false when none is configured). */
  published: boolean;
}

/**
 * Some actions failed (SuppressionSyncError, VerdictPublishError in `errors`). Everything that
 * could be done was done; retrying the SQS record repeats the actions idempotently (events may
 * then be published twice).
 */
export class VerdictActionsError extends AggregateError {
  override readonly name = 'VerdictActionsError';
}

export interface VerdictActions {
  /** Run after the verdicts are stored: a failure leaves them stored, and a retry re-runs this. */
  afterStore(verdicts: readonly Verdict[]): Promise<ActionOutcome[]>;
}

export interface VerdictActionsDeps {
  /** @default a new SESv2Client without SDK retries */
  sesv2?: SuppressionApi;
  /** @default a new EventBridgeClient */
  eventBridge?: PutEventsApi;
  /** Reads our status table before a delete from SES's list (see SuppressionSyncOptions). */
  isSuppressedByUs?: (address: string) => Promise<boolean>;
}

/**
 * Without timeouts an unresponsive endpoint holds the record until the function times out and
 * the whole batch fails; with them the call fails alone and is retried.
 */
const REQUEST_HANDLER = { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true };

/**
 * The single entry point for the processing function. With both actions off it does nothing
 * and creates no clients. The SES client makes one attempt per call: the sync retries through
 * its rate limiter, and SDK retries would bypass it.
 */
export function createVerdictActions(env: NodeJS.ProcessEnv, deps: VerdictActionsDeps = {}): VerdictActions {
  const config = loadActionsConfig(env);
  if (!config.suppressionSync && !config.verdictBusName) return { afterStore: async () => [] };

  const sync = config.suppressionSync
    ? createSuppressionSync({
        sesv2: deps.sesv2 ?? new SESv2Client({ maxAttempts: 1, requestHandler: REQUEST_HANDLER }),
        unsuppressSenderFaults: config.suppressionSync.unsuppressSenderFaults,
        isSuppressedByUs: deps.isSuppressedByUs,
      })
    : undefined;
  const publisher = config.verdictBusName
    ? createVerdictPublisher({ eventBridge: deps.eventBridge ?? new EventBridgeClient({ requestHandler: REQUEST_HANDLER }), busName: config.verdictBusName })
    : undefined;

  return {
    async afterStore(verdicts) {
      // Everything runs to the end even when something fails, so a retry has the least left to do.
      const [suppressions, [publishing]] = await Promise.all([
        Promise.allSettled(verdicts.map((verdict) => sync?.syncVerdict(verdict))),
        Promise.allSettled([publisher?.publish(verdicts)]),
      ]);
      const errors = [...suppressions, publishing].flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      if (errors.length > 0) throw new VerdictActionsError(errors, `${errors.length} verdict action(s) failed`);
      return verdicts.map((verdict, index) => {
        const suppression = suppressions[index];
        return {
          recipient: verdict.recipient,
          feedbackId: verdict.feedbackId,
          ...(suppression?.status === 'fulfilled' && suppression.value && { suppression: suppression.value }),
          published: publisher !== undefined,
        };
      });
    },
  };
}
