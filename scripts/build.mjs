// Bundles the CLI and the typed client into dist/, so `npx bounces` starts fast with plain node.
// Runs on `npm install` (the `prepare` script): users never run a build step by hand.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

const common = {
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};

await rm('dist', { recursive: true, force: true });
await Promise.all([
  // Split: each CLI command is a chunk of its own, loaded when that command runs.
  build({
    ...common,
    entryPoints: { bounces: 'bin/bounces.ts', 'classify-worker': 'cli/classify-worker.ts' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({ ...common, entryPoints: { client: 'shared/client/index.ts' } }),
]);
