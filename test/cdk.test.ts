import { App, type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BouncePipeline } from '../lib/bounce-pipeline';
import { BouncePipelineStack, type BouncePipelineStackProps } from '../lib/bounce-pipeline-stack';
import { createTableInputs, LOCAL_TABLE_NAMES } from '../shared/store/schema';

/**
 * Offline synth of the stack, the way `cdk synth` runs it: the feature flags of cdk.json and the
 * cdk-nag AwsSolutions plugin. Each variant is synthesized once (bundling is the slow part).
 */
const ROOT = path.join(import.meta.dirname, '..');
const CDK_CONTEXT = (JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
const outdirs: string[] = [];

interface Synthesized {
  template: Template;
  stack: BouncePipelineStack;
  validationReport: { pluginReports: { pluginName: string; violations: unknown[] }[] };
  acknowledgedRuleIds: string[];
}

function synth(props: BouncePipelineStackProps | ((stack: Stack) => BouncePipelineStackProps) = {}): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), 'bounce-cdk-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: CDK_CONTEXT });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // Resources the pipeline is given (an event bus) live in a stack of their own.
  const stackProps = typeof props === 'function' ? props(new Stack(app, 'Shared')) : props;
  const stack = new BouncePipelineStack(app, 'BouncePipeline', stackProps);
  // Throws on any unacknowledged cdk-nag error (vitest runs CDK in "inmemory" mode).
  const assembly = app.synth();
  const acknowledgedRuleIds = stack.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((m) => JSON.stringify(m.data).match(/AwsSolutions-[A-Za-z0-9]+(\[[^\]]*\])?/g) ?? []);
  return {
    template: Template.fromJSON(assembly.getStackByName(stack.stackName).template),
    stack,
    validationReport: JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')),
    acknowledgedRuleIds: [...new Set(acknowledgedRuleIds)],
  };
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** All statements of the IAM policies attached to a function's role. */
function roleStatements(template: Template, stack: Stack, fn: lambda.Function): Statement[] {
  const roleLogicalId = logicalId(stack, fn.role!);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleLogicalId }]) },
  });
  return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
function logicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

let base: Synthesized;
let full: Synthesized;
let quiet: Synthesized;

beforeAll(() => {
  base = synth();
  full = synth((shared) => ({
    pipeline: {
      sesIdentity: 'example.com',
      configurationSetName: 'transactional',
      alarmEmail: 'ops@example.com',
      suppressionSync: { enabled: true, unsuppressSenderFaults: true },
      verdictBus: new events.EventBus(shared, 'VerdictBus'),
      incidents: { quietPeriod: Duration.hours(12), thresholdEvents: 3, thresholdWindow: Duration.minutes(10) },
      reputationAlarms: { bounceRate: 0.03, complaintRate: 0.0005 },
    },
  }));
  quiet = synth({ pipeline: { reputationAlarms: false, incidents: { alarmOnOpened: false } } });
}, 180_000);

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('queues', () => {
  it('redrives to a 14-day dead-letter queue after 5 receives', () => {
    const { template, stack } = base;
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack, stack.pipeline.deadLetterQueue), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true });
  });

  it('keeps messages invisible for at least 6x the processing timeout', () => {
    const { template, stack } = base;
    const queue = template.toJSON().Resources[logicalId(stack, stack.pipeline.queue)];
    const fn = template.toJSON().Resources[logicalId(stack, stack.pipeline.processFunction)];
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fn.Properties.Timeout);
  });

  it('consumes with partial batch responses, the configured batch and bounded concurrency', () => {
    base.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 5,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('subscribes the queue to the topic with the SNS envelope kept', () => {
    base.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', RawMessageDelivery: false });
  });
});

