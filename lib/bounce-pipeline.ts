import { Aws, Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import * as path from 'node:path';
import { REPUTATION_METRICS, type ReputationMetric } from '../shared/reputation';
import { EVENTS, type IndexDefinition, RECIPIENTS } from '../shared/store/schema';

/** Soft-bounce escalation: this many soft bounces within the window suppress an address. */
export interface SoftBounceOptions {
  /** Soft bounces within the window that make an address suppressed. @default 3 */
  readonly threshold?: number;
  /** Length of the window from a run's first soft bounce, in days. @default 14 */
  readonly windowDays?: number;
}

/** Mirroring of verdicts into the account-level SES suppression list (SESv2). */
export interface SuppressionSyncOptions {
  /** Put suppressed recipients on the SES account suppression list. */
  readonly enabled: boolean;
  /**
   * Remove addresses from the SES suppression list when their bounce was the sender's fault
   * (e.g. a misconfigured sending domain), so a fixed sender can reach them again.
   * @default false
   */
  readonly unsuppressSenderFaults?: boolean;
}

export interface BouncePipelineProps {
  /**
   * Existing topic SES already publishes to. Its policy and encryption are then the owner's
   * responsibility: the construct only subscribes the queue. Mutually exclusive with `topicArn`.
   * @default - a new KMS-encrypted topic that only SES in this account may publish to
   */
  readonly topic?: sns.ITopic;
  /** ARN of an existing topic; same as `topic`, for when only the ARN is at hand. @default - see `topic` */
  readonly topicArn?: string;
  /**
   * SES identity (domain or address) whose notifications go to the topic. Pointing an identity
   * at a topic has no CloudFormation resource; it is one CLI call per notification type:
   * `aws ses set-identity-notification-topic --identity <identity> --notification-type Bounce --sns-topic <TopicArn>`
   * (repeat for `Complaint` and `Delivery`).
   *
   * With `sesIdentity` and/or `configurationSetName`, the policy of a topic this construct
   * creates admits only those sources (`aws:SourceArn`); without either, any SES source in
   * this account.
   * @default - any SES identity or configuration set of this account may publish
   */
  readonly sesIdentity?: string;
  /**
   * Existing SES configuration set to which an event destination is added, publishing bounce,
   * complaint and delivery events to the topic.
   * @default - no event destination
   */
  readonly configurationSetName?: string;
  /** Days a bounce event is kept before DynamoDB TTL expires it. @default 400 */
  readonly retentionDays?: number;
  /** Soft-bounce escalation. @default { threshold: 3, windowDays: 14 } */
  readonly softBounce?: SoftBounceOptions;
  /** Messages per Lambda invocation (1-10000; above 10 needs `maxBatchingWindow`). @default 10 */
  readonly batchSize?: number;
  /** How long the event source waits to fill a batch. @default Duration.seconds(5) */
  readonly maxBatchingWindow?: Duration;
  /**
   * Upper bound on concurrent invocations by the SQS event source (2-1000). This is the back
   * pressure on DynamoDB; reserved concurrency is deliberately not used because it throttles
   * the poller and pushes healthy messages towards the dead-letter queue.
   * @default 5
   */
  readonly maxConcurrency?: number;
  /** Address subscribed to the alarm topic. @default - alarms without a subscriber */
  readonly alarmEmail?: string;
  /** Applies to tables, key and log groups. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** CloudWatch namespace of the Powertools metrics. @default 'BouncePipeline' */
  readonly metricsNamespace?: string;
  /** Mirror suppressions into the SES account suppression list. @default - off */
  readonly suppressionSync?: SuppressionSyncOptions;
  /** Bus that receives one event per verdict. @default - no verdict events */
  readonly verdictBus?: events.IEventBus;
  /** Sender incidents: when one opens and resolves, and whether opening alarms. @default see IncidentOptions */
  readonly incidents?: IncidentOptions;
  /**
   * Alarms on the account's SES reputation (`AWS/SES` Reputation.BounceRate and
   * Reputation.ComplaintRate), sent to the alarm topic; `false` for none.
   * @default { bounceRate: 0.04, complaintRate: 0.0008 }
   */
  readonly reputationAlarms?: ReputationAlarmOptions | false;
}

/** Sender incidents (README, "Sender incidents"). */
export interface IncidentOptions {
  /** An incident is resolved after this long without events, and a gap this long starts a new one. @default Duration.hours(24) */
  readonly quietPeriod?: Duration;
  /** Events within `thresholdWindow` that make a run of sender-side bounces an incident. @default 5 */
  readonly thresholdEvents?: number;
  /** @default Duration.minutes(15) */
  readonly thresholdWindow?: Duration;
  /** Alarm (to the alarm topic, so to `alarmEmail`) whenever an incident opens. @default true */
  readonly alarmOnOpened?: boolean;
}

/**
 * Thresholds of the reputation alarms, as fractions as SES reports them (0.04 is 4%). SES
 * puts an account under review at a 5% bounce or 0.1% complaint rate and may pause sending at
 * 10% or 0.5% (https://docs.aws.amazon.com/ses/latest/dg/faqs-enforcement.html); the metric
 * values are between 0 and 1 (https://docs.aws.amazon.com/ses/latest/dg/reputationdashboard-cloudwatch-alarm.html).
 */
export interface ReputationAlarmOptions {
  /** @default 0.04 */
  readonly bounceRate?: number;
  /** @default 0.0008 */
  readonly complaintRate?: number;
}

/** The defaults of ReputationAlarmOptions, also what `bounces reputation` compares with. */
export const DEFAULT_REPUTATION_ALARMS = { bounceRate: 0.04, complaintRate: 0.0008 } as const;

const FUNCTIONS_DIR = path.join(import.meta.dirname, '..', 'functions');
const SERVICE_NAME = 'bounce-pipeline';
const QUERY_SERVICE_NAME = 'bounce-pipeline-query';
const PROCESS_TIMEOUT = Duration.seconds(30);

/**
 * SES bounce notifications -> SNS -> SQS (with DLQ) -> Lambda -> DynamoDB, plus a read-only
 * query function behind an IAM-authenticated Function URL, alarms and a dashboard.
 */
export class BouncePipeline extends Construct {
  public readonly topic: sns.ITopic;
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly recipientsTable: dynamodb.Table;
  public readonly eventsTable: dynamodb.Table;
  public readonly processFunction: nodejs.NodejsFunction;
  public readonly queryFunction: nodejs.NodejsFunction;
  /** Keys the query API's page cursors (HMAC), generated for this stack; only the query function reads it. */
  public readonly cursorSecret: secretsmanager.Secret;
  public readonly functionUrl: lambda.FunctionUrl;
  /** HTTPS endpoint of the query API (SigV4-signed requests, service `lambda`). */
  public readonly apiUrl: string;
  public readonly alarmTopic: sns.Topic;
  public readonly dashboard: cloudwatch.Dashboard;
  /** Runs every minute: announces and resolves sender incidents. */
  public readonly incidentSweepFunction: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: BouncePipelineProps = {}) {
    super(scope, id);
    validateProps(props);

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const namespace = props.metricsNamespace ?? 'BouncePipeline';
    const batchSize = props.batchSize ?? 10;
    const maxBatchingWindow = props.maxBatchingWindow ?? Duration.seconds(5);

    // One customer-managed key for both topics: SES (bounces) and CloudWatch (alarms) must be
    // able to use it, which an AWS-managed SNS key does not allow.
    const key = new kms.Key(this, 'NotificationsKey', {
      description: 'Encrypts the SES bounce notification and alarm topics',
      enableKeyRotation: true,
      removalPolicy,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSesToPublishEncrypted',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'], // in a key policy '*' means this key
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    // Without a source condition, as AWS documents it for alarm actions: CloudWatch does not pass
    // one to KMS. Only this construct's topics use the key, and the alarm topic's policy admits
    // only this account's alarms.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishEncrypted',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );

    this.topic = props.topic ?? (props.topicArn ? sns.Topic.fromTopicArn(this, 'Topic', props.topicArn) : this.createTopic(key, props));

    if (props.configurationSetName) {
      // The L1 resource, because the L2 adds a second, overlapping SES statement to the topic policy.
      const destination = new ses.CfnConfigurationSetEventDestination(this, 'SesEventDestination', {
        configurationSetName: props.configurationSetName,
        eventDestination: {
          name: 'bounce-pipeline',
          enabled: true,
          matchingEventTypes: ['bounce', 'complaint', 'delivery'],
          snsDestination: { topicArn: this.topic.topicArn },
        },
      });
      // SES publishes a test message when the destination is created: the policy must exist first.
      destination.node.addDependency(this.topic);
    }

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    // SQS-managed encryption: SNS delivers to it without a key grant (a customer-managed key on
    // the queue would need sns.amazonaws.com in its key policy).
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for SQS event sources: at least 6x the function timeout plus the batching window,
      // so retried batches are not redelivered while a slow invocation still holds them.
      visibilityTimeout: Duration.seconds(6 * PROCESS_TIMEOUT.toSeconds() + maxBatchingWindow.toSeconds()),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });
    // Not raw: the handler reads the SNS envelope (its MessageId and the SES message inside).
    this.topic.addSubscription(new subscriptions.SqsSubscription(this.queue, { rawMessageDelivery: false }));

    this.recipientsTable = new dynamodb.Table(this, 'RecipientsTable', {
      ...tableDefaults(removalPolicy),
      partitionKey: { name: RECIPIENTS.partitionKey, type: dynamodb.AttributeType.STRING },
    });
    const recipientsIndexes = [RECIPIENTS.suppressedIndex, RECIPIENTS.shardIndex];
    addIndexes(this.recipientsTable, recipientsIndexes);

    this.eventsTable = new dynamodb.Table(this, 'EventsTable', {
      ...tableDefaults(removalPolicy),
      partitionKey: { name: EVENTS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: EVENTS.sortKey, type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: EVENTS.ttlAttribute,
    });
    const eventsIndexes = [EVENTS.domainIndex, EVENTS.reasonIndex, EVENTS.incidentIndex];
    addIndexes(this.eventsTable, eventsIndexes);
    const tableArns = [
      ...tableAndIndexArns(this.recipientsTable, recipientsIndexes),
      ...tableAndIndexArns(this.eventsTable, eventsIndexes),
    ];

    const tableEnv = { RECIPIENTS_TABLE: this.recipientsTable.tableName, EVENTS_TABLE: this.eventsTable.tableName };
    const suppressionSync = props.suppressionSync?.enabled === true;

    this.processFunction = this.createFunction('ProcessFunction', {
      entry: 'process-bounces',
      description: 'Classifies bounced recipients from SES notifications and stores verdicts',
      timeout: PROCESS_TIMEOUT,
      removalPolicy,
      environment: {
        ...tableEnv,
        RETENTION_DAYS: String(props.retentionDays ?? 400),
        SOFT_BOUNCE_THRESHOLD: String(props.softBounce?.threshold ?? 3),
        SOFT_BOUNCE_WINDOW_DAYS: String(props.softBounce?.windowDays ?? 14),
        INCIDENT_QUIET_MINUTES: String((props.incidents?.quietPeriod ?? Duration.hours(24)).toMinutes()),
        INCIDENT_THRESHOLD_EVENTS: String(props.incidents?.thresholdEvents ?? 5),
        INCIDENT_THRESHOLD_MINUTES: String((props.incidents?.thresholdWindow ?? Duration.minutes(15)).toMinutes()),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: namespace,
        SUPPRESSION_SYNC: suppressionSync ? 'on' : 'off',
        // SNS subscription confirmations of this topic (only) are confirmed by the function.
        TOPIC_ARN: this.topic.topicArn,
        ...(suppressionSync && {
          UNSUPPRESS_SENDER_FAULTS: String(props.suppressionSync?.unsuppressSenderFaults ?? false),
        }),
        ...(props.verdictBus && { VERDICT_BUS_NAME: props.verdictBus.eventBusName }),
      },
    });
    this.processFunction.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize,
        maxBatchingWindow,
        maxConcurrency: props.maxConcurrency ?? 5,
        reportBatchItemFailures: true,
      }),
    );
    this.processFunction.addToRolePolicy(
      new iam.PolicyStatement({
        // Exactly the calls of the write path (shared/store): read-modify-write of items, no scans.
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [this.recipientsTable.tableArn, this.eventsTable.tableArn],
      }),
    );
    this.processFunction.addToRolePolicy(
      new iam.PolicyStatement({
        // Sender incidents: the newest runs of a cause, one partition of the events table.
        actions: ['dynamodb:Query'],
        resources: [this.eventsTable.tableArn],
      }),
    );

    const processPolicyAcks = [
      'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (tracing is active).',
    ];
    if (suppressionSync) {
      this.processFunction.addToRolePolicy(
        new iam.PolicyStatement({
          // Only the two calls the sync makes; listing is for `bounces suppression diff`, run with the user's own credentials.
          actions: ['ses:PutSuppressedDestination', 'ses:DeleteSuppressedDestination'],
          // The SESv2 account suppression list has no ARN: these actions only accept '*'.
          resources: ['*'],
        }),
      );
      processPolicyAcks.push(
        'SESv2 Put/DeleteSuppressedDestination act on the account-level suppression list and support no resource-level permissions.',
      );
    }
    this.processFunction.addToRolePolicy(
      // A SubscriptionConfirmation of the pipeline's own topic in the queue (e.g. a topic of
      // another account) is confirmed with its token; no other topic.
      new iam.PolicyStatement({ actions: ['sns:ConfirmSubscription'], resources: [this.topic.topicArn] }),
    );
    props.verdictBus?.grantPutEventsTo(this.processFunction);
    acknowledgeWildcardResource(this.processFunction, processPolicyAcks.join(' '));

    // Cursors are tamper-evident only with a key nobody outside the stack knows: the table name,
    // the old default, is in the stack outputs.
    this.cursorSecret = new secretsmanager.Secret(this, 'CursorSecret', {
      description: 'Keys the page cursors of the bounce query API (HMAC-SHA256)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(this.cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret only keys page cursors, read once per container: rotation would break open listings. If it leaks, replace the secret; old cursors then fail as tampered.',
    });
    this.queryFunction = this.createFunction('QueryFunction', {
      entry: 'query-api',
      description: 'Read-only query API over bounce verdicts',
      timeout: Duration.seconds(10),
      removalPolicy,
      environment: {
        ...tableEnv,
        CURSOR_SECRET_ARN: this.cursorSecret.secretArn,
        POWERTOOLS_SERVICE_NAME: QUERY_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: namespace,
      },
    });
    this.cursorSecret.grantRead(this.queryFunction);
    // Only what the query API calls: it never scans (every access pattern is a key or index query).
    this.queryFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resources: tableArns,
      }),
    );
    this.queryFunction.addToRolePolicy(
      new iam.PolicyStatement({
        // Incidents: the keys-only state index, then each incident's two items at once.
        actions: ['dynamodb:BatchGetItem'],
        resources: [this.eventsTable.tableArn],
      }),
    );
    acknowledgeWildcardResource(
      this.queryFunction,
      'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (tracing is active).',
    );

    // A Function URL rather than an HTTP API: the API has a handful of GET routes for operators
    // and tooling, IAM (SigV4) is the only authentication it needs, and a URL adds no stage,
    // access-log or authorizer resources to secure. Callers need grantQuery().
    this.functionUrl = this.queryFunction.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    this.apiUrl = this.functionUrl.url;

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );
    if (props.alarmEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
    this.incidentSweepFunction = this.createIncidentSweep(props, tableEnv.EVENTS_TABLE, namespace, removalPolicy);
    this.createAlarms(namespace);
    this.createIncidentAndReputationAlarms(props, namespace);
    this.dashboard = this.createDashboard(namespace);
  }

  /**
   * Only time resolves an incident, so a function runs every minute: it announces openings and
   * resolutions on the verdict bus and reports the open incidents (shared/incidents/sweep.ts).
   * Readers derive the state themselves, so the sweep delays nothing but the events.
   */
  private createIncidentSweep(props: BouncePipelineProps, eventsTable: string, namespace: string, removalPolicy: RemovalPolicy): nodejs.NodejsFunction {
    const fn = this.createFunction('IncidentSweepFunction', {
      entry: 'incident-sweep',
      description: 'Announces sender incidents that opened or resolved, and counts the open ones',
      timeout: Duration.seconds(50),
      removalPolicy,
      environment: {
        EVENTS_TABLE: eventsTable,
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: namespace,
        ...(props.verdictBus && { VERDICT_BUS_NAME: props.verdictBus.eventBusName }),
      },
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${this.eventsTable.tableArn}/index/${EVENTS.incidentIndex.name}`],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
        resources: [this.eventsTable.tableArn],
      }),
    );
    props.verdictBus?.grantPutEventsTo(fn);
    acknowledgeWildcardResource(fn, 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (tracing is active).');
    new events.Rule(this, 'IncidentSweepSchedule', {
      description: 'Runs the sender incident sweep every minute',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
    });
    return fn;
  }

  /** "An incident opened" and the SES reputation alarms, to the alarm topic. */
  private createIncidentAndReputationAlarms(props: BouncePipelineProps, namespace: string): void {
    if (props.incidents?.alarmOnOpened !== false) {
      this.alarm(
        'IncidentOpenedAlarm',
        new cloudwatch.Metric({ namespace, metricName: 'IncidentsOpened', dimensionsMap: { service: SERVICE_NAME }, statistic: 'Sum', period: Duration.minutes(5) }),
        0,
        'A sender incident opened: bounces show a problem on the sending side (blocklisting, authentication, rate, content). Run `bounces incidents --open`.',
      );
    }
    if (props.reputationAlarms === false) return;
    const thresholds = { ...DEFAULT_REPUTATION_ALARMS, ...props.reputationAlarms };
    // SES computes the rates over a representative volume and updates them about hourly.
    const rateAlarm = (id: string, metric: ReputationMetric, rate: string, advice: string) => {
      const { metricName, review, pause } = REPUTATION_METRICS[metric];
      this.alarm(
        id,
        new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) }),
        thresholds[metric],
        `The account's SES ${rate} rate is above ${percent(thresholds[metric])}; SES reviews accounts at ${percent(review)} and may pause sending at ${percent(pause)}. ${advice}`,
      );
    };
    rateAlarm('BounceRateAlarm', 'bounceRate', 'bounce', 'Run `bounces reputation` and `bounces incidents --open`.');
    rateAlarm('ComplaintRateAlarm', 'complaintRate', 'complaint', 'Run `bounces reputation`.');
  }

  /** Lets `grantee` call the query API's Function URL. */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    return this.queryFunction.grantInvokeUrl(grantee);
  }

  private createTopic(key: kms.IKey, props: BouncePipelineProps): sns.Topic {
    const topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    const sourceArns = [
      ...(props.sesIdentity ? [sesArn(`identity/${props.sesIdentity}`)] : []),
      ...(props.configurationSetName ? [sesArn(`configuration-set/${props.configurationSetName}`)] : []),
    ];
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSesPublish',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ...(sourceArns.length > 0 && { ArnLike: { 'aws:SourceArn': sourceArns } }),
        },
      }),
    );
    return topic;
  }

  private createFunction(
    id: string,
    options: { entry: string; description: string; timeout: Duration; removalPolicy: RemovalPolicy; environment: Record<string, string> },
  ): nodejs.NodejsFunction {
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: options.removalPolicy,
    });
    // An own role instead of the AWSLambdaBasicExecutionRole managed policy: it may write only
    // to this function's log group.
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: options.description,
    });
    logGroup.grantWrite(role);

    const fn = new nodejs.NodejsFunction(this, id, {
      entry: path.join(FUNCTIONS_DIR, options.entry, 'index.ts'),
      handler: 'handler',
      description: options.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: options.timeout,
      tracing: lambda.Tracing.ACTIVE,
      role,
      logGroup,
      // The bundle is minified: stack traces are only readable through its source map.
      environment: { ...options.environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        // ESM builds of middy, Powertools and the SDK; CJS-only dependencies still call require().
        mainFields: ['module', 'main'],
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        // Bundle the pinned SDK instead of the runtime's, so what runs is what was tested.
        externalModules: [],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
      },
    });
    return fn;
  }

  /** An alarm on `metric` above `threshold` (one period, missing data is fine), to the alarm topic. */
  private alarm(id: string, metric: cloudwatch.IMetric, threshold: number, description: string): void {
    new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    }).addAlarmAction(new cloudwatchActions.SnsAction(this.alarmTopic));
  }

  private createAlarms(namespace: string): void {
    const period = Duration.minutes(5);
    this.alarm(
      'DeadLetterQueueAlarm',
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      0,
      'Bounce notifications failed 5 times and sit in the dead-letter queue; inspect and redrive.',
    );
    this.alarm(
      'QueueAgeAlarm',
      this.queue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum' }),
      Duration.minutes(15).toSeconds(),
      'The oldest bounce notification waits more than 15 minutes: processing is stuck or too slow.',
    );
    for (const [name, fn] of [['Process', this.processFunction], ['Query', this.queryFunction]] as const) {
      this.alarm(`${name}ErrorsAlarm`, fn.metricErrors({ period, statistic: 'Sum' }), 0, `${name} function invocations failed.`);
      this.alarm(`${name}ThrottlesAlarm`, fn.metricThrottles({ period, statistic: 'Sum' }), 0, `${name} function invocations were throttled.`);
    }
    // The functions answer their own failures (a 500, a failed batch item), which Lambda's Errors
    // metric never counts: these are the metrics they emit for them (Powertools adds `service`).
    const emitted = (service: string, metricName: string) =>
      new cloudwatch.Metric({ namespace, metricName, dimensionsMap: { service }, statistic: 'Sum', period });
    this.alarm(
      'QueryServerErrorsAlarm',
      emitted(QUERY_SERVICE_NAME, 'ServerErrors'),
      0,
      'The query API answered with 5xx: it could not read DynamoDB or failed unexpectedly (see its logs by request id).',
    );
    this.alarm(
      'ParseFailuresAlarm',
      emitted(SERVICE_NAME, 'ParseFailures'),
      0,
      'Queued messages could not be parsed as SES notifications; they are retried and then dead-lettered with their error.',
    );
    this.alarm(
      'StoreFailuresAlarm',
      emitted(SERVICE_NAME, 'StoreFailures'),
      0,
      'Verdicts could not be stored in DynamoDB (throttled or unavailable); SQS retries the records, then dead-letters them.',
    );
  }

  private createDashboard(namespace: string): cloudwatch.Dashboard {
    const period = Duration.minutes(5);
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(7) });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Verdicts by reason',
        width: 12,
        stacked: true,
        left: [
          // SEARCH so every reason appears without listing them; Powertools adds the `service`
          // dimension to every metric, so it is part of the dimension schema.
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${namespace},reason,service} MetricName="Verdicts"', 'Sum', ${period.toSeconds()})`,
            usingMetrics: {},
            period,
          }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Parse failures',
        width: 12,
        left: [
          new cloudwatch.Metric({
            namespace,
            metricName: 'ParseFailures',
            dimensionsMap: { service: SERVICE_NAME },
            statistic: 'Sum',
            period,
          }),
        ],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Queue depth',
        width: 12,
        left: [
          this.queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
          this.queue.metricApproximateNumberOfMessagesNotVisible({ period, statistic: 'Maximum' }),
        ],
        right: [this.queue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum' })],
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queue depth',
        width: 12,
        left: [this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' })],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Open sender incidents',
        width: 12,
        left: [
          new cloudwatch.Metric({ namespace, metricName: 'OpenIncidents', dimensionsMap: { service: SERVICE_NAME }, statistic: 'Maximum', period }),
        ],
        right: [
          new cloudwatch.Metric({ namespace, metricName: 'IncidentsOpened', dimensionsMap: { service: SERVICE_NAME }, statistic: 'Sum', period }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Verdicts by provider and reason',
        width: 12,
        stacked: true,
        left: [
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${namespace},provider,reason,service} MetricName="Verdicts"', 'Sum', ${period.toSeconds()})`,
            usingMetrics: {},
            period,
          }),
        ],
      }),
    );
    return dashboard;
  }
}

