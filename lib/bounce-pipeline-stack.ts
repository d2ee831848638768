import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { BouncePipeline, type BouncePipelineProps } from './bounce-pipeline';

export interface BouncePipelineStackProps extends StackProps {
  /** Passed to the construct. @default - the construct's defaults */
  readonly pipeline?: BouncePipelineProps;
}

/**
 * The deployable unit. Its output keys are read by the `bounces` CLI to find the deployed
 * tables and queues: rename none of them.
 */
export class BouncePipelineStack extends Stack {
  public readonly pipeline: BouncePipeline;

  constructor(scope: Construct, id: string, props: BouncePipelineStackProps = {}) {
    super(scope, id, props);
    this.pipeline = new BouncePipeline(this, 'Pipeline', props.pipeline);

    const outputs: Record<string, { value: string; description: string }> = {
      TopicArn: { value: this.pipeline.topic.topicArn, description: 'SNS topic SES publishes notifications to' },
      RecipientsTableName: { value: this.pipeline.recipientsTable.tableName, description: 'Per-recipient verdicts' },
      EventsTableName: { value: this.pipeline.eventsTable.tableName, description: 'Bounce event history' },
      QueueUrl: { value: this.pipeline.queue.queueUrl, description: 'Queue the processing function consumes' },
      DeadLetterQueueUrl: { value: this.pipeline.deadLetterQueue.queueUrl, description: 'Notifications that failed 5 times' },
      QueryUrl: { value: this.pipeline.apiUrl, description: 'Query API (Lambda Function URL, SigV4 / AWS_IAM)' },
    };
    for (const [key, output] of Object.entries(outputs)) {
      new CfnOutput(this, key, output);
    }
  }
}
