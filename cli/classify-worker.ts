import { parentPort } from 'node:worker_threads';
import { classifyBatch } from './classify-lines';

/** A worker thread of `bounces classify`: classifies the batches the main thread sends. */
parentPort!.on('message', ({ id, lines, firstLine }: { id: number; lines: string[]; firstLine: number }) => {
  parentPort!.postMessage({ id, ...classifyBatch(lines, firstLine) });
});
