/**
 * Chaos run of the local pipeline: 2,000 SNS publishes (10% published twice, 5% malformed,
 * shuffled) through SNS -> SQS -> pollers -> the real process-bounces handler -> DynamoDB Local,
 * with DynamoDB Local frozen (SIGSTOP) for 10 s mid-run. Then every invariant is checked against
 * the store and the dead-letter queue. Exits 1 on any violation. `npm run chaos`; CHAOS_SEED
 * reproduces a run.
 */
import '../cli/quiet-warnings';
import { Writable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { listDeadLetters } from '../shared/dead-letters';
import { localClientConfig, startEmulators } from '../shared/local/emulators';
import { QueuePoller } from '../shared/local/poller';
import { loadHandler } from '../shared/local/run-local';
import { createTopology } from '../shared/local/topology';
import { publishLines, waitUntilEmpty } from '../shared/queues';
import { type BounceStore, createBounceStore } from '../shared/store';
import { eventKey } from '../shared/store/keys';
import { type BounceKind, bounceBody, complaintBody, deliveryBody } from '../test/helpers/bounce-fixtures';

const PUBLISHES = 2_000;
const DUPLICATE_SHARE = 0.1;
const MALFORMED_SHARE = 0.05;
const FREEZE_MS = 10_000;
/** Freeze once this share of the messages was processed, so the freeze hits a busy pipeline. */
const FREEZE_AT_PROCESSED = 0.3;
/**
 * The handler's DynamoDB requests time out after 2 s (3 attempts), so a batch caught by the
 * freeze ends at most a moment after SIGCONT: under FREEZE_MS + 2 s. A visibility timeout above
 * that means no message reappears while it is still being handled, so the freeze costs a
 * well-formed message at most one failed receive, and maxReceiveCount 3 leaves it two more.
 * With ~2 s, a message would reappear every 2 s during the freeze and be dead-lettered.
 */
const VISIBILITY_TIMEOUT_SECONDS = 15;
const MAX_RECEIVE_COUNT = 3;
/**
 * A recipient remembers its last 5 applied event tags (RECENT_TAGS in recipient-state.ts); a
 * redelivery after 5 newer events of the same address is counted again. Known limit, reported;
 * the run stays within it so it checks everything else.
 */
const MAX_EVENTS_PER_RECIPIENT = 5;
/** Whole run, publish to drained; CI allows 3 minutes for the script including start-up. */
const DRAIN_TIMEOUT_MS = 120_000;

/** mulberry32: a seeded generator, so a failing run can be repeated exactly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Plan {
  /** What is published, in order. */
  lines: string[];
  /** Event keys each recipient must end up with, exactly. */
  expected: Map<string, Set<string>>;
  /** Malformed lines and the error the handler must record for each. */
  malformed: Map<string, RegExp>;
  distinct: number;
  duplicated: number;
}

const MALFORMED_KINDS: readonly ((i: number, at: string) => [line: string, error: RegExp])[] = [
  (i) => [`not json ${i} <html>`, /NotificationParseError: SNS Message is not JSON/],
  (i) => [JSON.stringify({ hello: 'world', i }), /NotificationParseError: SNS Message is not an SES notification/],
  (i, at) => {
    const body = bounceBody(`nobody-${i}@example.com`, at);
    body.bounce.bouncedRecipients = [];
    return [JSON.stringify(body), /NotificationParseError: invalid Bounce notification: bounce\.bouncedRecipients/];
  },
];

function plan(seed: number): Plan {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const malformedCount = Math.round(PUBLISHES * MALFORMED_SHARE);
  const duplicated = Math.round(PUBLISHES * DUPLICATE_SHARE);
  const distinct = PUBLISHES - malformedCount - duplicated;
  const expected = new Map<string, Set<string>>();
  const open: string[] = [];
  const now = Date.now();

  // Most recipients bounce once; some return, up to MAX_EVENTS_PER_RECIPIENT times.
  const recipient = (): string => {
    if (open.length > 0 && next() < 0.35) return pick(open);
    const address = `r${expected.size}-${seed}@d${expected.size % 50}.example.com`;
    expected.set(address, new Set());
    open.push(address);
    return address;
  };
  const addEvent = (address: string, key: string) => {
    const keys = expected.get(address) as Set<string>;
    keys.add(key);
    if (keys.size >= MAX_EVENTS_PER_RECIPIENT) open.splice(open.indexOf(address), 1);
  };

  const wellFormed: string[] = [];
  for (let i = 0; i < distinct; i++) {
    // Distinct times a few seconds apart within the last days: realistic, and far from expiry.
    const at = new Date(now - (distinct - i) * 7_000).toISOString();
    const roll = next();
    if (roll < 0.05) {
      wellFormed.push(JSON.stringify(deliveryBody(pick(open.length ? open : [recipient()]), at)));
      continue;
    }
    if (roll < 0.15) {
      const body = complaintBody(recipient(), at);
      for (const { emailAddress } of body.complaint.complainedRecipients) addEvent(emailAddress, eventKey(at, body.complaint.feedbackId));
      wellFormed.push(JSON.stringify(body));
      continue;
    }
    const count = next() < 0.1 ? 2 + Math.floor(next() * 2) : 1;
    const recipients = [...new Set(Array.from({ length: count }, recipient))];
    const kind: BounceKind = pick(['hard', 'hard', 'hard', 'soft', 'blocklisted']);
    const body = bounceBody(recipients, at, kind);
    for (const address of recipients) addEvent(address, eventKey(at, body.bounce.feedbackId));
    wellFormed.push(JSON.stringify(body));
  }

  const lines = [...wellFormed];
  for (let i = 0; i < duplicated; i++) lines.push(wellFormed[Math.floor(next() * wellFormed.length)] as string);
  const malformed = new Map<string, RegExp>();
  for (let i = 0; i < malformedCount; i++) {
    const [line, error] = (MALFORMED_KINDS[i % MALFORMED_KINDS.length] as (typeof MALFORMED_KINDS)[number])(i, new Date(now).toISOString());
    malformed.set(line, error);
    lines.push(line);
  }
  for (let i = lines.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
  }
  return { lines, expected, malformed, distinct, duplicated };
}

