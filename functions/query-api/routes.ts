import { z } from 'zod';
import { INCIDENT_STATES } from '../../shared/incidents/records';
import {
  AddressSchema,
  CursorSchema,
  DEFAULT_LIMIT,
  DomainSchema,
  LimitSchema,
  ProviderSchema,
  type QueryService,
  ReasonSchema,
  StatsBySchema,
  TimeSchema,
} from '../../shared/query';

/** A response decided by a route; the handler turns it into an HTTP response. */
export interface RouteResult {
  status: number;
  body: unknown;
}

/** A request the API refuses: a 400 naming the parameter, so callers can fix it without guessing. */
export class BadParameterError extends Error {
  override readonly name = 'BadParameterError';
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

type Query = Record<string, string | undefined>;

/** Parse a query string strictly: an unknown parameter is an error too, not silently ignored. */
function parseQuery<T extends z.ZodRawShape>(shape: T, query: Query): z.infer<z.ZodObject<T>> {
  const result = z.strictObject(shape).safeParse(query);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw new BadParameterError(issue.keys[0] ?? '', `unknown parameter; expected one of ${Object.keys(shape).join(', ')}`);
  }
  throw new BadParameterError(String(issue?.path[0] ?? ''), issue?.message ?? 'invalid value');
}

const Flag = z.enum(['true', 'false'], { error: 'expected true or false' });

const LIST_SHAPE = {
  domain: DomainSchema.optional(),
  reason: ReasonSchema.optional(),
  provider: ProviderSchema.optional(),
  suppressed: Flag.optional(),
  since: TimeSchema.optional(),
  until: TimeSchema.optional(),
  limit: LimitSchema.optional(),
  cursor: CursorSchema.optional(),
};
const SUPPRESSED_SHAPE = { limit: LimitSchema.optional(), cursor: CursorSchema.optional() };
const STATS_SHAPE = { by: StatsBySchema.optional(), since: TimeSchema.optional() };
const INCIDENTS_SHAPE = {
  state: z.enum(INCIDENT_STATES, { error: `expected one of ${INCIDENT_STATES.join(', ')}` }).optional(),
  since: TimeSchema.optional(),
  limit: LimitSchema.optional(),
  cursor: CursorSchema.optional(),
};

const defined = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

async function getRecipient(query: QueryService, rawEmail: string): Promise<RouteResult> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawEmail);
  } catch (error) {
    if (error instanceof URIError) throw new BadParameterError('email', 'not an e-mail address: the path segment is not valid percent-encoded UTF-8');
    throw error;
  }
  const parsed = AddressSchema.safeParse(decoded);
  if (!parsed.success) throw new BadParameterError('email', parsed.error.issues[0]?.message ?? 'not an e-mail address');
  const address = parsed.data;
  const recipient = await query.getRecipient(address);
  return recipient
    ? { status: 200, body: recipient }
    : { status: 404, body: { error: 'nothing is recorded for this address', address } };
}

/** Events by default; `suppressed=true` lists suppressed recipients instead (a domain filters them). */
async function listRecipients(query: QueryService, raw: Query): Promise<RouteResult> {
  const { suppressed, reason, provider, limit = DEFAULT_LIMIT, ...window } = parseQuery(LIST_SHAPE, raw);
  if (suppressed === 'true') {
    if (reason !== undefined) throw new BadParameterError('reason', 'not with suppressed=true: suppressed recipients are listed by domain only');
    if (provider !== undefined) throw new BadParameterError('provider', 'not with suppressed=true: suppressed recipients are listed by domain only');
    return { status: 200, body: await query.listSuppressed(defined({ ...window, limit })) };
  }
  return { status: 200, body: await query.listEvents(defined({ ...window, reason, provider, limit })) };
}

async function listSuppressed(query: QueryService, raw: Query): Promise<RouteResult> {
  const { limit = DEFAULT_LIMIT, cursor } = parseQuery(SUPPRESSED_SHAPE, raw);
  return { status: 200, body: await query.listSuppressed(defined({ limit, cursor })) };
}

async function stats(query: QueryService, raw: Query): Promise<RouteResult> {
  const { by = 'reason', since } = parseQuery(STATS_SHAPE, raw);
  return { status: 200, body: await query.stats(defined({ by, since })) };
}

/** Sender incidents, open first; `state` as of now, `since` keeps those with an event since then. */
async function incidents(query: QueryService, raw: Query): Promise<RouteResult> {
  const { limit = DEFAULT_LIMIT, ...rest } = parseQuery(INCIDENTS_SHAPE, raw);
  return { status: 200, body: await query.listIncidents(defined({ ...rest, limit })) };
}

/** A matched route: what to run for a GET. */
export type Route = (query: QueryService, parameters: Query) => Promise<RouteResult>;

/** The route for a path, or undefined (404). A trailing slash does not matter. */
export function matchRoute(path: string): Route | undefined {
  const segments = path.replace(/\/+$/, '').split('/').slice(1);
  const [collection, id, ...rest] = segments;
  if (rest.length > 0) return undefined;
  if (collection === 'recipients' && id !== undefined && id !== '') return (query) => getRecipient(query, id);
  if (id !== undefined) return undefined;
  if (collection === 'recipients') return listRecipients;
  if (collection === 'suppressed') return listSuppressed;
  if (collection === 'stats') return stats;
  if (collection === 'incidents') return incidents;
  return undefined;
}
