import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { causeOf } from '../incidents/cause';
import { type Incident, type IncidentStateName } from '../incidents/records';
import { type IncidentStore, incidentOf } from '../incidents/store';
import type { StoredEvent } from '../store/records';
import { EVENTS } from '../store/schema';
import { type CursorCodec, InvalidCursorError } from './cursor';
import { PartitionKeyValue, ResolvedTime, SortKeyValue } from './cursor-values';
import type { Page } from './list';
import { parseTime } from './time';

export interface ListIncidentsInput {
  /** Only incidents in this state at the time of the query. */
  state?: IncidentStateName;
  /** As written (`7d`, `2026-11-01`, ISO): incidents with an event since then. */
  since?: string;
  limit: number;
  cursor?: string;
}

const INDEX = EVENTS.incidentIndex;

/** An ExclusiveStartKey of byIncidentState: the index keys and the table keys, nothing else. */
const StartKeySchema = z.strictObject({
  [INDEX.partitionKey]: z.enum(['open', 'resolved']),
  [INDEX.sortKey]: SortKeyValue,
  [EVENTS.partitionKey]: PartitionKeyValue,
  [EVENTS.sortKey]: SortKeyValue,
});

/**
 * Where a listing resumes: the phase (open, then resolved) and the index key to continue after,
 * checked in full (see cursor-values.ts) before it becomes an ExclusiveStartKey.
 */
const StateSchema = z.strictObject({ p: z.number().int().min(0).max(1), k: StartKeySchema.optional(), l: ResolvedTime.optional() });

/**
 * Incidents, open ones first (newest opening first), then resolved ones (latest last event
 * first), from the keys-only byIncidentState index and a BatchGetItem of the items: no Scan.
 *
 * The state is derived at read time from the last event and the quiet period, so an incident
 * is shown resolved as soon as its quiet period passed, whether or not the sweep has moved it
 * in the index yet (locally nothing moves it). Hence `state=resolved` also reads the index's
 * `open` partition, and a page can hold fewer items than `limit` while a cursor follows.
 */
export async function listIncidents(
  incidents: IncidentStore,
  codec: CursorCodec,
  input: ListIncidentsInput,
  now: Date,
): Promise<Page<Incident>> {
  const scope = JSON.stringify(['incidents', input.state ?? null, input.since ?? null]);
  const resume = input.cursor === undefined ? undefined : codec.decode(scope, input.cursor, StateSchema);
  const since = resume ? resume.l : input.since === undefined ? undefined : parseTime(input.since, now);
  const phases = input.state === 'open' ? (['open'] as const) : (['open', 'resolved'] as const);
  const resumeKey = resume?.k;
  if (
    resumeKey &&
    (resumeKey[INDEX.partitionKey] !== phases[resume.p] ||
      // The resolved phase has the window as key condition: a start key below it is outside the query.
      (resumeKey[INDEX.partitionKey] === 'resolved' && since !== undefined && resumeKey[INDEX.sortKey] < since))
  ) {
    throw new InvalidCursorError('the cursor is not valid for this query');
  }
  const items: Incident[] = [];
  let phase = resume?.p ?? 0;
  let startKey = resume?.k && (marshall(resume.k) as Record<string, AttributeValue>);
  while (phase < phases.length && items.length < input.limit) {
    const state = phases[phase] as IncidentStateName;
    const page = await incidents.statePage(state, {
      limit: input.limit - items.length,
      // A resolved incident is indexed at its last event: the window is a key condition there.
      ...(state === 'resolved' && since !== undefined && { since }),
      ...(startKey && { startKey }),
    });
    for (const stored of await incidents.hydrate(page.keys)) {
      const incident = incidentOf(stored, now);
      if (!incident || (since !== undefined && incident.lastSeen < since)) continue;
      if (input.state === undefined || incident.state === input.state) items.push(incident);
    }
    startKey = page.lastKey;
    if (!startKey) phase += 1;
  }
  const more = phase < phases.length;
  const cursor = more
    ? codec.encode(scope, { p: phase, ...(startKey && { k: unmarshall(startKey) }), ...(since !== undefined && { l: since }) })
    : undefined;
  return { items, ...(cursor !== undefined && { cursor }) };
}

/** The incident a stored event counted into, when it is sender-side and its run opened. */
export async function incidentOfEvent(incidents: IncidentStore, event: StoredEvent, now: Date): Promise<Incident | undefined> {
  const cause = causeOf(event);
  return cause && incidents.incidentAt(cause, event.timestamp, now);
}
