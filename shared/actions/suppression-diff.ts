import type { SuppressionListReason } from '@aws-sdk/client-sesv2';
import { addressKey } from '../address';
import type { Reason } from '../reasons';
import type { RecipientStatus } from '../store/records';
import type { SesSuppressedDestination, SuppressionPlan } from './suppression-sync';

/**
 * Where the SES account suppression list and our recipient table disagree, and the plans that
 * make SES agree with our verdicts. Pure: `bounces suppression diff` fetches, this decides.
 */

/** SES lists it, our verdicts call it sendable: SES blocks a customer we could reach. */
export interface SesOnlyEntry {
  /** As SES spells it: the address a delete must name. */
  address: string;
  sesReason: SuppressionListReason;
  /** Our newest verdict's reason. */
  ourReason?: Reason;
  party?: RecipientStatus['party'];
}

/** We suppress it, SES does not: SES would still send to a dead or complaining address. */
export interface OursOnlyEntry {
  address: string;
  ourReason?: RecipientStatus['suppressedReason'];
  listReason: SuppressionListReason;
}

/** SES lists an address we have no record of (listed by hand, or before the pipeline ran). */
export interface UnknownEntry {
  address: string;
  sesReason: SuppressionListReason;
}

export interface SuppressionDiff {
  sesOnly: SesOnlyEntry[];
  oursOnly: OursOnlyEntry[];
  /** Reported, never changed: we have no verdict to go by. */
  unknown: UnknownEntry[];
}

export interface DiffInput {
  ses: readonly SesSuppressedDestination[];
  /** Our status of each SES-listed address we know, keyed by `addressKey`. */
  statuses: ReadonlyMap<string, RecipientStatus>;
  /** Every recipient we suppress. */
  suppressed: readonly RecipientStatus[];
}

/** SES tells complaints from bounces; everything else we suppress for is a bounce to SES. */
export function listReasonFor(status: Pick<RecipientStatus, 'suppressedReason'>): SuppressionListReason {
  return status.suppressedReason === 'feedback' ? 'COMPLAINT' : 'BOUNCE';
}

export function diffSuppressions(input: DiffInput): SuppressionDiff {
  const diff: SuppressionDiff = { sesOnly: [], oursOnly: [], unknown: [] };
  const sesKeys = new Set<string>();
  for (const listed of input.ses) {
    const key = addressKey(listed.address);
    sesKeys.add(key);
    const status = input.statuses.get(key);
    if (!status) {
      diff.unknown.push({ address: listed.address, sesReason: listed.reason });
    } else if (!status.suppressed) {
      diff.sesOnly.push({
        address: listed.address,
        sesReason: listed.reason,
        ...(status.reason && { ourReason: status.reason }),
        ...(status.party && { party: status.party }),
      });
    }
  }
  for (const status of input.suppressed) {
    if (sesKeys.has(status.address)) continue;
    diff.oursOnly.push({
      address: status.address,
      ...(status.suppressedReason && { ourReason: status.suppressedReason }),
      listReason: listReasonFor(status),
    });
  }
  return diff;
}

/** The changes that make SES match our verdicts; unknown addresses are left alone. */
export function reconciliationPlans(diff: SuppressionDiff): { address: string; plan: SuppressionPlan }[] {
  return [
    ...diff.sesOnly.map((entry) => ({
      address: entry.address,
      plan: { kind: 'delete', why: `our verdict calls it sendable (${entry.ourReason ?? 'no reason recorded'})` } as const,
    })),
    ...diff.oursOnly.map((entry) => ({
      address: entry.address,
      plan: {
        kind: 'put',
        reason: entry.listReason,
        why: `our verdict suppresses it (${entry.ourReason ?? 'no reason recorded'})`,
      } as const,
    })),
  ];
}
