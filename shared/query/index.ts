import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createIncidentStore } from '../incidents/store';
import { createBounceStore } from '../store/bounce-store';
import type { StoredEvent } from '../store/records';
import type { TableNames } from '../store/schema';
import { createCursorCodec, cursorKey } from './cursor';
import { exportEvents, exportSuppressed } from './export';
import { type ListIncidentsInput, incidentOfEvent, listIncidents } from './incidents';
import { type ListContext, type ListEventsInput, type ListSuppressedInput, listEvents, listSuppressed } from './list';
import { type StatsInput, groupedStats } from './stats';

export { InvalidCursorError } from './cursor';
export { InvalidTimeError, parseRange, parseTime } from './time';
export type { Page, ListEventsInput, ListSuppressedInput } from './list';
export type { ListIncidentsInput } from './incidents';
export type { GroupedStats, StatsGroup, StatsInput } from './stats';
export * from './params';

export interface QueryServiceOptions {
  client: DynamoDBClient;
  tables: TableNames;
  /**
   * Key material for cursor tags. @default process.env.BOUNCES_CURSOR_SECRET, else derived
   * from the events table name (see cursor.ts for what that does and does not protect).
   */
  cursorSecret?: string;
  now?: () => Date;
}

/** Read-only queries over the bounce tables, for the CLI, the query API and the typed client. */
export function createQueryService(options: QueryServiceOptions) {
  const { client, tables } = options;
  const now = options.now ?? (() => new Date());
  const secret = options.cursorSecret ?? process.env.BOUNCES_CURSOR_SECRET;
  const context: ListContext = { client, tables, now, codec: createCursorCodec(cursorKey(tables.events, secret)) };
  const store = createBounceStore({ client, tables });
  const incidents = createIncidentStore({ client, table: tables.events });
  return {
    getRecipient: (address: string) => store.getRecipient(address),
    /** An address's events, newest first, at most `limit` (one Query on the events table). */
    getHistory: (address: string, limit: number) => store.getHistory(address, { limit }),
    listEvents: (input: ListEventsInput) => listEvents(context, input),
    listSuppressed: (input: ListSuppressedInput) => listSuppressed(context, input),
    stats: (input: StatsInput) => groupedStats(client, tables, input, now()),
    exportEvents: (exportOptions: { since?: string } = {}) => exportEvents(client, tables, { ...exportOptions, now: now() }),
    exportSuppressed: () => exportSuppressed(client, tables),
    /** Sender incidents, open first; see listIncidents. */
    listIncidents: (input: ListIncidentsInput) => listIncidents(incidents, context.codec, input, now()),
    /** The incident a stored event belongs to, if any. */
    incidentOfEvent: (event: StoredEvent) => incidentOfEvent(incidents, event, now()),
  };
}

export type QueryService = ReturnType<typeof createQueryService>;