describe('transport security', () => {
  const denyInsecure = expect.arrayContaining([
    expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
  ]);

  it('denies non-TLS access on both topics and both queues', () => {
    for (const type of ['AWS::SNS::TopicPolicy', 'AWS::SQS::QueuePolicy']) {
      const policies = Object.values(base.template.findResources(type));
      expect(policies).toHaveLength(2);
      for (const policy of policies) {
        expect(policy.Properties.PolicyDocument.Statement).toEqual(denyInsecure);
      }
    }
  });

  it('lets only SES of this account publish to the bounce topic', () => {
    const { template, stack } = base;
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalId(stack, stack.pipeline.topic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowSesPublish',
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: Match.anyValue(),
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ]),
      },
    });
  });

  it('narrows the topic policy to the given identity and configuration set', () => {
    full.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': [
                  Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':identity/example.com'])] }),
                  Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':configuration-set/transactional'])] }),
                ],
              },
            },
          }),
        ]),
      },
    });
  });

  it('encrypts the topic with a rotated key that SES may use', () => {
    base.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    base.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });
});

describe('tables', () => {
  it('declare exactly the keys and indexes of the local tables', () => {
    const { template, stack } = base;
    const [recipients, eventsInput] = createTableInputs(LOCAL_TABLE_NAMES);
    for (const [table, input] of [
      [stack.pipeline.recipientsTable, recipients],
      [stack.pipeline.eventsTable, eventsInput],
    ] as const) {
      const props = template.toJSON().Resources[logicalId(stack, table)].Properties;
      expect(props.KeySchema).toEqual(input!.KeySchema);
      expect(props.AttributeDefinitions).toEqual(expect.arrayContaining(input!.AttributeDefinitions!));
      expect(props.AttributeDefinitions).toHaveLength(input!.AttributeDefinitions!.length);
      expect(props.GlobalSecondaryIndexes).toEqual(input!.GlobalSecondaryIndexes);
    }
  });

  it('are on-demand, encrypted, point-in-time recoverable and retained', () => {
    const tables = base.template.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(2);
    for (const table of Object.values(tables)) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      });
    }
  });

  it('expire events through the TTL attribute', () => {
    base.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });
});

