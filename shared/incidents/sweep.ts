import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type PutEventsApi, VERDICT_SOURCE } from '../actions/verdict-events';
import type { Incident } from './records';
import { type IncidentStore, incidentOf } from './store';

/**
 * The scheduled half of sender incidents. The pipeline opens incidents as events arrive; only
 * the passing of time resolves one, so a sweep (every minute, see the construct) looks at the
 * open ones: it announces newly opened incidents, and moves those quiet for a quiet period to
 * `resolved` in the index and announces that. Readers never wait for it: they derive the state
 * from the last event, so a late or missed sweep delays only the EventBridge events.
 *
 * Announcements are at least once: an event is published before the incident is marked, so a
 * failure between the two publishes it again on the next sweep.
 */

export const INCIDENT_OPENED = 'Sender Incident Opened';
export const INCIDENT_RESOLVED = 'Sender Incident Resolved';
export type IncidentDetailType = typeof INCIDENT_OPENED | typeof INCIDENT_RESOLVED;

export type IncidentAnnouncer = (detailType: IncidentDetailType, incident: Incident) => Promise<void>;

/** Announce on an EventBridge bus: source `ses-bounce-pipeline`, the incident as detail. */
export function eventBridgeAnnouncer(eventBridge: PutEventsApi, busName: string): IncidentAnnouncer {
  return async (detailType, incident) => {
    const { FailedEntryCount, Entries } = await eventBridge.send(
      new PutEventsCommand({ Entries: [{ EventBusName: busName, Source: VERDICT_SOURCE, DetailType: detailType, Detail: JSON.stringify(incident) }] }),
    );
    if (FailedEntryCount) throw new Error(`EventBridge refused "${detailType}" for incident ${incident.id}: ${Entries?.[0]?.ErrorCode ?? 'unknown error'}`);
  };
}

export interface SweepResult {
  /** Incidents open after the sweep. */
  open: number;
  /** Newly announced as opened. */
  opened: number;
  /** Moved to resolved. */
  resolved: number;
}

export async function sweepIncidents(incidents: IncidentStore, announce: IncidentAnnouncer | undefined, now: Date): Promise<SweepResult> {
  const result: SweepResult = { open: 0, opened: 0, resolved: 0 };
  let startKey: Parameters<IncidentStore['statePage']>[1]['startKey'];
  do {
    const page = await incidents.statePage('open', { limit: 100, ...(startKey && { startKey }) });
    for (const stored of await incidents.hydrate(page.keys)) {
      const incident = incidentOf(stored, now);
      if (!incident) continue;
      if (stored.run.announcedAt === undefined) {
        await announce?.(INCIDENT_OPENED, { ...incident, state: 'open' });
        await incidents.markAnnounced(stored.run, now);
        result.opened += 1;
      }
      if (incident.state === 'open') {
        result.open += 1;
        continue;
      }
      // Announced first (at least once), then marked unless an event came in since the read: a
      // quiet period passed, so only an event that arrived that late can, and it is rare.
      await announce?.(INCIDENT_RESOLVED, incident);
      if (await incidents.markResolved(stored.run, now)) result.resolved += 1;
      else result.open += 1;
    }
    startKey = page.lastKey;
  } while (startKey);
  return result;
}
