// Bundles the dashboard page's script (with its charting library, chart.js) and style sheet
// into OUTDIR/dashboard.js and OUTDIR/dashboard.css, which the page inlines: the page loads
// nothing from the network. Used by scripts/build.mjs; the dashboard tests read what it wrote to dist/dashboard.
import { build } from 'esbuild';

/** @param {string} outdir */
export async function buildDashboardAssets(outdir) {
  await build({
    entryPoints: { dashboard: 'shared/dashboard/web/app.ts' },
    outdir,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    legalComments: 'eof',
    logLevel: 'warning',
  });
  await build({
    entryPoints: { dashboard: 'shared/dashboard/web/dashboard.css' },
    outdir,
    bundle: true,
    minify: true,
    logLevel: 'warning',
  });
}