describe('functions', () => {
  it('run on arm64 with active tracing', () => {
    const functions = Object.values(base.template.findResources('AWS::Lambda::Function'));
    // Processing, query, incident sweep.
    expect(functions).toHaveLength(3);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    }
  });

  it('configure the processing function through its environment', () => {
    const { template, stack } = full;
    const env = template.toJSON().Resources[logicalId(stack, stack.pipeline.processFunction)].Properties.Environment.Variables;
    expect(env).toMatchObject({
      RECIPIENTS_TABLE: { Ref: logicalId(stack, stack.pipeline.recipientsTable) },
      EVENTS_TABLE: { Ref: logicalId(stack, stack.pipeline.eventsTable) },
      RETENTION_DAYS: '400',
      SOFT_BOUNCE_THRESHOLD: '3',
      SOFT_BOUNCE_WINDOW_DAYS: '14',
      POWERTOOLS_METRICS_NAMESPACE: 'BouncePipeline',
      SUPPRESSION_SYNC: 'on',
      UNSUPPRESS_SENDER_FAULTS: 'true',
      VERDICT_BUS_NAME: expect.anything(),
    });
    expect(base.template.toJSON().Resources[logicalId(base.stack, base.stack.pipeline.processFunction)].Properties.Environment.Variables)
      .toMatchObject({ SUPPRESSION_SYNC: 'off' });
  });

  it('grant no wildcard actions', () => {
    for (const { template, stack } of [base, full]) {
      for (const fn of [stack.pipeline.processFunction, stack.pipeline.queryFunction]) {
        expect(actionsOf(roleStatements(template, stack, fn)).filter((a) => a.includes('*'))).toEqual([]);
      }
    }
  });

  it('let the processing function consume its queue and write only its tables', () => {
    const { template, stack } = base;
    const statements = roleStatements(template, stack, stack.pipeline.processFunction);
    const dynamo = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(2);
    expect(actionsOf(dynamo).sort()).toEqual(
      ['GetItem', 'PutItem', 'Query', 'UpdateItem'].map((a) => `dynamodb:${a}`),
    );
    // Query only for sender incidents, on the events table itself (no index).
    const query = dynamo.find((s) => actionsOf([s]).includes('dynamodb:Query'))!;
    expect(query.Resource).toEqual({ 'Fn::GetAtt': [logicalId(stack, stack.pipeline.eventsTable), 'Arn'] });
    for (const statement of dynamo) expect(JSON.stringify(statement.Resource)).not.toContain('*');
    expect(actionsOf(statements)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect(actionsOf(statements).filter((a) => a.startsWith('ses:') || a.startsWith('events:'))).toEqual([]);
  });

  it("let the processing function confirm SNS subscriptions of its own topic only, named in TOPIC_ARN", () => {
    const { template, stack } = base;
    const topic = { Ref: logicalId(stack, stack.pipeline.topic) };
    const env = template.toJSON().Resources[logicalId(stack, stack.pipeline.processFunction)].Properties.Environment.Variables;
    expect(env.TOPIC_ARN).toEqual(topic);
    const confirm = roleStatements(template, stack, stack.pipeline.processFunction).filter((s) => actionsOf([s]).includes('sns:ConfirmSubscription'));
    expect(confirm).toHaveLength(1);
    expect(confirm[0]).toMatchObject({ Effect: 'Allow', Resource: topic });
  });

  it('give the query function read-only access', () => {
    const { template, stack } = full;
    const actions = actionsOf(roleStatements(template, stack, stack.pipeline.queryFunction));
    expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
    expect(actions.filter((a) => !/^(dynamodb|logs|xray|secretsmanager):/.test(a))).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
  });

  it('key query cursors with a secret generated for the stack, which only the query function may read', () => {
    const { template, stack } = base;
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets)).toEqual([logicalId(stack, stack.pipeline.cursorSecret)]);
    const secret = Object.values(secrets)[0]!.Properties;
    expect(secret.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret.SecretString).toBeUndefined();
    const secretRef = { Ref: logicalId(stack, stack.pipeline.cursorSecret) };
    const queryFunction = template.findResources('AWS::Lambda::Function')[logicalId(stack, stack.pipeline.queryFunction)]!;
    expect(queryFunction.Properties.Environment.Variables.CURSOR_SECRET_ARN).toEqual(secretRef);

    const reads = (fn: lambda.Function) =>
      roleStatements(template, stack, fn).filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
    const queryReads = reads(stack.pipeline.queryFunction);
    expect(queryReads).toHaveLength(1);
    expect(actionsOf(queryReads)).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue']));
    expect(actionsOf(queryReads).filter((a) => !/^secretsmanager:(GetSecretValue|DescribeSecret)$/.test(a))).toEqual([]);
    expect(queryReads[0]!.Resource).toEqual(secretRef);
    expect(reads(stack.pipeline.processFunction)).toEqual([]);
  });

  it('grant suppression sync only the SESv2 suppression actions, and PutEvents only on the bus', () => {
    const { template, stack } = full;
    const statements = roleStatements(template, stack, stack.pipeline.processFunction);
    const ses = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
    expect(actionsOf(ses).filter((a) => a.startsWith('ses:')).sort()).toEqual(
      ['DeleteSuppressedDestination', 'PutSuppressedDestination'].map((a) => `ses:${a}`),
    );
    // The suppression list has no ARN; IAM policy minimization may merge the statement with X-Ray's.
    expect(ses.every((s) => s.Effect === 'Allow' && s.Resource === '*' && s.Condition === undefined)).toBe(true);
    const putEvents = statements.filter((s) => actionsOf([s]).includes('events:PutEvents'));
    expect(putEvents).toHaveLength(1);
    expect(putEvents[0]!.Resource).not.toBe('*');
  });

  it('serve the query API behind an IAM-authenticated Function URL', () => {
    base.template.resourceCountIs('AWS::Lambda::Url', 1);
    base.template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
  });
});

