/** Bundles the dashboard's script and style sheet into `outdir` (dashboard.js, dashboard.css). */
export function buildDashboardAssets(outdir: string): Promise<void>;
