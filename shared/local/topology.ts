import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EVENTS, LOCAL_TABLE_NAMES, type TableNames, createTableInputs } from '../store/schema';
import { localClientConfig } from './emulators';

/** Where a pipeline lives: what every command needs to reach it. Written to `stack.json`. */
export interface LocalStack {
  snsSqsEndpoint: string;
  dynamoEndpoint: string;
  region: string;
  topicArn: string;
  queueUrl: string;
  /** The event source ARN the poller puts on each record, as Lambda does. */
  queueArn: string;
  dlqUrl: string;
  tables: TableNames;
  apiUrl?: string;
}

export interface ResourceNames {
  topic: string;
  queue: string;
  deadLetterQueue: string;
  tables: TableNames;
}

export const LOCAL_RESOURCE_NAMES: ResourceNames = {
  topic: 'bounce-notifications',
  queue: 'bounce-notifications',
  deadLetterQueue: 'bounce-notifications-dlq',
  tables: LOCAL_TABLE_NAMES,
};

export interface TopologyOptions {
  snsSqsEndpoint: string;
  dynamoEndpoint: string;
  names?: ResourceNames;
  /**
   * Seconds a received message stays hidden. The stack uses 6x the function timeout; locally a
   * few seconds, so a failed message is retried (and dead-lettered) while one watches.
   */
  visibilityTimeoutSeconds?: number;
  /** Receives before SQS moves a message to the DLQ; the stack uses 5, locally fewer. */
  maxReceiveCount?: number;
}

async function queueArnOf(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${queueUrl} reports no QueueArn`);
  return arn;
}

/**
 * CreateQueue with the name alone is idempotent; its attributes are then set separately,
 * because CreateQueue fails on an existing queue whose attributes differ.
 */
async function ensureQueue(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  if (!QueueUrl) throw new Error(`CreateQueue ${name} returned no QueueUrl`);
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
  return QueueUrl;
}

async function ensureTables(dynamo: DynamoDBClient, tables: TableNames): Promise<void> {
  for (const input of createTableInputs(tables)) {
    try {
      await dynamo.send(new CreateTableCommand(input));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
      await checkIndexes(dynamo, input);
    }
  }
  // Enabling TTL twice is an error, so look first (the table survives restarts in the data dir).
  const { TimeToLiveDescription } = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: tables.events }));
  if (TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
    await dynamo.send(
      new UpdateTimeToLiveCommand({
        TableName: tables.events,
        TimeToLiveSpecification: { AttributeName: EVENTS.ttlAttribute, Enabled: true },
      }),
    );
  }
}

/**
 * A table kept in the data dir from an older version may lack an index this version queries;
 * say so plainly rather than fail later on a query.
 */
async function checkIndexes(dynamo: DynamoDBClient, wanted: CreateTableCommandInput): Promise<void> {
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: wanted.TableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = (wanted.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).filter((name) => !present.has(name));
  if (missing.length > 0) {
    throw new Error(
      `table ${wanted.TableName} in the data dir lacks the index ${missing.join(', ')}: it was created by an older version. ` +
        'Start with a fresh data dir (--data DIR, or remove .bounces/).',
    );
  }
}

/**
 * Create, idempotently, what the CDK stack defines: topic -> queue (SNS envelope, not raw,
 * because the handler reads it) with a dead-letter queue, and the two tables.
 */
export async function createTopology(options: TopologyOptions): Promise<LocalStack> {
  const names = options.names ?? LOCAL_RESOURCE_NAMES;
  const sqsConfig = localClientConfig(options.snsSqsEndpoint);
  const sqs = new SQSClient(sqsConfig);
  const sns = new SNSClient(sqsConfig);
  const dynamo = new DynamoDBClient(localClientConfig(options.dynamoEndpoint));
  try {
    const dlqUrl = await ensureQueue(sqs, names.deadLetterQueue, {
      MessageRetentionPeriod: String(14 * 24 * 3600),
    });
    const dlqArn = await queueArnOf(sqs, dlqUrl);
    const queueUrl = await ensureQueue(sqs, names.queue, {
      VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 5),
      MessageRetentionPeriod: String(4 * 24 * 3600),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: options.maxReceiveCount ?? 3 }),
    });
    const queueArn = await queueArnOf(sqs, queueUrl);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: names.topic }));
    if (!TopicArn) throw new Error(`CreateTopic ${names.topic} returned no TopicArn`);
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn }));
    await ensureTables(dynamo, names.tables);
    return {
      snsSqsEndpoint: options.snsSqsEndpoint,
      dynamoEndpoint: options.dynamoEndpoint,
      region: sqsConfig.region,
      topicArn: TopicArn,
      queueUrl,
      queueArn,
      dlqUrl,
      tables: names.tables,
    };
  } finally {
    sqs.destroy();
    sns.destroy();
    dynamo.destroy();
  }
}
