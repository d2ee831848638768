import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DashboardData } from './model';

/** The page's script and style sheet, bundled by scripts/dashboard-assets.mjs at build time. */
export interface DashboardAssets {
  script: string;
  style: string;
}

export const ASSET_FILES = { script: 'dashboard.js', style: 'dashboard.css' } as const;

/**
 * Reads the built assets from `dir`, or else from `dashboard/` in the first of this module's
 * folders and their parents that has it (`dist/` beside the bundled CLI, the package root's
 * `dist/` when running from source). Throws naming the build command when there is none.
 */
export function loadAssets(dir?: string): DashboardAssets {
  const found = dir ?? findAssetDir();
  if (!found) throw new Error('the dashboard page is not built: run `npm run build` (scripts/build.mjs) first');
  return {
    script: readFileSync(join(found, ASSET_FILES.script), 'utf8'),
    style: readFileSync(join(found, ASSET_FILES.style), 'utf8'),
  };
}

function findAssetDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth += 1) {
    for (const candidate of [join(dir, 'dashboard'), join(dir, 'dist', 'dashboard')]) {
      if (existsSync(join(candidate, ASSET_FILES.script))) return candidate;
    }
    dir = dirname(dir);
  }
  return undefined;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** `</script` inside the bundle (in a string) would end the inline script early. */
const inlineScript = (script: string) => script.replace(/<\/(script)/gi, '<\\/$1');
/** JSON inside a script element: `<` escaped so no text in the data can close the element. */
const inlineJson = (data: unknown) => JSON.stringify(data).replace(/</g, '\\u003c');

/**
 * The Content-Security-Policy of the page: only its own inline script and style run (by hash),
 * nothing is loaded from anywhere, and the live page may call back only to its own server.
 */
export function contentSecurityPolicy(assets: DashboardAssets, mode: 'live' | 'report'): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(inlineScript(assets.script))}`,
    `style-src ${sha256(assets.style)}`,
    "img-src data:",
    ...(mode === 'live' ? ["connect-src 'self'", "frame-ancestors 'none'"] : []),
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const SECTIONS = `
<section id="timeline" aria-labelledby="timeline-title">
  <h2 id="timeline-title">Bounces over time, by reason</h2>
  <p class="note" id="timeline-note"></p>
  <div class="chart"><canvas id="timeline-chart" role="img"></canvas></div>
  <details><summary>The chart as a table</summary><div class="table" id="timeline-table"></div></details>
</section>
<section id="incidents" aria-labelledby="incidents-title">
  <h2 id="incidents-title">Sender incidents</h2>
  <p class="note">Runs of refusals that only you, the sender, can fix: a blocklist listing, failing authentication, a rate limit.</p>
  <div id="incident-list"></div>
</section>
<section id="providers" aria-labelledby="providers-title">
  <h2 id="providers-title">By receiving provider</h2>
  <div class="chart"><canvas id="providers-chart" role="img"></canvas></div>
  <div class="table" id="providers-table"></div>
</section>
<section id="domains" aria-labelledby="domains-title">
  <h2 id="domains-title">By recipient domain</h2>
  <div class="chart"><canvas id="domains-chart" role="img"></canvas></div>
  <div class="table" id="domains-table"></div>
</section>
<section id="suppression" aria-labelledby="suppression-title">
  <h2 id="suppression-title">Suppression</h2>
  <p class="figure" id="suppression-total"></p>
  <div class="chart small"><canvas id="suppression-chart" role="img"></canvas></div>
  <details><summary>Suppressed per day as a table</summary><div class="table" id="suppression-table"></div></details>
  <h3>Changes to SES's suppression list</h3>
  <div id="ses-list"></div>
</section>
<section id="search" aria-labelledby="search-title">
  <h2 id="search-title">Look up an address</h2>
  <form id="search-form" role="search" novalidate>
    <label for="search-input">E-mail address</label>
    <div class="row">
      <input id="search-input" name="email" type="text" inputmode="email" autocomplete="off" spellcheck="false" required>
      <button type="submit">Look up</button>
    </div>
  </form>
  <p class="note" id="search-note"></p>
  <div id="search-result" aria-live="polite"></div>
</section>
<section id="dead-letters" aria-labelledby="dead-letters-title">
  <h2 id="dead-letters-title">Dead-letter queue</h2>
  <div id="dead-letter-list"></div>
</section>
<section id="reputation" aria-labelledby="reputation-title">
  <h2 id="reputation-title">SES reputation</h2>
  <div id="reputation-body"></div>
</section>`;

/**
 * The dashboard as one HTML document with its script and style inlined. `live`: the page asks
 * its server for data (and refreshes every minute). `report`: the data is embedded and nothing
 * is fetched, so the file opens from disk with no network.
 */
export function renderPage(assets: DashboardAssets, options: { mode: 'live' } | { mode: 'report'; data: DashboardData }): string {
  const csp =
    options.mode === 'report'
      ? `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(assets, 'report')}">\n`
      : '';
  const data =
    options.mode === 'report' ? `<script type="application/json" id="dashboard-data">${inlineJson(options.data)}</script>\n` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${csp}<title>Bounce dashboard</title>
<link rel="icon" href="data:,">
<style>${assets.style}</style>
</head>
<body data-mode="${options.mode}" data-state="loading">
<header>
  <h1>Bounce dashboard</h1>
  <p id="meta" aria-live="polite">Loading…</p>
  <p id="problem" role="alert" hidden></p>
</header>
<main>${SECTIONS}
</main>
${data}<script>${inlineScript(assets.script)}</script>
</body>
</html>
`;
}
