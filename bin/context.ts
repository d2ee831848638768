import { z } from 'zod';

/**
 * The context keys of the CDK app (`cdk deploy -c key=value`), checked before anything is
 * built, so a typo is one clear line instead of a stack trace or, worse, a deployed stack with
 * an alarm address nobody reads. Every value arrives as text (or as JSON from cdk.json).
 */

const text = z.preprocess((value) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value), z.string());
const matching = (pattern: RegExp, message: string) => text.pipe(z.string().regex(pattern, message));

/** SES configuration set names: letters, digits, '_' and '-', at most 64 (SES API reference, ConfigurationSet.Name). */
const CONFIGURATION_SET = /^[A-Za-z0-9_-]{1,64}$/;
/** CloudFormation stack names: a letter, then letters, digits and '-', at most 128 characters. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
/** arn:PARTITION:sns:REGION:ACCOUNT:TOPIC, as SNS documents topic ARNs. */
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const DOMAIN = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const ContextSchema = z.object({
  alarmEmail: text.pipe(z.email('not an e-mail address')).optional(),
  sesIdentity: text
    .refine((value) => DOMAIN.test(value) || z.email().safeParse(value).success, 'not a domain or e-mail address (an SES identity)')
    .optional(),
  configurationSet: matching(CONFIGURATION_SET, 'not an SES configuration set name (letters, digits, _ and -, at most 64)').optional(),
  topicArn: matching(TOPIC_ARN, 'not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)').optional(),
  retentionDays: matching(/^\d+$/, 'not a whole number of days')
    .transform(Number)
    .pipe(z.number().int().min(1, 'at least 1 day').max(3650, 'at most 3650 days'))
    .optional(),
  removalPolicy: z.enum(['retain', 'destroy'], { error: 'expected retain or destroy' }).optional(),
  suppressionSync: z.enum(['on', 'off'], { error: 'expected on or off' }).optional(),
  /** The alarms on the account's SES bounce and complaint rates (on by default). */
  reputationAlarms: z.enum(['on', 'off'], { error: 'expected on or off' }).optional(),
  stackName: matching(STACK_NAME, 'not a CloudFormation stack name (a letter, then letters, digits and -)').optional(),
});

export type AppContext = z.infer<typeof ContextSchema>;

/** Thrown with every problem, one `-c key=value: why` each. */
export class ContextError extends Error {
  override readonly name = 'ContextError';
}

/** The app's context values from `get` (app.node.tryGetContext); an empty value counts as absent. */
export function readContext(get: (key: string) => unknown): AppContext {
  const raw = Object.fromEntries(
    Object.keys(ContextSchema.shape).flatMap((key) => {
      const value = get(key);
      return value === undefined || value === '' ? [] : [[key, value]];
    }),
  );
  const parsed = ContextSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ContextError(
    parsed.error.issues
      .map((issue) => {
        const key = String(issue.path[0] ?? '');
        return `-c ${key}=${String(raw[key])}: ${issue.message}`;
      })
      .join('\n'),
  );
}
