import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { createQueryService } from '../../shared/query';
import { readCursorSecret } from './cursor-secret';
import { createQueryHandler } from './handler';

export { createQueryHandler, type QueryHandler, type QueryHandlerDeps } from './handler';

const EnvSchema = z
  .object({
    RECIPIENTS_TABLE: z.string().min(1),
    EVENTS_TABLE: z.string().min(1),
    POWERTOOLS_SERVICE_NAME: z.string().min(1).default('bounce-pipeline-query'),
    POWERTOOLS_METRICS_NAMESPACE: z.string().min(1).default('BouncePipeline'),
    /** The stack's generated secret that keys cursor tags; the construct always sets it. */
    CURSOR_SECRET_ARN: z.string().min(1).optional(),
    BOUNCES_CURSOR_SECRET: z.string().min(1).optional(),
    /** Set by the Lambda runtime: present only when deployed, absent under `bounces local`. */
    AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
  })
  .refine((env) => env.AWS_LAMBDA_FUNCTION_NAME === undefined || env.CURSOR_SECRET_ARN || env.BOUNCES_CURSOR_SECRET, {
    // Without one the key would derive from the table name, which the stack outputs show.
    message: 'a deployed query function needs CURSOR_SECRET_ARN (or BOUNCES_CURSOR_SECRET) to key its cursors',
    path: ['CURSOR_SECRET_ARN'],
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
const metrics = new Metrics({ namespace: env.POWERTOOLS_METRICS_NAMESPACE, serviceName: env.POWERTOOLS_SERVICE_NAME });
// Deployed: the stack's secret, read once per container. Under `bounces local` (loopback, no
// authentication at all) the query service's default key, shared with the CLI, is enough.
const cursorSecret = env.CURSOR_SECRET_ARN
  ? await readCursorSecret(new SecretsManagerClient({}), env.CURSOR_SECRET_ARN)
  : env.BOUNCES_CURSOR_SECRET;
const query = createQueryService({
  client: new DynamoDBClient({}),
  tables: { recipients: env.RECIPIENTS_TABLE, events: env.EVENTS_TABLE },
  ...(cursorSecret && { cursorSecret }),
});

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(createQueryHandler({ query, logger, metrics }));