describe('operations', () => {
  it('alarm on the dead-letter queue, queue age, errors and throttles', () => {
    const alarms = Object.values(base.template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const byMetric = (name: string) => alarms.filter((a) => a.MetricName === name);
    expect(byMetric('ApproximateNumberOfMessagesVisible')).toEqual([expect.objectContaining({ Threshold: 0 })]);
    expect(byMetric('ApproximateAgeOfOldestMessage')).toEqual([expect.objectContaining({ Threshold: 900 })]);
    expect(byMetric('Errors').length).toBeGreaterThanOrEqual(1);
    expect(byMetric('Throttles').length).toBeGreaterThanOrEqual(1);
    for (const alarm of alarms) {
      expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
      expect(alarm.AlarmActions).toHaveLength(1);
    }
  });

  it('alarm on the failures the functions answer themselves: query 5xx, parse and store failures', () => {
    const alarms = Object.values(base.template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const emitted = (metricName: string) => alarms.filter((a) => a.MetricName === metricName && a.Namespace === 'BouncePipeline');
    for (const [metricName, service] of [
      ['ServerErrors', 'bounce-pipeline-query'],
      ['ParseFailures', 'bounce-pipeline'],
      ['StoreFailures', 'bounce-pipeline'],
    ]) {
      expect(emitted(metricName!), metricName).toEqual([
        expect.objectContaining({ Statistic: 'Sum', Threshold: 0, Dimensions: [{ Name: 'service', Value: service }] }),
      ]);
    }
    // The dimension the alarm watches is the one the query function emits under.
    const { stack } = base;
    const queryFunction = base.template.findResources('AWS::Lambda::Function')[logicalId(stack, stack.pipeline.queryFunction)]!;
    expect(queryFunction.Properties.Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'bounce-pipeline-query',
      POWERTOOLS_METRICS_NAMESPACE: 'BouncePipeline',
    });
  });

  it('subscribes the alarm email when given', () => {
    base.template.resourceCountIs('AWS::SNS::Subscription', 1);
    full.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('adds the SES event destination for bounces, complaints and deliveries', () => {
    full.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: 'transactional',
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint', 'delivery'],
        SnsDestination: { TopicARN: { Ref: logicalId(full.stack, full.stack.pipeline.topic) } },
      },
    });
  });

  it('charts every verdict reason with a metric search', () => {
    const body = JSON.stringify(base.template.findResources('AWS::CloudWatch::Dashboard'));
    expect(body).toContain(`SEARCH('{BouncePipeline,reason,service} MetricName=\\\\\\"Verdicts\\\\\\"', 'Sum', 300)`);
    expect(body).toContain('ParseFailures');
  });

  it('outputs what the CLI resolves the deployment from', () => {
    expect(Object.keys(base.template.toJSON().Outputs).sort()).toEqual(
      ['DeadLetterQueueUrl', 'EventsTableName', 'QueryUrl', 'QueueUrl', 'RecipientsTableName', 'TopicArn'],
    );
  });
});

describe('an existing topic', () => {
  const topicArn = 'arn:aws:sns:us-east-1:111122223333:ses-notifications';

  it('is subscribed to, not created or re-policied', () => {
    const { template, validationReport } = synth({ pipeline: { topicArn } });
    template.resourceCountIs('AWS::SNS::Topic', 1); // the alarm topic
    template.resourceCountIs('AWS::SNS::TopicPolicy', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', TopicArn: topicArn });
    expect(validationReport.pluginReports.flatMap((r) => r.violations)).toEqual([]);
  });

  it('is given either as a topic or as an ARN', () => {
    const stack = new Stack(new App({ context: CDK_CONTEXT }), 'Invalid');
    const topic = sns.Topic.fromTopicArn(stack, 'Topic', topicArn);
    expect(() => new BouncePipeline(stack, 'Pipeline', { topic, topicArn })).toThrow(/either topic or topicArn/);
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('reports nothing unacknowledged', () => {
    for (const { validationReport } of [base, full]) {
      expect(validationReport.pluginReports.flatMap((r) => r.violations)).toEqual([]);
    }
  });

  it('is acknowledged only for wildcard resources IAM cannot narrow and the cursor secret not rotating', () => {
    expect(full.acknowledgedRuleIds.sort()).toEqual(['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-SMG4']);
  });

  it('fails synthesis on a finding (the plugin is live)', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'bounce-cdk-')), context: CDK_CONTEXT });
    outdirs.push(app.outdir);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new sqs.Queue(new Stack(app, 'Insecure'), 'Queue', { enforceSSL: false });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});

