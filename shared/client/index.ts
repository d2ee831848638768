import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { lookupAddress } from '../address';
import { type Incident, IncidentSchema, type IncidentStateName } from '../incidents/records';
import { createQueryService } from '../query';
import { type RecipientStatus, RecipientStatusSchema } from '../store/records';
import type { TableNames } from '../store/schema';

export { InvalidAddressError } from '../address';
export { InvalidCursorError } from '../query';
export type { RecipientStatus } from '../store/records';
export type { Incident } from '../incidents/records';
export type { TableNames } from '../store/schema';

/**
 * Turn a request into a signed one. The deployed query API is a Function URL with AWS_IAM
 * auth, so requests need a SigV4 signature (service `lambda`); this package adds no signing
 * dependency: sign with what you have, e.g. `SignatureV4` from `@smithy/signature-v4` and your
 * credentials, and return the request with its signature headers.
 */
export type RequestSigner = (request: Request) => Request | Promise<Request>;

export type BounceClientOptions =
  | { dynamodb: { client: DynamoDBClient; tables: TableNames } }
  | { api: { url: string; fetch?: typeof fetch; sign?: RequestSigner } };

export interface BounceClient {
  /** What the pipeline knows about an address; undefined when nothing is recorded. */
  getStatus(email: string): Promise<RecipientStatus | undefined>;
  /**
   * True when mail to the address must stop. Throws InvalidAddressError for a non-address or
   * one longer than RFC 5321 allows (254 characters, local part 64 octets).
   */
  isSuppressed(email: string): Promise<boolean>;
  /** Every suppressed recipient, most recently suppressed first, fetched a page at a time. */
  listSuppressed(options?: { pageSize?: number }): AsyncIterable<RecipientStatus>;
  /**
   * Sender incidents (what the sender must fix: a blocklisting, failing authentication, rate
   * limits), open ones first, fetched a page at a time. `state` filters by the state now,
   * `since` (`7d`, `2026-11-01`, ISO) keeps incidents with an event since then.
   */
  listIncidents(options?: ListIncidentsOptions): AsyncIterable<Incident>;
}

export interface ListIncidentsOptions {
  state?: IncidentStateName;
  since?: string;
  pageSize?: number;
}

/** An answer of the query API other than success (or the 404 of an unknown address). */
export class BounceApiError extends Error {
  override readonly name = 'BounceApiError';
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`query API answered ${status}: ${typeof body === 'object' && body && 'error' in body ? String(body.error) : JSON.stringify(body)}`);
  }
}

interface Page<T> {
  items: T[];
  cursor?: string | undefined;
}

const PageSchema = z.object({ items: z.array(RecipientStatusSchema), cursor: z.string().optional() });
const IncidentPageSchema = z.object({ items: z.array(IncidentSchema), cursor: z.string().optional() });

const PAGE_SIZE = 100;

/** The pages of a paged listing, flattened. */
async function* allItems<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.cursor;
  } while (cursor !== undefined);
}

interface Backend {
  getStatus(address: string): Promise<RecipientStatus | undefined>;
  suppressedPage(limit: number, cursor: string | undefined): Promise<Page<RecipientStatus>>;
  incidentsPage(options: ListIncidentsOptions, limit: number, cursor: string | undefined): Promise<Page<Incident>>;
}

function dynamoBackend(options: { client: DynamoDBClient; tables: TableNames }): Backend {
  const query = createQueryService(options);
  return {
    getStatus: (address) => query.getRecipient(address),
    suppressedPage: (limit, cursor) => query.listSuppressed({ limit, ...(cursor !== undefined && { cursor }) }),
    incidentsPage: ({ state, since }, limit, cursor) =>
      query.listIncidents({ limit, ...(state && { state }), ...(since !== undefined && { since }), ...(cursor !== undefined && { cursor }) }),
  };
}

function apiBackend(options: { url: string; fetch?: typeof fetch; sign?: RequestSigner }): Backend {
  const base = options.url.endsWith('/') ? options.url : `${options.url}/`;
  const send = options.fetch ?? fetch;
  const sign = options.sign ?? ((request: Request) => request);

  async function get(path: string): Promise<{ status: number; body: unknown }> {
    const request = await sign(new Request(new URL(path, base), { method: 'GET', headers: { accept: 'application/json' } }));
    const response = await send(request);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page, say): keep the text for the error message.
    }
    return { status: response.status, body };
  }

  return {
    async getStatus(address) {
      const { status, body } = await get(`recipients/${encodeURIComponent(address)}`);
      if (status === 404) return undefined;
      if (status !== 200) throw new BounceApiError(status, body);
      return RecipientStatusSchema.parse(body);
    },
    async suppressedPage(limit, cursor) {
      const parameters = new URLSearchParams({ limit: String(limit), ...(cursor !== undefined && { cursor }) });
      const { status, body } = await get(`suppressed?${parameters}`);
      if (status !== 200) throw new BounceApiError(status, body);
      return PageSchema.parse(body);
    },
    async incidentsPage({ state, since }, limit, cursor) {
      const parameters = new URLSearchParams({
        limit: String(limit),
        ...(state && { state }),
        ...(since !== undefined && { since }),
        ...(cursor !== undefined && { cursor }),
      });
      const { status, body } = await get(`incidents?${parameters}`);
      if (status !== 200) throw new BounceApiError(status, body);
      return IncidentPageSchema.parse(body);
    },
  };
}

/**
 * Ask the bounce pipeline whether to mail an address, straight from DynamoDB (in the stack's
 * account, with read access to the tables) or through the query API. Answers are validated
 * with the store's schemas either way.
 */
export function createBounceClient(options: BounceClientOptions): BounceClient {
  const backend = 'dynamodb' in options ? dynamoBackend(options.dynamodb) : apiBackend(options.api);
  return {
    getStatus: (email) => backend.getStatus(lookupAddress(email)),
    async isSuppressed(email) {
      return (await backend.getStatus(lookupAddress(email)))?.suppressed ?? false;
    },
    listSuppressed: (listOptions = {}) => allItems((cursor) => backend.suppressedPage(listOptions.pageSize ?? PAGE_SIZE, cursor)),
    listIncidents: (listOptions = {}) => allItems((cursor) => backend.incidentsPage(listOptions, listOptions.pageSize ?? PAGE_SIZE, cursor)),
  };
}
