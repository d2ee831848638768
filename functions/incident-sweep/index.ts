import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import { createIncidentStore } from '../../shared/incidents/store';
import { eventBridgeAnnouncer } from '../../shared/incidents/sweep';
import { createSweepHandler } from './handler';

export { createSweepHandler, type SweepHandlerDeps } from './handler';

const EnvSchema = z.object({
  EVENTS_TABLE: z.string().min(1),
  VERDICT_BUS_NAME: z.string().min(1).optional(),
  POWERTOOLS_SERVICE_NAME: z.string().min(1).default('bounce-pipeline'),
  POWERTOOLS_METRICS_NAMESPACE: z.string().min(1).default('BouncePipeline'),
});

const parsed = EnvSchema.safeParse(process.env);
if (!parsed.success) {
  throw new Error(`invalid environment: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
}
const env = parsed.data;
const REQUEST_HANDLER = { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true };

export const handler = createSweepHandler({
  incidents: createIncidentStore({ client: new DynamoDBClient({ requestHandler: REQUEST_HANDLER }), table: env.EVENTS_TABLE }),
  ...(env.VERDICT_BUS_NAME && {
    announce: eventBridgeAnnouncer(new EventBridgeClient({ requestHandler: REQUEST_HANDLER }), env.VERDICT_BUS_NAME),
  }),
  logger: new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME }),
  metrics: new Metrics({ namespace: env.POWERTOOLS_METRICS_NAMESPACE, serviceName: env.POWERTOOLS_SERVICE_NAME }),
});
