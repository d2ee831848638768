import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ORIGINAL_MESSAGE_ID } from '../shared/dead-letters';
import { localClientConfig } from '../shared/local/emulators';
import { writeStackFile } from '../shared/local/stack-file';
import { type LocalStack, createTopology } from '../shared/local/topology';
import { createBounceStore } from '../shared/store';
import { bounceBody, snsEnvelope } from './helpers/bounce-fixtures';
import { type CliRun, runCli } from './helpers/cli';
import { quietHandler, sqsRecord } from './helpers/sqs-events';

/**
 * The CLI's commands that change things, run as a user runs them against a local pipeline:
 * `dlq redrive` on the SQS emulator, and `suppression diff --apply` against a stand-in for
 * SESv2 that speaks its REST API (SES has no emulator). The pipeline is this test's own
 * topology on the shared emulators, announced through a stack file of its own.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'bounces-actions-'));
const snsSqsEndpoint = inject('snsSqsEndpoint');
const dynamoEndpoint = inject('dynamoEndpoint');
const sqs = new SQSClient(localClientConfig(snsSqsEndpoint));
const dynamo = new DynamoDBClient(localClientConfig(dynamoEndpoint));
let stack: LocalStack;

beforeAll(async () => {
  const id = randomUUID().slice(0, 8);
  stack = await createTopology({
    snsSqsEndpoint,
    dynamoEndpoint,
    names: {
      topic: `actions-${id}`,
      queue: `actions-${id}`,
      deadLetterQueue: `actions-${id}-dlq`,
      tables: { recipients: `ActionsRecipients-${id}`, events: `ActionsEvents-${id}` },
    },
  });
  // This test process is the "running pipeline" the stack file names.
  writeStackFile({ ...stack, pid: process.pid, startedAt: new Date().toISOString(), dataDir });
}, 60_000);

afterAll(() => {
  sqs.destroy();
  dynamo.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

function bounces(...args: string[]): Promise<CliRun> {
  return runCli([...args, '--local', '--data', dataDir], { timeout: 60_000 });
}

async function receiveAll(queueUrl: string): Promise<{ body: string; originalId?: string }[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }),
  );
  return Messages.map((message) => ({
    body: message.Body ?? '',
    ...(message.MessageAttributes?.[ORIGINAL_MESSAGE_ID]?.StringValue && { originalId: message.MessageAttributes[ORIGINAL_MESSAGE_ID].StringValue }),
  }));
}

describe('bounces dlq redrive', () => {
  it('moves every dead letter back to the main queue, keeping the id its failures are recorded under', async () => {
    const bodies = ['dead letter one', 'dead letter two'];
    const sent = [];
    for (const body of bodies) sent.push((await sqs.send(new SendMessageCommand({ QueueUrl: stack.dlqUrl, MessageBody: body }))).MessageId);

    const result = await bounces('dlq', 'redrive', '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({ redriven: 2 });

    const moved = await receiveAll(stack.queueUrl);
    expect(moved.map((message) => message.body).sort()).toEqual(bodies);
    expect(moved.map((message) => message.originalId).sort()).toEqual([...sent].sort());
    expect(await receiveAll(stack.dlqUrl)).toEqual([]);
    expect(JSON.parse((await bounces('dlq', 'list', '--json')).stdout)).toEqual([]);
  });
});

/** SESv2's account suppression list over its REST API: list, put, delete. */
function fakeSesV2(listed: Map<string, 'BOUNCE' | 'COMPLAINT'>) {
  const calls: string[] = [];
  const read = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => resolve(body));
    });
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const body = await read(request);
    const base = '/v2/email/suppression/addresses';
    calls.push(`${request.method} ${url.pathname}`);
    const reply = (status: number, payload: object) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (request.method === 'GET' && url.pathname === base) {
      return reply(200, {
        SuppressedDestinationSummaries: [...listed].map(([EmailAddress, Reason]) => ({ EmailAddress, Reason, LastUpdateTime: 1_796_000_000 })),
      });
    }
    if (request.method === 'PUT' && url.pathname === base) {
      const { EmailAddress, Reason } = JSON.parse(body) as { EmailAddress: string; Reason: 'BOUNCE' | 'COMPLAINT' };
      listed.set(EmailAddress, Reason);
      return reply(200, {});
    }
    if (request.method === 'DELETE' && url.pathname.startsWith(`${base}/`)) {
      const address = decodeURIComponent(url.pathname.slice(base.length + 1));
      if (!listed.delete(address)) return reply(404, { message: `${address} is not on the suppression list` });
      return reply(200, {});
    }
    reply(400, { message: `unexpected ${request.method} ${url.pathname}` });
  });
  return { server, calls };
}

describe('bounces suppression diff --apply', () => {
  it('makes the SES list match our verdicts: sender faults off, dead addresses on, unknown ones left alone', async () => {
    const id = randomUUID().slice(0, 8);
    const [dead, listedForUs, stranger] = [`dead-${id}@example.com`, `blocked-${id}@example.com`, `stranger-${id}@example.com`];
    const now = new Date().toISOString();
    const failed = await quietHandler(dynamo, stack.tables)([
      sqsRecord(snsEnvelope(bounceBody(dead, now, 'hard'))),
      sqsRecord(snsEnvelope(bounceBody(listedForUs, now, 'blocklisted'))),
    ]);
    expect(failed).toEqual([]);
    const store = createBounceStore({ client: dynamo, tables: stack.tables });
    expect(await store.getRecipient(dead)).toMatchObject({ suppressed: true });
    expect(await store.getRecipient(listedForUs)).toMatchObject({ suppressed: false, reason: 'blocked' });

    // SES listed the blocklisted recipient (a Permanent bounce), not the dead one.
    const listed = new Map<string, 'BOUNCE' | 'COMPLAINT'>([
      [listedForUs, 'BOUNCE'],
      [stranger, 'BOUNCE'],
    ]);
    const ses = fakeSesV2(listed);
    await new Promise<void>((resolve) => ses.server.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(ses.server.address() as AddressInfo).port}`;
      const result = await bounces('suppression', 'diff', '--ses-endpoint', endpoint, '--apply', '--yes', '--json');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as { sesOnly: unknown[]; oursOnly: unknown[]; unknown: unknown[]; applied: unknown[] };
      expect(report.sesOnly).toEqual([expect.objectContaining({ address: listedForUs, ourReason: 'blocked' })]);
      expect(report.oursOnly).toEqual([expect.objectContaining({ address: dead, listReason: 'BOUNCE' })]);
      expect(report.unknown).toEqual([expect.objectContaining({ address: stranger })]);
      expect(report.applied).toHaveLength(2);

      expect([...listed].sort()).toEqual([
        [dead, 'BOUNCE'],
        [stranger, 'BOUNCE'],
      ]);
      expect(ses.calls.filter((call) => !call.startsWith('GET'))).toEqual([
        `DELETE /v2/email/suppression/addresses/${encodeURIComponent(listedForUs)}`,
        'PUT /v2/email/suppression/addresses',
      ]);

      // Applied once, the lists agree: a second diff finds nothing to change.
      const again = JSON.parse((await bounces('suppression', 'diff', '--ses-endpoint', endpoint, '--json')).stdout);
      expect(again).toMatchObject({ sesOnly: [], oursOnly: [] });
    } finally {
      ses.server.closeAllConnections();
      await new Promise((resolve) => ses.server.close(resolve));
    }
  });
});
