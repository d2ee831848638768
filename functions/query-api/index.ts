import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { createQueryService } from '../../shared/query';
import { createQueryHandler } from './handler';

export { createQueryHandler, type QueryHandler, type QueryHandlerDeps } from './handler';

const EnvSchema = z.object({
  RECIPIENTS_TABLE: z.string().min(1),
  EVENTS_TABLE: z.string().min(1),
  POWERTOOLS_SERVICE_NAME: z.string().min(1).default('bounce-pipeline-query'),
});

/** Checked at cold start: a misconfigured function fails loudly at once, not per request. */
function loadEnv(env: NodeJS.ProcessEnv): z.infer<typeof EnvSchema> {
  const parsed = EnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new Error(`invalid environment: ${problems}`);
}

const env = loadEnv(process.env);
const logger = new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME });
// BOUNCES_CURSOR_SECRET, when set, keys the cursor tags (see shared/query/cursor.ts).
const query = createQueryService({
  client: new DynamoDBClient({}),
  tables: { recipients: env.RECIPIENTS_TABLE, events: env.EVENTS_TABLE },
});

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .handler(createQueryHandler({ query, logger }));
