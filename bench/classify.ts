import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { type BounceEvidence, classifyBounce } from '../shared/rules';
import { ROOT, loadCorpus, median, writeNotifications } from './measure';
import type { BenchRow, BenchSection } from './run';

const formatRate = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-US')}/s`;

const ROUNDS = 7;
const ROUND_MS = 300;

/** Classifications per second, one core: passes over the corpus until a round lasts ROUND_MS. */
function measureClassifier(evidence: readonly BounceEvidence[]): { rates: number[]; sink: number } {
  // Reading each result stops the engine from optimising the calls away.
  let sink = 0;
  const pass = () => {
    for (const item of evidence) sink += classifyBounce(item).rule.length;
  };
  let passes = 1;
  const warmUpEnd = performance.now() + 1_000;
  while (performance.now() < warmUpEnd) pass();
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < passes; i++) pass();
    if (performance.now() - start >= ROUND_MS) break;
    passes *= 2;
  }
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < passes; i++) pass();
    rates.push((passes * evidence.length) / ((performance.now() - start) / 1_000));
  }
  return { rates, sink };
}

const LOAD_ROUNDS = 7;

/**
 * Milliseconds a fresh node process spends importing the rule module alone, bundled as the
 * function bundles it, and then on its first classification, which compiles the rules: what a
 * cold start pays.
 */
async function measureModuleLoad(): Promise<{ load: number[]; first: number[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'bounces-rules-'));
  try {
    const bundle = join(dir, 'rules.mjs');
    await build({ entryPoints: [join(ROOT, 'shared/rules/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: bundle, logLevel: 'warning' });
    const probe = [
      `const t = performance.now(); const { classifyBounce } = await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
      `const u = performance.now(); classifyBounce({ diagnostic: '550 5.1.1 user unknown' }); const v = performance.now();`,
      `process.stderr.write('load-ms=' + (u - t) + ' first-ms=' + (v - u));`,
    ].join(' ');
    const load: number[] = [];
    const first: number[] = [];
    for (let round = 0; round < LOAD_ROUNDS; round++) {
      const { code, stderr } = await run(['--input-type=module', '-e', probe]);
      const found = /load-ms=([\d.]+) first-ms=([\d.]+)/.exec(stderr);
      if (code !== 0 || !found) throw new Error(`loading the rule module failed: ${stderr}`);
      load.push(Number(found[1]));
      first.push(Number(found[2]));
    }
    return { load, first };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const classifierSection: BenchSection = {
  name: 'classifier',
  async run(): Promise<BenchRow[]> {
    const { evidence, source } = loadCorpus();
    const { rates } = measureClassifier(evidence);
    const { load, first } = await measureModuleLoad();
    return [
      {
        metric: 'rule module load, median',
        value: `${median(load).toFixed(1)} ms`,
        note: `fresh node process importing shared/rules bundled with esbuild, ${LOAD_ROUNDS} runs (min ${Math.min(...load).toFixed(1)} ms)`,
      },
      {
        metric: 'first classification (compiles the rules), median',
        value: `${median(first).toFixed(1)} ms`,
        note: `the same processes, the first classifyBounce call (min ${Math.min(...first).toFixed(1)} ms)`,
      },
      {
        metric: 'classifyBounce, median',
        value: formatRate(median(rates)),
        note: `${source}; 1 core, 1 s warm-up, ${ROUNDS} rounds of >=${ROUND_MS} ms`,
      },
      {
        metric: 'classifyBounce, min..max',
        value: `${formatRate(Math.min(...rates))} .. ${formatRate(Math.max(...rates))}`,
      },
    ];
  },
};

function run(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

// Reports the CLI process's own peak RSS as it exits, without a dependency on /usr/bin/time.
const RSS_PROBE = `data:text/javascript,${encodeURIComponent(
  'process.on("exit", () => process.stderr.write(`\\nmaxrss-kb=${process.resourceUsage().maxRSS}\\n`));',
)}`;

async function timeCli(file: string, options: readonly string[] = []): Promise<{ seconds: number; rssMb: number }> {
  const start = performance.now();
  const { code, stderr } = await run(['--import', RSS_PROBE, 'dist/bounces.js', 'classify', ...options, file]);
  const seconds = (performance.now() - start) / 1_000;
  const rss = /maxrss-kb=(\d+)/.exec(stderr)?.[1];
  if (code !== 0 || !rss) throw new Error(`bounces classify exited ${code}: ${stderr}`);
  return { seconds, rssMb: Number(rss) / 1024 };
}

const LARGE = 200_000;
/** Twice the input, once: peak memory must not follow the input's size. */
const DOUBLE = 2 * LARGE;
const CLI_ROUNDS = 3;

export const cliClassifySection: BenchSection = {
  name: 'cli',
  async run(): Promise<BenchRow[]> {
    const build = await run(['scripts/build.mjs']);
    if (build.code !== 0) throw new Error(`build failed: ${build.stderr}`);
    const { evidence, source } = loadCorpus();
    const dir = await mkdtemp(join(tmpdir(), 'bounces-bench-'));
    try {
      const large = join(dir, 'large.jsonl');
      const double = join(dir, 'double.jsonl');
      await writeNotifications(large, LARGE, evidence);
      await writeNotifications(double, DOUBLE, evidence);
      const sizeMb = (await stat(large)).size / 1024 / 1024;
      await timeCli(large); // warms the file cache
      const runs: { seconds: number; rssMb: number }[] = [];
      const singleThread: number[] = [];
      for (let round = 0; round < CLI_ROUNDS; round++) {
        runs.push(await timeCli(large));
        singleThread.push((await timeCli(large, ['--jobs', '1'])).seconds);
      }
      const doubleRun = await timeCli(double);
      const seconds = median(runs.map((r) => r.seconds));
      const input = `${LARGE.toLocaleString('en-US')} notifications, ${sizeMb.toFixed(0)} MB; diagnostics from ${source}`;
      return [
        {
          metric: 'bounces classify FILE, median',
          value: formatRate(LARGE / seconds),
          note: `${input}; default --jobs (${availableParallelism()} CPUs here); wall clock incl. node start-up, stdout to /dev/null, ${CLI_ROUNDS} rounds`,
        },
        {
          metric: 'bounces classify --jobs 1 FILE, median',
          value: formatRate(LARGE / median(singleThread)),
          note: 'the same on the main thread alone',
        },
        {
          metric: `peak RSS, ${LARGE.toLocaleString('en-US')} notifications`,
          value: `${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB`,
          note: 'process.resourceUsage().maxRSS of the CLI process',
        },
        {
          metric: `peak RSS, ${DOUBLE.toLocaleString('en-US')} notifications`,
          value: `${doubleRun.rssMb.toFixed(0)} MB`,
          note: 'twice the input of the row above: memory does not grow with the input',
        },
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
