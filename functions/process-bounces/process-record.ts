import type { SQSRecord } from 'aws-lambda';
import type { VerdictActions } from '../../shared/actions/config';
import { verdictsFor } from '../../shared/classify';
import { type SesNotification, type SnsSubscriptionMessage, parseNotification } from '../../shared/notification';
import type { BounceStore, RecordOutcome } from '../../shared/store';
import type { Verdict } from '../../shared/verdict';

export type RecordingStore = Pick<BounceStore, 'recordNotification' | 'recordFailure' | 'recordSuppressionChange'>;

export type RecordResult =
  /** `verdicts`: those stored; `outcome.rejected` names the recipients that cannot be. */
  | { kind: 'stored'; verdicts: Verdict[]; outcome: RecordOutcome }
  /** Valid input without a verdict: see `ParseResult` for `known` and `subscription`. */
  | { kind: 'ignored'; eventType: string; known: boolean; subscription?: SnsSubscriptionMessage }
  /**
   * `parse`: the body is no notification we can classify, retrying will not help.
   * `actions`: the verdicts are stored, but syncing SES's list or publishing failed; a retry
   * finds them stored and repeats only the (idempotent) actions.
   */
  | { kind: 'failed'; stage: 'parse' | 'store' | 'actions'; error: unknown };

const NO_ACTIONS: VerdictActions = { afterStore: async () => [] };

/** Store first, act second: an action failing never costs a verdict. */
async function storeAndAct(
  notification: SesNotification,
  allVerdicts: Verdict[],
  store: RecordingStore,
  actions: VerdictActions,
): Promise<RecordResult> {
  let outcome: RecordOutcome;
  try {
    outcome = await store.recordNotification(notification, allVerdicts);
  } catch (error) {
    return { kind: 'failed', stage: 'store', error };
  }
  // Act only on what was stored: an action on a recipient that is not has nothing to note on.
  const unstored = new Set(outcome.rejected?.map(({ recipient }) => recipient));
  const verdicts = unstored.size ? allVerdicts.filter((verdict) => !unstored.has(verdict.recipient)) : allVerdicts;
  try {
    const outcomes = await actions.afterStore(verdicts);
    await Promise.all(
      outcomes.map(({ suppression }, index) => {
        const verdict = verdicts[index];
        if (!verdict || !suppression || suppression.action === 'none') return undefined;
        const { action, why, at } = suppression;
        const reason = suppression.action === 'put' ? suppression.reason : undefined;
        return store.recordSuppressionChange(verdict, { action, why, at, ...(reason && { reason }) });
      }),
    );
  } catch (error) {
    return { kind: 'failed', stage: 'actions', error };
  }
  return { kind: 'stored', verdicts, outcome };
}

/** One SQS record: parse, classify, store, act. Never throws: a failure is a result. */
export async function processRecord(
  record: SQSRecord,
  store: RecordingStore,
  actions: VerdictActions = NO_ACTIONS,
): Promise<RecordResult> {
  let notification: SesNotification;
  let verdicts: Verdict[];
  try {
    const parsed = parseNotification(record.body, { now: new Date() });
    if (parsed.type === 'ignored') {
      const { type: _type, ...ignored } = parsed;
      return { kind: 'ignored', ...ignored };
    }
    notification = parsed;
    verdicts = verdictsFor(notification);
  } catch (error) {
    return { kind: 'failed', stage: 'parse', error };
  }
  return storeAndAct(notification, verdicts, store, actions);
}
