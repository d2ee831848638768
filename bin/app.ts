import { App, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { BouncePipelineProps } from '../lib/bounce-pipeline';
import { BouncePipelineStack } from '../lib/bounce-pipeline-stack';

/**
 * Context keys (`cdk deploy -c key=value`): alarmEmail, sesIdentity, configurationSet,
 * topicArn, retentionDays, removalPolicy (retain|destroy), suppressionSync (on|off),
 * stackName (default BouncePipeline).
 */
const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined || value === '' ? undefined : String(value);
};

function oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
  const value = context(key);
  if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
    throw new Error(`-c ${key}=${value}: expected one of ${allowed.join(', ')}`);
  }
  return value as T | undefined;
}

const retentionDays = context('retentionDays');
const pipeline: BouncePipelineProps = {
  alarmEmail: context('alarmEmail'),
  sesIdentity: context('sesIdentity'),
  configurationSetName: context('configurationSet'),
  topicArn: context('topicArn'),
  retentionDays: retentionDays === undefined ? undefined : Number(retentionDays),
  removalPolicy: oneOf('removalPolicy', ['retain', 'destroy'] as const) === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
  suppressionSync: oneOf('suppressionSync', ['on', 'off'] as const) === 'on' ? { enabled: true } : undefined,
};

new BouncePipelineStack(app, context('stackName') ?? 'BouncePipeline', {
  description: 'SES bounce notifications -> SNS -> SQS -> Lambda -> DynamoDB, with a query API',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  pipeline,
});
