import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { InvalidCursorError, InvalidTimeError, type QueryService } from '../../shared/query';
import { BadParameterError, matchRoute } from './routes';

export interface QueryHandlerDeps {
  query: QueryService;
  logger: Pick<Logger, 'error'>;
  /**
   * Receives `ServerErrors` (Count) for every request: 1 for a 5xx answer, else 0. The function
   * answers its failures itself, so Lambda's `Errors` metric never counts them; this does.
   * @default - no metrics (the local query server)
   */
  metrics?: Pick<Metrics, 'addMetric'>;
}

/** The metric the construct alarms on; see QueryHandlerDeps.metrics. */
export const SERVER_ERRORS_METRIC = 'ServerErrors';

/** Lambda's context, of which only the request id is used; absent when served locally. */
export type QueryHandler = (
  event: APIGatewayProxyEventV2,
  context?: { awsRequestId?: string },
) => Promise<APIGatewayProxyStructuredResultV2>;

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    // Verdicts are personal data and change with every bounce: no cache may keep them.
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** An input error found while running the query (the cursor or a time is only checked there). */
function badParameter(error: unknown): BadParameterError | undefined {
  if (error instanceof BadParameterError) return error;
  if (error instanceof InvalidCursorError) return new BadParameterError('cursor', error.message);
  // The times are checked one by one up front; what is left is a window the wrong way round.
  if (error instanceof InvalidTimeError) return new BadParameterError('until', error.message);
  return undefined;
}

function repeatedParameter(rawQueryString: string | undefined): string | undefined {
  const seen = new Set<string>();
  for (const name of new URLSearchParams(rawQueryString ?? '').keys()) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/**
 * The query API for API Gateway HTTP APIs (payload 2.0) and Function URLs, which send the same
 * event. Read-only, GET only. Every outcome is a JSON response: input errors are 400s naming
 * the parameter, and anything unexpected is a logged 500 carrying the request id to look it up.
 */
export function createQueryHandler(deps: QueryHandlerDeps): QueryHandler {
  const answer: QueryHandler = async (event, context) => {
    const route = matchRoute(event.rawPath);
    if (!route) return json(404, { error: 'no such route', path: event.rawPath });
    const method = event.requestContext.http.method;
    if (method !== 'GET') return json(405, { error: `method ${method} not allowed` }, { allow: 'GET' });
    // API Gateway joins a repeated parameter's values with commas, which would read as one value.
    const repeated = repeatedParameter(event.rawQueryString);
    if (repeated) return json(400, { error: `${repeated} is given more than once`, parameter: repeated });
    try {
      const result = await route(deps.query, event.queryStringParameters ?? {});
      return json(result.status, result.body);
    } catch (error) {
      const bad = badParameter(error);
      if (bad) return json(400, { error: bad.message, parameter: bad.parameter });
      const requestId = context?.awsRequestId ?? event.requestContext.requestId ?? randomUUID();
      // The route, not the path: a path can hold an e-mail address, which logs must not.
      deps.logger.error('query failed', {
        requestId,
        route: event.rawPath.split('/')[1] ?? '',
        error: error instanceof Error ? error : String(error),
      });
      return json(500, { error: 'internal error', requestId });
    }
  };
  return async (event, context) => {
    const response = await answer(event, context);
    deps.metrics?.addMetric(SERVER_ERRORS_METRIC, MetricUnit.Count, (response.statusCode ?? 200) >= 500 ? 1 : 0);
    return response;
  };
}
