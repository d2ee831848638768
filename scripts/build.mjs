// Bundles the CLI into dist/ so `npx bounces` starts fast with plain node. Runs on `npm install`
// (the `prepare` script), so users never run a build step by hand.
import { build } from 'esbuild';

await build({
  entryPoints: { bounces: 'bin/bounces.ts', client: 'shared/client/index.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