function validateProps(props: BouncePipelineProps): void {
  if (props.topic && props.topicArn) {
    throw new Error('BouncePipeline: pass either topic or topicArn, not both');
  }
  const positiveInteger = (name: string, value: number | undefined) => {
    if (value !== undefined && !Token.isUnresolved(value) && !(Number.isInteger(value) && value > 0)) {
      throw new Error(`BouncePipeline: ${name} must be a positive integer, got ${value}`);
    }
  };
  positiveInteger('retentionDays', props.retentionDays);
  positiveInteger('softBounce.threshold', props.softBounce?.threshold);
  positiveInteger('softBounce.windowDays', props.softBounce?.windowDays);
  positiveInteger('incidents.thresholdEvents', props.incidents?.thresholdEvents);
  for (const name of ['bounceRate', 'complaintRate'] as const) {
    const value = props.reputationAlarms ? props.reputationAlarms[name] : undefined;
    if (value !== undefined && !Token.isUnresolved(value) && !(value > 0 && value < 1)) {
      throw new Error(`BouncePipeline: reputationAlarms.${name} is a fraction between 0 and 1 (0.04 is 4%), got ${value}`);
    }
  }
}

const percent = (fraction: number) => `${Number((fraction * 100).toFixed(3))}%`;

function sesArn(resource: string): string {
  return `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
}

function tableDefaults(removalPolicy: RemovalPolicy): Partial<dynamodb.TableProps> {
  return {
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
    removalPolicy,
  };
}

function addIndexes(table: dynamodb.Table, indexes: readonly IndexDefinition[]): void {
  for (const index of indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType[index.projection],
    });
  }
}

/**
 * The table and each of its indexes by name, for grants: `Table.grant*` would add
 * `<table>/index/*`, a wildcard resource.
 */
function tableAndIndexArns(table: dynamodb.Table, indexes: readonly { name: string }[]): string[] {
  return [table.tableArn, ...indexes.map((index) => `${table.tableArn}/index/${index.name}`)];
}

/** Acknowledges cdk-nag's IAM5 finding for `Resource::*` in the function's role policy. */
function acknowledgeWildcardResource(fn: lambda.Function, reason: string): void {
  Validations.of(fn.role!).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason });
}
