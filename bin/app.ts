import { App, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { BouncePipelineProps } from '../lib/bounce-pipeline';
import { BouncePipelineStack } from '../lib/bounce-pipeline-stack';
import { type AppContext, ContextError, readContext } from './context';

/**
 * Context keys (`cdk deploy -c key=value`): alarmEmail, sesIdentity, configurationSet,
 * topicArn, retentionDays, removalPolicy (retain|destroy), suppressionSync (on|off),
 * reputationAlarms (on|off),
 * stackName (default BouncePipeline); checked by ContextSchema (./context.ts) before anything is built.
 */
const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

let context: AppContext;
try {
  context = readContext((key) => app.node.tryGetContext(key));
} catch (error) {
  if (!(error instanceof ContextError)) throw error;
  // One line per bad value and no stack trace: the user's input is wrong, not the app.
  process.stderr.write(`bin/app.ts: invalid context value\n${error.message}\n`);
  process.exit(1);
}

const pipeline: BouncePipelineProps = {
  alarmEmail: context.alarmEmail,
  sesIdentity: context.sesIdentity,
  configurationSetName: context.configurationSet,
  topicArn: context.topicArn,
  retentionDays: context.retentionDays,
  removalPolicy: context.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
  suppressionSync: context.suppressionSync === 'on' ? { enabled: true } : undefined,
  ...(context.reputationAlarms === 'off' && { reputationAlarms: false }),
};

new BouncePipelineStack(app, context.stackName ?? 'BouncePipeline', {
  description: 'SES bounce notifications -> SNS -> SQS -> Lambda -> DynamoDB, with a query API',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  pipeline,
});
