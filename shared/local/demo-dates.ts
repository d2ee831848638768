/**
 * The demo's sample notifications carry fixed dates; the pipeline refuses times more than a
 * year old, and listings default to the last 30 days. So the demo moves its samples forward by
 * whole days (keeping their order, spacing and hour of day) once the newest is more than a
 * week old, to end on yesterday. Within a week nothing moves, so restarts replay the same events.
 */
const ISO_TIME = /"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z)"/g;
const DAY_MS = 86_400_000;
const KEEP_FOR_DAYS = 7;

/** `lines` (JSON texts) with every ISO 8601 UTC time moved forward as described; `now` in ms. */
export function redateDemo(lines: readonly string[], now: number): string[] {
  let newest = -Infinity;
  for (const line of lines) for (const [, time] of line.matchAll(ISO_TIME)) newest = Math.max(newest, Date.parse(time!));
  const age = now - newest;
  if (!Number.isFinite(age) || age <= KEEP_FOR_DAYS * DAY_MS) return [...lines];
  const shift = (Math.floor(age / DAY_MS) - 1) * DAY_MS;
  return lines.map((line) => line.replace(ISO_TIME, (_, time: string) => `"${new Date(Date.parse(time) + shift).toISOString()}"`));
}
