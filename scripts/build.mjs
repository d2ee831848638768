// Bundles the CLI and the typed client into dist/, so `npx bounces` starts fast with plain node.
// Runs on `npm install` (the `prepare` script): users never run a build step by hand.
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

await Promise.all([
  build({ ...common, entryPoints: { bounces: 'bin/bounces.ts' }, banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: { client: 'shared/client/index.ts' } }),
]);
