import { z } from 'zod';
import type { IncidentPolicy } from '../../shared/incidents/model';

const MINUTE_MS = 60_000;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const EnvSchema = z.object({
  RECIPIENTS_TABLE: z.string().min(1),
  EVENTS_TABLE: z.string().min(1),
  RETENTION_DAYS: positiveInt(400),
  SOFT_BOUNCE_THRESHOLD: positiveInt(3),
  SOFT_BOUNCE_WINDOW_DAYS: positiveInt(14),
  /** Sender incidents: quiet period, and events within a window that open one (see shared/incidents/model.ts). */
  INCIDENT_QUIET_MINUTES: positiveInt(24 * 60),
  INCIDENT_THRESHOLD_EVENTS: positiveInt(5),
  INCIDENT_THRESHOLD_MINUTES: positiveInt(15),
  POWERTOOLS_SERVICE_NAME: z.string().min(1).default('bounce-pipeline'),
  POWERTOOLS_METRICS_NAMESPACE: z.string().min(1).default('BouncePipeline'),
  /** Recipient addresses are personal data: logs mask them unless this is `plain`. */
  LOG_RECIPIENTS: z.enum(['masked', 'plain']).default('masked'),
  /** The pipeline's own SNS topic: SNS subscription confirmations of it are confirmed. */
  TOPIC_ARN: z.string().startsWith('arn:').optional(),
});

export interface Config {
  tables: { recipients: string; events: string };
  retentionDays: number;
  softBounce: { threshold: number; windowDays: number };
  incidents: IncidentPolicy;
  serviceName: string;
  metricsNamespace: string;
  logRecipients: 'masked' | 'plain';
  topicArn?: string;
}

/**
 * How the processing function's DynamoDB client treats a slow or unresponsive DynamoDB.
 * Without timeouts such a request waits until the function times out and the whole batch
 * fails; with them the record fails alone (after the SDK's retries) and SQS redelivers it. A
 * single-item call takes milliseconds, so 2 s is far beyond a slow answer. Without
 * throwOnRequestTimeout this SDK only logs a warning when requestTimeout passes.
 */
export const DYNAMODB_REQUEST_HANDLER = { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true } as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Read once at cold start: a misconfigured function fails every invocation loudly, not per record. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`invalid environment: ${problems}`);
  }
  const config = parsed.data;
  return {
    tables: { recipients: config.RECIPIENTS_TABLE, events: config.EVENTS_TABLE },
    retentionDays: config.RETENTION_DAYS,
    softBounce: { threshold: config.SOFT_BOUNCE_THRESHOLD, windowDays: config.SOFT_BOUNCE_WINDOW_DAYS },
    incidents: {
      quietPeriodMs: config.INCIDENT_QUIET_MINUTES * MINUTE_MS,
      threshold: { events: config.INCIDENT_THRESHOLD_EVENTS, windowMs: config.INCIDENT_THRESHOLD_MINUTES * MINUTE_MS },
    },
    serviceName: config.POWERTOOLS_SERVICE_NAME,
    metricsNamespace: config.POWERTOOLS_METRICS_NAMESPACE,
    logRecipients: config.LOG_RECIPIENTS,
    ...(config.TOPIC_ARN && { topicArn: config.TOPIC_ARN }),
  };
}
