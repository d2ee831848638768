import { resolve } from 'node:path';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient, SQSClientConfig } from '@aws-sdk/client-sqs';
import { type Command, Option } from 'commander';
import { localClientConfig } from '../shared/local/client-config';
import { DEFAULT_DATA_DIR, readLiveStackFile } from '../shared/local/stack-file';
import { InvalidTimeError } from '../shared/query/time';
import { type BounceStore, InvalidCursorError, createBounceStore } from '../shared/store';
import type { TableNames } from '../shared/store/schema';
import { errorMessage, fail } from './output';

/** The flags every data command takes to say which pipeline it talks to. */
export interface StackOptions {
  local?: boolean;
  data: string;
  stack?: string;
  region?: string;
  profile?: string;
}

/** Clients of the pipeline's topic and queues. */
export interface QueueClients {
  sns: SNSClient;
  sqs: SQSClient;
}

/** A pipeline a command can reach: its resources and clients configured for it. */
export interface ResolvedStack extends Resources {
  /**
   * SNS and SQS clients, created on the first call: their SDK modules load only for the
   * commands that use them, so `check` and `status` start fast.
   */
  queues(): Promise<QueueClients>;
  dynamo: DynamoDBClient;
  store: BounceStore;
  close(): void;
}

/** Raised for a pipeline that cannot be found; withStack reports it with fail(). */
export class StackNotFoundError extends Error {
  override readonly name = 'StackNotFoundError';
}

export function addStackOptions(command: Command): Command {
  return command
    .addOption(new Option('--local', 'use the pipeline that `bounces local` runs').conflicts('stack'))
    .option('--data <dir>', 'data dir of the local pipeline', DEFAULT_DATA_DIR)
    .option('--stack <name>', 'use a deployed CloudFormation stack')
    .option('--region <region>', 'AWS region of --stack (default: the standard AWS configuration)')
    .option('--profile <profile>', 'AWS profile for --stack (default: the standard credential chain)');
}

/** Where a pipeline's parts are, whether a local one or a deployed stack. */
interface Resources {
  /** For messages: `local pipeline in DIR` or `stack NAME`. */
  description: string;
  topicArn: string;
  queueUrl: string;
  dlqUrl: string;
  tables: TableNames;
  apiUrl?: string;
}

interface ClientConfigs {
  /** For SNS and SQS alike. */
  queues: SQSClientConfig;
  dynamo: DynamoDBClientConfig;
}

function withClients(resources: Resources, config: ClientConfigs): ResolvedStack {
  const dynamo = new DynamoDBClient(config.dynamo);
  let queues: Promise<QueueClients> | undefined;
  const createQueues = async (): Promise<QueueClients> => {
    const [{ SNSClient }, { SQSClient }] = await Promise.all([import('@aws-sdk/client-sns'), import('@aws-sdk/client-sqs')]);
    return { sns: new SNSClient(config.queues), sqs: new SQSClient(config.queues) };
  };
  return {
    ...resources,
    queues: () => (queues ??= createQueues()),
    dynamo,
    store: createBounceStore({ client: dynamo, tables: resources.tables }),
    close() {
      dynamo.destroy();
      void queues?.then(({ sns, sqs }) => {
        sns.destroy();
        sqs.destroy();
      });
    },
  };
}

function resolveLocal(dataDir: string): ResolvedStack {
  const dir = resolve(dataDir);
  const stack = readLiveStackFile(dir);
  if (!stack) {
    throw new StackNotFoundError(
      `no local pipeline running in ${dir}; start it with \`npm start\` or \`npx bounces local\`, or point --data at the data dir of one that runs elsewhere`,
    );
  }
  return withClients(
    {
      description: `local pipeline in ${dir}`,
      topicArn: stack.topicArn,
      queueUrl: stack.queueUrl,
      dlqUrl: stack.dlqUrl,
      tables: stack.tables,
      ...(stack.apiUrl && { apiUrl: stack.apiUrl }),
    },
    { queues: localClientConfig(stack.snsSqsEndpoint), dynamo: localClientConfig(stack.dynamoEndpoint) },
  );
}

/** The stack outputs the CLI reads; BouncePipelineStack promises not to rename them. */
const REQUIRED_OUTPUTS = ['TopicArn', 'RecipientsTableName', 'EventsTableName', 'QueueUrl', 'DeadLetterQueueUrl'] as const;

async function resolveDeployed(name: string, options: StackOptions): Promise<ResolvedStack> {
  const config = {
    ...(options.region && { region: options.region }),
    ...(options.profile && { profile: options.profile }),
  };
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const cloudFormation = new CloudFormationClient(config);
  // Without a region the SDK's own error ("Region is missing") names no way to give one.
  const region = await cloudFormation.config.region().catch(() => undefined);
  if (!region) {
    cloudFormation.destroy();
    throw new StackNotFoundError(
      `no AWS region for stack ${name}: give --region REGION, set AWS_REGION, or set a region in your AWS profile (--profile)`,
    );
  }
  let outputs: Map<string, string>;
  try {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: name }));
    outputs = new Map(
      (Stacks?.[0]?.Outputs ?? []).flatMap((output) =>
        output.OutputKey && output.OutputValue ? [[output.OutputKey, output.OutputValue] as const] : [],
      ),
    );
  } catch (error) {
    throw new StackNotFoundError(`cannot read stack ${name}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    cloudFormation.destroy();
  }
  const missing = REQUIRED_OUTPUTS.filter((key) => !outputs.has(key));
  if (missing.length > 0) {
    throw new StackNotFoundError(`stack ${name} has no output ${missing.join(', ')}; is it a bounce pipeline stack?`);
  }
  const output = (key: (typeof REQUIRED_OUTPUTS)[number]) => outputs.get(key) as string;
  const apiUrl = outputs.get('QueryUrl');
  return withClients(
    {
      description: `stack ${name}`,
      topicArn: output('TopicArn'),
      queueUrl: output('QueueUrl'),
      dlqUrl: output('DeadLetterQueueUrl'),
      tables: { recipients: output('RecipientsTableName'), events: output('EventsTableName') },
      ...(apiUrl && { apiUrl }),
    },
    { queues: config, dynamo: config },
  );
}

/** The pipeline named by --local or --stack; throws StackNotFoundError when it cannot be reached. */
export async function resolveStack(options: StackOptions): Promise<ResolvedStack> {
  if (options.stack) return resolveDeployed(options.stack, options);
  if (options.local) return resolveLocal(options.data);
  throw new StackNotFoundError('say which pipeline: --local (the one `bounces local` runs) or --stack NAME');
}

/**
 * Run `action` against the pipeline the options name, and close its clients afterwards. A
 * pipeline that cannot be found or reached, or a call that fails, is a one-line error (exit 2),
 * not a stack trace.
 */
export async function withStack<T>(options: StackOptions, action: (stack: ResolvedStack) => Promise<T>): Promise<T> {
  let stack: ResolvedStack;
  try {
    stack = await resolveStack(options);
  } catch (error) {
    fail(errorMessage(error));
  }
  try {
    return await action(stack);
  } catch (error) {
    // A bad time range or cursor is the user's input, not the pipeline's fault.
    if (error instanceof InvalidTimeError || error instanceof InvalidCursorError) fail(error.message);
    fail(`${stack.description}: ${errorMessage(error)}`);
  } finally {
    stack.close();
  }
}
