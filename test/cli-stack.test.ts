import { type Server, createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localClientConfig } from '../shared/local/emulators';
import { type CliRun, runCli } from './helpers/cli';
import { type Seeded, seedEvents } from './helpers/query-fixtures';

/**
 * The CLI against a "deployed" stack: CloudFormation played by a local server speaking its
 * Query protocol (DescribeStacks, XML), the tables it names in DynamoDB Local. What a user
 * with `--stack NAME` goes through, minus AWS.
 */

const dynamoEndpoint = inject('dynamoEndpoint');
const dynamo = new DynamoDBClient(localClientConfig(dynamoEndpoint));
const home = mkdtempSync(join(tmpdir(), 'bounces-stack-home-'));
let cloudFormation: Server;
let cloudFormationUrl: string;
let seeded: Seeded;
const describeRequests: string[] = [];

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The stacks the fake knows: name -> outputs. */
const stacks = new Map<string, Record<string, string>>();

function describeStacksResponse(name: string, outputs: Record<string, string>): string {
  const members = Object.entries(outputs)
    .map(([key, value]) => `<member><OutputKey>${xml(key)}</OutputKey><OutputValue>${xml(value)}</OutputValue></member>`)
    .join('');
  return `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>${xml(name)}</StackName><StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/${xml(name)}/1</StackId><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-11-01T00:00:00.000Z</CreationTime><Outputs>${members}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>local-1</RequestId></ResponseMetadata></DescribeStacksResponse>`;
}

beforeAll(async () => {
  seeded = await seedEvents(dynamo, 'CliStack', { notifications: 10 });
  stacks.set('BouncePipeline', {
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:bounces',
    RecipientsTableName: seeded.tables.recipients,
    EventsTableName: seeded.tables.events,
    QueueUrl: 'http://127.0.0.1:1/123456789012/bounces',
    DeadLetterQueueUrl: 'http://127.0.0.1:1/123456789012/bounces-dlq',
    QueryUrl: 'https://example.lambda-url.us-east-1.on.aws/',
  });
  stacks.set('NotOurs', { BucketName: 'something-else' });
  cloudFormation = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      const name = form.get('StackName') ?? '';
      describeRequests.push(`${form.get('Action')} ${name}`);
      const outputs = stacks.get(name);
      response.writeHead(outputs ? 200 : 400, { 'content-type': 'text/xml' });
      response.end(
        outputs
          ? describeStacksResponse(name, outputs)
          : `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${xml(name)} does not exist</Message></Error><RequestId>local-2</RequestId></ErrorResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => cloudFormation.listen(0, '127.0.0.1', resolve));
  cloudFormationUrl = `http://127.0.0.1:${(cloudFormation.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => cloudFormation.close(resolve));
  dynamo.destroy();
  rmSync(home, { recursive: true, force: true });
});

/**
 * The CLI with an environment of its own: no region or profile from this machine (HOME is
 * empty), AWS endpoints pointed at the local stand-ins.
 */
function bounces(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return runCli(args, {
    timeout: 60_000,
    env: {
      ...clean,
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormationUrl,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      ...env,
    },
  });
}

describe('--stack NAME', () => {
  it("finds the tables through the stack's outputs and answers from them", async () => {
    const address = seeded.events[0]?.address as string;
    const result = await bounces(['status', address, '--stack', 'BouncePipeline', '--region', 'us-east-1', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ recipient: address });
    expect(describeRequests).toContain('DescribeStacks BouncePipeline');
  });

  it('takes the region from AWS_REGION', async () => {
    const address = seeded.events[1]?.address as string;
    const result = await bounces(['status', address, '--stack', 'BouncePipeline', '--json'], { AWS_REGION: 'us-east-1' });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ recipient: address });
  });

  it('says how to give a region when there is none', async () => {
    const result = await bounces(['status', 'ann@example.com', '--stack', 'BouncePipeline']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^bounces: error: no AWS region for stack BouncePipeline: give --region REGION, set AWS_REGION/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names a stack that does not exist, and one that is not a bounce pipeline', async () => {
    const missing = await bounces(['status', 'ann@example.com', '--stack', 'Nowhere', '--region', 'us-east-1']);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot read stack Nowhere: Stack with id Nowhere does not exist/) });
    const other = await bounces(['status', 'ann@example.com', '--stack', 'NotOurs', '--region', 'us-east-1']);
    expect(other).toMatchObject({ code: 2, stderr: expect.stringMatching(/stack NotOurs has no output TopicArn, .*is it a bounce pipeline stack\?/) });
  });
});

describe('bounces classify on a file that is not notifications', () => {
  it('prints a one-line summary of the rejected lines on stderr, while stdout goes elsewhere', async () => {
    const file = join(home, 'notes.md');
    writeFileSync(file, '# Notes\n\nnot a notification\n{"notificationType": "Bounce"}\n');
    const result = await bounces(['classify', file]);
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toHaveLength(3);
    expect(result.stderr).toBe(
      `bounces: 3 lines of ${file} rejected as not SES notifications; see the {"line", "error"} objects in the output\n`,
    );
  });
});
