import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readContext } from '../bin/context';

/** `cdk synth -c key=value`: every context value checked, a bad one reported without a stack trace. */

const ROOT = join(import.meta.dirname, '..');
const outdir = mkdtempSync(join(tmpdir(), 'bounce-context-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const contextOf = (values: Record<string, unknown>) => readContext((key) => values[key]);

describe('readContext', () => {
  it('reads every key the app takes, and leaves empty values out', () => {
    expect(
      contextOf({
        alarmEmail: 'ops@example.com',
        sesIdentity: 'example.com',
        configurationSet: 'transactional_2',
        topicArn: 'arn:aws:sns:eu-west-1:123456789012:ses-bounces',
        retentionDays: '30',
        removalPolicy: 'destroy',
        suppressionSync: 'on',
        reputationAlarms: 'off',
        stackName: 'Bounces-Prod',
        somethingElse: 'left to CDK',
      }),
    ).toEqual({
      alarmEmail: 'ops@example.com',
      sesIdentity: 'example.com',
      configurationSet: 'transactional_2',
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:ses-bounces',
      retentionDays: 30,
      removalPolicy: 'destroy',
      suppressionSync: 'on',
      reputationAlarms: 'off',
      stackName: 'Bounces-Prod',
    });
    expect(contextOf({ alarmEmail: '', retentionDays: 400, sesIdentity: 'news@example.com' })).toEqual({
      retentionDays: 400,
      sesIdentity: 'news@example.com',
    });
  });

  it.each([
    ['alarmEmail', 'notanemail', /e-mail address/],
    ['sesIdentity', 'not an identity', /SES identity/],
    ['configurationSet', 'my set', /configuration set/],
    ['topicArn', 'arn:aws:sqs:eu-west-1:123456789012:queue', /SNS topic ARN/],
    ['retentionDays', '0', /at least 1/],
    ['retentionDays', '30d', /whole number/],
    ['removalPolicy', 'delete', /retain or destroy/],
    ['suppressionSync', 'yes', /on or off/],
    ['stackName', '1st_stack', /stack name/],
  ])('refuses -c %s=%s, naming the key and the value', (key, value, why) => {
    expect(() => contextOf({ [key]: value })).toThrow(new RegExp(`^-c ${key}=${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(() => contextOf({ [key]: value })).toThrow(why);
  });

  it('reports every bad value at once', () => {
    expect(() => contextOf({ alarmEmail: 'x', suppressionSync: 'y' })).toThrow(/alarmEmail=x: .*\n-c suppressionSync=y: /);
  });
});

describe('the CDK app', () => {
  it('exits 1 on a bad context value with one clear line per value and no stack trace', () => {
    // What `cdk synth -c alarmEmail=notanemail` runs: the app, with the context in CDK_CONTEXT_JSON.
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ alarmEmail: 'notanemail' }), CDK_OUTDIR: outdir },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('bin/app.ts: invalid context value\n-c alarmEmail=notanemail: not an e-mail address\n');
    expect(result.stdout).toBe('');
  });
});
