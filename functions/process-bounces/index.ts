import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { createVerdictActions } from '../../shared/actions/config';
import { createBounceStore } from '../../shared/store';
import { DYNAMODB_REQUEST_HANDLER, loadConfig } from './config';
import { createHandler } from './handler';
import { keepAddresses, maskAddresses } from './redact';
import { snsConfirmer } from './subscriptions';

export { createHandler, type HandlerDeps } from './handler';

// Once per container. The client reads region, credentials and AWS_ENDPOINT_URL_DYNAMODB from
// the environment, so the local runner points this very module at DynamoDB Local.
const config = loadConfig(process.env);
const logger = new Logger({ serviceName: config.serviceName });
const metrics = new Metrics({ namespace: config.metricsNamespace, serviceName: config.serviceName });
const store = createBounceStore({
  client: new DynamoDBClient({ requestHandler: DYNAMODB_REQUEST_HANDLER }),
  tables: config.tables,
  retentionDays: config.retentionDays,
  softBounce: config.softBounce,
  incidents: config.incidents,
});

export const handler = createHandler({
  store,
  logger,
  metrics,
  actions: createVerdictActions(process.env, {
    isSuppressedByUs: async (address) => (await store.getRecipient(address))?.suppressed ?? false,
  }),
  redact: config.logRecipients === 'plain' ? keepAddresses : maskAddresses,
  ...(config.topicArn && { subscriptions: snsConfirmer(new SNSClient({}), config.topicArn) }),
});
