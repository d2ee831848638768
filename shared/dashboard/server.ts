import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AddressSchema, firstIssue } from '../query';
import { type DashboardSources, assembleDashboard, lookupAddress } from './assemble';
import type { AddressAnswer, DashboardData } from './model';
import { type DashboardAssets, contentSecurityPolicy, renderPage } from './page';

export interface DashboardServerOptions {
  sources: DashboardSources;
  /** The window, as written (`30d`, `2026-11-01`). */
  since: string;
  assets: DashboardAssets;
  /** 0 (default): a free port. */
  port?: number;
  /** A request that failed for a reason other than its input (the page shows the message too). */
  onError?: (error: unknown) => void;
}

export interface DashboardServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  close(): Promise<void>;
}

/** Browser tabs refreshing within this share one read of the tables. */
const CACHE_MS = 30_000;

/**
 * Serves the dashboard on 127.0.0.1 only. The server holds the AWS credentials and reads
 * through `sources`; the browser gets the page and JSON figures, never a credential.
 *
 * Requests whose Host is not this loopback address and port are refused (403): otherwise a web
 * page elsewhere could point a DNS name at 127.0.0.1 ("DNS rebinding") and read the data.
 *
 * Routes (GET only): `/` the page; `/api/dashboard` the figures (DashboardDataSchema);
 * `/api/address?email=` one address (AddressAnswerSchema; 400 for a malformed address).
 */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const page = renderPage(options.assets, { mode: 'live' });
  const csp = contentSecurityPolicy(options.assets, 'live');
  let cached: { at: number; data: Promise<DashboardData> } | undefined;

  const figures = (): Promise<DashboardData> => {
    const now = Date.now();
    if (!cached || now - cached.at > CACHE_MS) {
      const data = assembleDashboard(options.sources, { since: options.since });
      cached = { at: now, data };
      // A failed read is not kept: the next refresh tries again.
      data.catch(() => {
        if (cached?.data === data) cached = undefined;
      });
    }
    return cached.data;
  };

  const send = (response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}) => {
    response.writeHead(status, {
      'content-type': type,
      // Addresses and verdicts are personal data: no cache keeps them.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...headers,
    });
    response.end(body);
  };
  const json = (response: ServerResponse, status: number, body: unknown) =>
    send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));

  let allowedHosts: Set<string> = new Set();

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      json(response, 403, { error: 'the dashboard answers only on its loopback address' });
      return;
    }
    if (request.method !== 'GET') {
      send(response, 405, 'application/json', JSON.stringify({ error: `method ${request.method} not allowed` }), { allow: 'GET' });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      send(response, 200, 'text/html; charset=utf-8', page, { 'content-security-policy': csp });
    } else if (url.pathname === '/api/dashboard') {
      json(response, 200, await figures());
    } else if (url.pathname === '/api/address') {
      const parsed = AddressSchema.safeParse(url.searchParams.get('email') ?? '');
      if (!parsed.success) {
        json(response, 400, { error: firstIssue(parsed.error).message, parameter: 'email' });
        return;
      }
      const view = await lookupAddress(options.sources, parsed.data);
      const answer: AddressAnswer = view ? { found: true, view } : { found: false, address: parsed.data };
      json(response, 200, answer);
    } else {
      json(response, 404, { error: 'no such page', path: url.pathname });
    }
  }

  const server: Server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      options.onError?.(error);
      if (!response.headersSent) json(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