/** What the handler logged about each record (Powertools JSON, one console write per entry). */
class HandlerLog extends Writable {
  stored = 0;
  duplicates = 0;
  storeFailures = 0;
  parseFailures = 0;

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    let entry: { message?: unknown; stored?: unknown; duplicates?: unknown };
    try {
      entry = JSON.parse(chunk.toString('utf8')) as typeof entry;
    } catch {
      done();
      return;
    }
    if (entry.message === 'stored') {
      this.stored += Number(entry.stored ?? 0);
      this.duplicates += Number(entry.duplicates ?? 0);
    }
    if (entry.message === 'could not store record') this.storeFailures += 1;
    if (entry.message === 'unparsable record') this.parseFailures += 1;
    done();
  }
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

async function eventKeysOf(store: BounceStore, address: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.getHistoryPage(address, { limit: 100, cursor });
    keys.push(...page.events.map((event) => event.eventKey));
    cursor = page.cursor;
  } while (cursor);
  return keys;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 2 ** 31);
  const started = performance.now();
  // In memory: on this project's 2-core CI machine, DynamoDB Local with a database file slows to
  // a fraction of its in-memory rate as the file grows, and the run must fit CI's time budget.
  // The freeze (SIGSTOP of the Java process) is the same either way.
  const emulators = await startEmulators();
  const snsSqs = localClientConfig(emulators.snsSqsEndpoint);
  const sns = new SNSClient(snsSqs);
  const sqs = new SQSClient(snsSqs);
  const dynamo = new DynamoDBClient(localClientConfig(emulators.dynamoEndpoint));
  const violations: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) violations.push(message);
  };
  // Whatever happens, DynamoDB Local must not stay frozen.
  const freeze = { thaw: () => {} };
  try {
    const stack = await createTopology({
      snsSqsEndpoint: emulators.snsSqsEndpoint,
      dynamoEndpoint: emulators.dynamoEndpoint,
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
      maxReceiveCount: MAX_RECEIVE_COUNT,
    });
    const log = new HandlerLog();
    const handler = await loadHandler(stack, { log, logLevel: 'DEBUG' });
    const store = createBounceStore({ client: dynamo, tables: stack.tables });
    const poller = new QueuePoller({
      sqs,
      queueUrl: stack.queueUrl,
      queueArn: stack.queueArn,
      region: stack.region,
      handler,
      concurrency: 5, // the stack's maxConcurrency
    });
    const { lines, expected, malformed, distinct, duplicated } = plan(seed);
    out(`chaos: seed ${seed}, ${lines.length} publishes (${distinct} distinct, ${duplicated} repeated, ${malformed.size} malformed)`);

    poller.start();
    const publishStart = performance.now();
    await publishLines(sns, stack.topicArn, lines);

    let frozenAt = 0;
    const giveUpAt = Date.now() + DRAIN_TIMEOUT_MS;
    const freezeDone = new Promise<void>((resolve, reject) => {
      const watch = setInterval(() => {
        if (Date.now() > giveUpAt) {
          clearInterval(watch);
          reject(new Error(`only ${poller.counters.processed} messages processed, the freeze never started`));
        }
        if (poller.counters.processed < lines.length * FREEZE_AT_PROCESSED) return;
        clearInterval(watch);
        frozenAt = performance.now() - publishStart;
        emulators.dynamoProcess.kill('SIGSTOP');
        const cont = () => {
          emulators.dynamoProcess.kill('SIGCONT');
          resolve();
        };
        const timer = setTimeout(cont, FREEZE_MS);
        freeze.thaw = () => {
          clearTimeout(timer);
          cont();
        };
      }, 20);
    });
    await freezeDone;
    out(`chaos: DynamoDB Local frozen at ${(frozenAt / 1000).toFixed(1)} s for ${FREEZE_MS / 1000} s`);
    // Well-formed messages are all processed before the malformed ones finish their receives.
    const wellFormed = lines.length - malformed.size;
    while (poller.counters.processed < wellFormed && Date.now() < giveUpAt) await sleep(50);
    const processedAfter = (performance.now() - publishStart) / 1000;
    await waitUntilEmpty(sqs, stack.queueUrl, { timeoutMs: DRAIN_TIMEOUT_MS, pollMs: 200 });
    const drainedAfter = (performance.now() - publishStart) / 1000;
    await poller.stop();
    const { processed, failed } = poller.counters;

    // Dead letters: exactly the malformed messages, each with the parse error it deserves.
    const letters = await listDeadLetters(sqs, stack.dlqUrl, (ids) => store.getFailures(ids));
    const lettered = new Set<string>();
    for (const letter of letters) {
      const message = (JSON.parse(letter.body) as { Message?: string }).Message ?? letter.body;
      const error = malformed.get(message);
      check(error !== undefined, `well-formed message dead-lettered: ${message.slice(0, 120)} (${letter.error})`);
      check(!lettered.has(message), `dead-lettered twice: ${message.slice(0, 120)}`);
      lettered.add(message);
      if (error) check(error.test(letter.error ?? ''), `dead letter ${message.slice(0, 60)} has error ${letter.error}, expected ${error}`);
    }
    check(lettered.size === malformed.size, `dead-lettered ${lettered.size} of ${malformed.size} malformed messages`);
    check(processed + letters.length === lines.length, `published ${lines.length} != processed ${processed} + dead-lettered ${letters.length}`);

    // Every well-formed event stored exactly once, and counted once on its recipient.
    let expectedEvents = 0;
    await inParallel([...expected], 8, async ([address, keys]) => {
      expectedEvents += keys.size;
      const stored = await eventKeysOf(store, address);
      const missing = [...keys].filter((key) => !stored.includes(key));
      const extra = stored.filter((key) => !keys.has(key));
      check(missing.length === 0 && extra.length === 0, `${address}: missing events ${missing}, unexpected ${extra}`);
      const status = await store.getRecipient(address);
      const counted = (status?.bounceCount ?? 0) + (status?.complaintCount ?? 0);
      check(counted === keys.size, `${address}: counted ${counted} events, ${keys.size} distinct notifications name it`);
    });
    const stats = await store.countStats();
    check(stats.events === expectedEvents, `countStats: ${stats.events} events, expected ${expectedEvents}`);
    // A write applied by DynamoDB after its request timed out makes the retry see it as done:
    // the handler then reports a duplicate instead of a store. Its figures may undercount only.
    check(log.stored <= expectedEvents, `handler reported ${log.stored} verdicts stored, only ${expectedEvents} exist`);
    check(stats.recipients === expected.size, `countStats: ${stats.recipients} recipients, expected ${expected.size}`);
    // Proof the freeze bit: without request timeouts nothing would fail, only stall.
    check(log.storeFailures > 0, 'no record failed during the freeze: are the handler client timeouts set?');

    const elapsed = (performance.now() - started) / 1000;
    out(`chaos: published ${lines.length}, processed ${processed}, dead-lettered ${letters.length}`);
    out(`chaos: ${expectedEvents} events for ${expected.size} recipients, each stored and counted once; handler reported ${log.stored} stored, ${log.duplicates} duplicates`);
    out(`chaos: record failures ${failed} (store ${log.storeFailures} retried, parse ${log.parseFailures}); ${stats.recipients} recipients counted`);
    out(
      `chaos: well-formed messages processed ${processedAfter.toFixed(1)} s after the first publish ` +
        `(${(wellFormed / processedAfter).toFixed(0)} messages/s, ${(expectedEvents / processedAfter).toFixed(0)} events/s, freeze included); ` +
        `queue drained at ${drainedAfter.toFixed(1)} s (malformed: ${MAX_RECEIVE_COUNT} receives ${VISIBILITY_TIMEOUT_SECONDS} s apart); whole run ${elapsed.toFixed(1)} s`,
    );
  } catch (error) {
    violations.push(`run failed: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    freeze.thaw();
    sns.destroy();
    sqs.destroy();
    dynamo.destroy();
    await emulators.stop();
  }
  for (const violation of violations.slice(0, 50)) out(`VIOLATION: ${violation}`);
  out(violations.length ? `chaos: FAILED, ${violations.length} violations` : 'chaos: all invariants hold');
  return violations.length ? 1 : 0;
}

// Exit explicitly: the handler module's client keeps sockets that would hold the process open.
process.exit(await main());
