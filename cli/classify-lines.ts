import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { Worker } from 'node:worker_threads';
import { verdictsFor } from '../shared/classify';
import { NotificationParseError, parseNotification } from '../shared/notification';
import type { LineWriter } from './output';

/** The output lines for one input line: its verdicts, or nothing. */
function verdictLines(line: string): string {
  const notification = parseNotification(line);
  if (notification.type === 'ignored') return '';
  return verdictsFor(notification)
    .map((verdict) => JSON.stringify(verdict))
    .join('\n');
}

/** What a batch of input lines became: output lines joined by newlines, and how many were rejected. */
export interface BatchResult {
  text: string;
  rejected: number;
}

const BLANK = /^\s*$/;

/**
 * Classify `lines`, the first of which is input line `firstLine`. Only NotificationParseError
 * marks a line bad (reported as `{"line", "error"}`); anything else is a bug and propagates.
 */
export function classifyBatch(lines: readonly string[], firstLine: number): BatchResult {
  const outputs: string[] = [];
  let rejected = 0;
  lines.forEach((line, index) => {
    if (BLANK.test(line)) return;
    try {
      const output = verdictLines(line);
      if (output) outputs.push(output);
    } catch (error) {
      if (!(error instanceof NotificationParseError)) throw error;
      rejected += 1;
      outputs.push(JSON.stringify({ line: firstLine + index, error: error.message }));
    }
  });
  return { text: outputs.join('\n'), rejected };
}

const LINE_BREAK = /\r\n|\n|\r/;

/**
 * The lines of `input`, split as readline splits them (`\n`, `\r\n` or a lone `\r` ends one),
 * one array per chunk read: readline's per-line events and promises cost more than parsing.
 */
async function* lineBatches(input: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  const split = (text: string) => (text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n'));
  let carry = '';
  for await (const chunk of input) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    // A final \r may be the first half of a \r\n: it waits for the next chunk.
    const cut = text.endsWith('\r') ? text.length - 1 : text.length;
    const lines = split(text.slice(0, cut));
    carry = lines.pop()! + text.slice(cut);
    yield lines;
  }
  const lines = split(carry + decoder.end());
  if (lines.at(-1) === '') lines.pop();
  yield lines;
}

/** How many worker threads classify, and from which input line on. */
export interface Parallelism {
  /** Worker threads; 1 keeps everything on the main thread. */
  jobs: number;
  /** Input up to this many lines stays on the main thread, so short inputs start no thread. */
  afterLines: number;
}

const MAX_JOBS = 8;

/**
 * Without --jobs. Each worker loads the rules and schemas again (about 0.15 s of CPU) and
 * every line crosses threads twice, while the main thread keeps reading, splitting and
 * writing. Measured on 2 vCPUs (2026-11-30; SES sample mix, 5 runs each): two workers took
 * 1.5x the time of the main thread alone at 5,000 lines, 2.3x at 20,000 and 2.1x at 100,000,
 * for 1.6x to 2x the CPU; no size paid. So no threads on 2 CPUs or fewer; with more, one per
 * CPU but the main thread's, once the input is large enough to repay their start.
 */
export function defaultParallelism(cpus: number): Parallelism {
  return cpus <= 2 ? { jobs: 1, afterLines: Infinity } : { jobs: Math.min(cpus - 1, MAX_JOBS), afterLines: 25_000 };
}

/** An explicit --jobs N is taken at its word, past a small input. */
export function explicitParallelism(jobs: number): Parallelism {
  return { jobs, afterLines: 2_000 };
}

/**
 * In the build this module is a chunk in `dist/chunks/` (the CLI and the worker entry share
 * it), and the worker entry is `dist/classify-worker.js`. Only the build has the worker as
 * JavaScript, so running from source stays on one thread.
 */
const WORKER = new URL('../classify-worker.js', import.meta.url);
const WORKERS_AVAILABLE = import.meta.url.endsWith('.js');

/** Threads that classify batches; results come back in the order the batches were given. */
function createPool(size: number) {
  const workers = Array.from({ length: size }, () => new Worker(WORKER));
  const waiting = new Map<number, { resolve(result: BatchResult): void; reject(error: Error): void }>();
  let next = 0;
  for (const worker of workers) {
    worker.on('message', ({ id, ...result }: BatchResult & { id: number }) => {
      waiting.get(id)?.resolve(result);
      waiting.delete(id);
    });
    worker.on('error', (error) => {
      for (const job of waiting.values()) job.reject(error);
      waiting.clear();
    });
  }
  return {
    classify(lines: string[], firstLine: number): Promise<BatchResult> {
      const id = next++;
      const result = new Promise<BatchResult>((resolve, reject) => waiting.set(id, { resolve, reject }));
      workers[id % size]!.postMessage({ id, lines, firstLine });
      // Awaited in order later; marked handled now, so a failing worker cannot crash the
      // process before the failure is reached.
      result.catch(() => undefined);
      return result;
    },
    close: () => Promise.all(workers.map((worker) => worker.terminate())),
  };
}

/**
 * Classify every line of `input` into `writer`, in input order. Returns how many lines were
 * rejected. With `jobs` above 1, an input past `afterLines` is classified by that many worker
 * threads while this thread reads and writes; a few batches per worker are in flight at a
 * time, so memory stays bounded.
 */
export async function classifyLines(
  input: Readable,
  writer: LineWriter,
  { jobs, afterLines }: Parallelism = { jobs: 1, afterLines: Infinity },
): Promise<number> {
  let linesRead = 0;
  let rejected = 0;
  let pool: ReturnType<typeof createPool> | undefined;
  const inFlight: Promise<BatchResult>[] = [];
  const emit = async (batch: Promise<BatchResult>) => {
    const result = await batch;
    rejected += result.rejected;
    const full = result.text && !writer.closed ? writer.write(result.text) : undefined;
    if (full) await full;
  };
  try {
    for await (const lines of lineBatches(input)) {
      const firstLine = linesRead + 1;
      linesRead += lines.length;
      if (!pool && jobs > 1 && WORKERS_AVAILABLE && linesRead > afterLines) pool = createPool(jobs);
      inFlight.push(pool ? pool.classify(lines, firstLine) : Promise.resolve(classifyBatch(lines, firstLine)));
      while (inFlight.length > (pool ? 2 * jobs : 0)) await emit(inFlight.shift()!);
      if (writer.closed) break;
    }
    while (inFlight.length > 0 && !writer.closed) await emit(inFlight.shift()!);
  } finally {
    await pool?.close();
  }
  await writer.flush();
  return rejected;
}
