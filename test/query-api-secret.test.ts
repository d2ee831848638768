import { createHmac } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { localClientConfig } from '../shared/local/emulators';
import { cursorKey } from '../shared/query/cursor';
import { apiRequest } from './helpers/api-requests';
import { seedEvents } from './helpers/query-fixtures';

/**
 * The deployed query function's cold start: the cursor key comes from the stack's secret, read
 * from Secrets Manager (a local stand-in speaking its JSON protocol), never from the table name.
 */

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:CursorSecret-AbCdEf';
const SECRET = 'k'.repeat(40) + 'secret-of-this-stack';
const dynamoEndpoint = inject('dynamoEndpoint');
const dynamo = new DynamoDBClient(localClientConfig(dynamoEndpoint));
let secretsManager: Server;
const secretRequests: { target: string | undefined; body: { SecretId?: string } }[] = [];
let tables: { recipients: string; events: string };
const savedEnv = { ...process.env };

beforeAll(async () => {
  tables = (await seedEvents(dynamo, 'QuerySecret', { notifications: 20 })).tables;
  secretsManager = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const parsed = JSON.parse(body) as { SecretId?: string };
      secretRequests.push({ target: request.headers['x-amz-target'] as string | undefined, body: parsed });
      const found = parsed.SecretId === SECRET_ARN;
      response.writeHead(found ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify(
          found
            ? { ARN: SECRET_ARN, Name: 'CursorSecret', SecretString: SECRET, VersionId: 'v1' }
            : { __type: 'ResourceNotFoundException', message: 'Secrets Manager can not find the specified secret.' },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => secretsManager.listen(0, '127.0.0.1', resolve));
}, 120_000);

afterEach(() => {
  process.env = { ...savedEnv };
  vi.resetModules();
});

afterAll(async () => {
  await new Promise((resolve) => secretsManager.close(resolve));
  dynamo.destroy();
});

/** Environment of the deployed function, as the construct sets it, with both services local. */
function deployedEnv(overrides: Record<string, string | undefined>) {
  const { port } = secretsManager.address() as AddressInfo;
  Object.assign(process.env, {
    AWS_LAMBDA_FUNCTION_NAME: 'QueryFunction',
    RECIPIENTS_TABLE: tables.recipients,
    EVENTS_TABLE: tables.events,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${port}`,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  delete process.env.BOUNCES_CURSOR_SECRET;
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

const lambdaContext = { functionName: 'QueryFunction', awsRequestId: 'request-1', getRemainingTimeInMillis: () => 10_000 } as Context;

const tagWith = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16).toString('base64url');

describe('the deployed query function', () => {
  it('keys its cursors with the stack secret, read from Secrets Manager once at cold start', async () => {
    deployedEnv({ CURSOR_SECRET_ARN: SECRET_ARN });
    const { handler } = await import('../functions/query-api/index');
    const first = (await handler(apiRequest('/recipients', { domain: 'big.test', limit: '1' }), lambdaContext)) as APIGatewayProxyStructuredResultV2;
    const second = (await handler(apiRequest('/recipients', { domain: 'big.test', limit: '2' }), lambdaContext)) as APIGatewayProxyStructuredResultV2;
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);

    const [payload = '', tag] = (JSON.parse(first.body ?? '') as { cursor: string }).cursor.split('.');
    const json = Buffer.from(payload, 'base64url').toString('utf8');
    expect(tag).toBe(tagWith(cursorKey(tables.events, SECRET), json));
    expect(tag).not.toBe(tagWith(cursorKey(tables.events, undefined), json));
    expect(secretRequests).toEqual([{ target: 'secretsmanager.GetSecretValue', body: { SecretId: SECRET_ARN } }]);
  });

  it('refuses to start without a secret rather than derive the key from the table name', async () => {
    deployedEnv({ CURSOR_SECRET_ARN: undefined });
    await expect(import('../functions/query-api/index')).rejects.toThrow(/CURSOR_SECRET_ARN/);
  });

  it('refuses to start when the secret cannot be read', async () => {
    deployedEnv({ CURSOR_SECRET_ARN: `${SECRET_ARN}-gone` });
    await expect(import('../functions/query-api/index')).rejects.toThrow(/can not find the specified secret/);
  });
});
