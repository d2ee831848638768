import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { median } from './measure';
import type { BenchRow, BenchSection } from './run';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const IMPORTS = 10;

/** The processing function bundled with the options lib/bounce-pipeline.ts gives NodejsFunction. */
async function bundle(outfile: string): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'functions', 'process-bounces', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    external: [],
    minify: true,
    sourcemap: 'external',
    sourcesContent: false,
    logLevel: 'silent',
  });
}

/** Milliseconds a fresh node process spends importing the bundle (the function's init phase). */
function importTime(file: string): Promise<number> {
  const script = `const start = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - start));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, RECIPIENTS_TABLE: 'Recipients', EVENTS_TABLE: 'Events', AWS_REGION: 'us-east-1', POWERTOOLS_METRICS_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (data: string) => (out += data));
  child.stderr.setEncoding('utf8').on('data', (data: string) => (err += data));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`import failed (${code}): ${err}`))));
  });
}

export const bundleSection: BenchSection = {
  name: 'bundle',
  async run(): Promise<BenchRow[]> {
    const dir = await mkdtemp(join(tmpdir(), 'bounces-bundle-'));
    try {
      const file = join(dir, 'index.mjs');
      await bundle(file);
      const size = (await stat(file)).size;
      const gzipped = gzipSync(await readFile(file)).length;
      const times: number[] = [];
      for (let i = 0; i < IMPORTS; i++) times.push(await importTime(file));
      return [
        { metric: 'process-bounces bundle', value: `${(size / 1024).toFixed(0)} KiB`, note: 'esbuild, ESM, minified, SDK bundled (the NodejsFunction options)' },
        { metric: 'process-bounces bundle, gzip', value: `${(gzipped / 1024).toFixed(0)} KiB`, note: 'about what the deployment zip holds' },
        {
          metric: 'module init (import), median',
          value: `${median(times).toFixed(0)} ms`,
          note: `fresh node ${process.version} per import, ${IMPORTS} runs, min..max ${Math.min(...times).toFixed(0)}..${Math.max(...times).toFixed(0)} ms`,
        },
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
