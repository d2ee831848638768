import type { Writable } from 'node:stream';

/** Exit codes shared by every command, so scripts can tell bad data from bad usage. */
export const EXIT = {
  ok: 0,
  /** The command ran, but some input was rejected (reported on stdout). */
  badInput: 1,
  /** Wrong arguments, or a file that cannot be read or written. */
  usage: 2,
} as const;

/** Print `bounces: error: MESSAGE` to stderr and exit. Flush any LineWriter first. */
export function fail(message: string, code: number = EXIT.usage): never {
  process.stderr.write(`bounces: error: ${message}\n`);
  process.exit(code);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const CHUNK_CHARS = 64 * 1024;

/**
 * Line-oriented output that writes in ~64 KB chunks: one write per line costs more than the
 * classification itself. Waits for 'drain' when the reader is slow, so memory stays bounded.
 * A reader that goes away (`| head`) closes the writer quietly: callers check `closed` and
 * stop producing.
 */
export class LineWriter {
  #chunk = '';
  #closed = false;
  #error: Error | undefined;

  constructor(
    private readonly stream: Writable = process.stdout,
    private readonly chunkChars = CHUNK_CHARS,
  ) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.#closed = true;
      if (error.code !== 'EPIPE') this.#error = error;
    });
  }

  /** True once the reader has gone; further lines are dropped. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Queue `text` plus a newline. Returns a promise only when a full chunk waits for the reader:
   * awaiting every line would cost a promise per line.
   */
  write(text: string): Promise<void> | undefined {
    this.#chunk += `${text}\n`;
    return this.#chunk.length >= this.chunkChars ? this.flush() : undefined;
  }

  /** Write what is queued. Rejects with the stream's error, except a closed pipe. */
  async flush(): Promise<void> {
    const chunk = this.#chunk;
    this.#chunk = '';
    if (chunk && !this.#closed && !this.stream.write(chunk)) await settled(this.stream);
    if (this.#error) throw this.#error;
  }
}

/** Resolves when the stream can take more, or will never take more. */
function settled(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done).off('error', done).off('close', done);
      resolve();
    };
    stream.on('drain', done).on('error', done).on('close', done);
  });
}