describe('sender incidents and reputation', () => {
  const alarmsOf = (template: Template) => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
  const reputationAlarms = (template: Template) =>
    alarmsOf(template)
      .filter((a) => a.Namespace === 'AWS/SES')
      .map((a) => [a.MetricName, a.Threshold, a.Statistic, a.Period, a.ComparisonOperator, a.AlarmActions.length]);

  it('alarms on the SES bounce and complaint rates below the levels SES acts at, by default 4% and 0.08%', () => {
    expect(reputationAlarms(base.template)).toEqual([
      ['Reputation.BounceRate', 0.04, 'Maximum', 3600, 'GreaterThanThreshold', 1],
      ['Reputation.ComplaintRate', 0.0008, 'Maximum', 3600, 'GreaterThanThreshold', 1],
    ]);
  });

  it('takes configured reputation thresholds, or none at all', () => {
    expect(reputationAlarms(full.template).map(([name, threshold]) => [name, threshold])).toEqual([
      ['Reputation.BounceRate', 0.03],
      ['Reputation.ComplaintRate', 0.0005],
    ]);
    expect(reputationAlarms(quiet.template)).toEqual([]);
    expect(() => new BouncePipeline(new Stack(), 'P', { reputationAlarms: { bounceRate: 4 } })).toThrow(/fraction between 0 and 1/);
  });

  it('alarms when an incident opens, unless told not to', () => {
    const opened = (template: Template) => alarmsOf(template).filter((a) => a.MetricName === 'IncidentsOpened');
    expect(opened(base.template)).toEqual([expect.objectContaining({ Namespace: 'BouncePipeline', Threshold: 0, Statistic: 'Sum' })]);
    expect(opened(quiet.template)).toEqual([]);
  });

  it('configures the processing function with the incident policy', () => {
    const env = (synthesized: Synthesized) =>
      synthesized.template.findResources('AWS::Lambda::Function')[logicalId(synthesized.stack, synthesized.stack.pipeline.processFunction)]!.Properties
        .Environment.Variables;
    expect(env(base)).toMatchObject({ INCIDENT_QUIET_MINUTES: '1440', INCIDENT_THRESHOLD_EVENTS: '5', INCIDENT_THRESHOLD_MINUTES: '15' });
    expect(env(full)).toMatchObject({ INCIDENT_QUIET_MINUTES: '720', INCIDENT_THRESHOLD_EVENTS: '3', INCIDENT_THRESHOLD_MINUTES: '10' });
  });

  it('sweeps every minute with access to the incident index and items only, publishing on the bus when there is one', () => {
    const { template, stack } = full;
    const sweep = stack.pipeline.incidentSweepFunction;
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(stack, sweep), 'Arn'] } })],
    });
    const statements = roleStatements(template, stack, sweep);
    const table = { 'Fn::GetAtt': [logicalId(stack, stack.pipeline.eventsTable), 'Arn'] };
    const dynamo = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.map((s) => [actionsOf([s]).sort(), s.Resource])).toEqual([
      [['dynamodb:Query'], { 'Fn::Join': ['', [table, '/index/byIncidentState']] }],
      [['dynamodb:BatchGetItem', 'dynamodb:UpdateItem'], table],
    ]);
    expect(actionsOf(statements).filter((a) => a.includes('*'))).toEqual([]);
    expect(statements.filter((s) => actionsOf([s]).includes('events:PutEvents'))).toHaveLength(1);
    const variables = template.findResources('AWS::Lambda::Function')[logicalId(stack, sweep)]!.Properties.Environment.Variables;
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(['EVENTS_TABLE', 'VERDICT_BUS_NAME']));
    expect(actionsOf(roleStatements(base.template, base.stack, base.stack.pipeline.incidentSweepFunction)).filter((a) => a.startsWith('events:'))).toEqual([]);
  });

  it('lets the query function batch-read incidents from the events table only', () => {
    const { template, stack } = base;
    const batch = roleStatements(template, stack, stack.pipeline.queryFunction).filter((s) => actionsOf([s]).includes('dynamodb:BatchGetItem'));
    expect(batch.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalId(stack, stack.pipeline.eventsTable), 'Arn'] }]);
  });

  it('charts open incidents and verdicts by provider', () => {
    const body = JSON.stringify(base.template.findResources('AWS::CloudWatch::Dashboard'));
    expect(body).toContain('Open sender incidents');
    expect(body).toContain('OpenIncidents');
    expect(body).toContain('provider,reason,service');
  });
});
