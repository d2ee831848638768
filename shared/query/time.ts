export class InvalidTimeError extends Error {
  override readonly name = 'InvalidTimeError';
}

const HOUR_MS = 3_600_000;
const UNIT_MS = { m: 60_000, h: HOUR_MS, d: 24 * HOUR_MS, w: 7 * 24 * HOUR_MS } as const;
const RELATIVE = /^(\d{1,6})([mhdw])$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** Only ISO 8601 date-times: Date.parse alone accepts locale formats like "11/01/2026". */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A point in time as the canonical ISO 8601 UTC string event keys start with, so it can be
 * compared with `eventKey` and `suppressedAt` as a string. Accepts a duration back from `now`
 * (`30m`, `12h`, `7d`, `2w`), a UTC day (`2026-11-01`, its midnight) or an ISO date-time with
 * an offset (`2026-11-01T08:00:00Z`).
 */
export function parseTime(value: string, now: Date = new Date()): string {
  const text = value.trim();
  const relative = RELATIVE.exec(text);
  if (relative) {
    const [, amount, unit] = relative as unknown as [string, string, keyof typeof UNIT_MS];
    return new Date(now.getTime() - Number(amount) * UNIT_MS[unit]).toISOString();
  }
  if ((DATE_ONLY.test(text) || ISO_DATE_TIME.test(text)) && isCalendarDate(text)) {
    const ms = Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  throw new InvalidTimeError(
    `"${value}" is not a time: use a date (2026-11-01), an ISO date-time (2026-11-01T08:00:00Z) or a duration back from now (12h, 7d)`,
  );
}

/** Date.parse rolls 2026-02-30 over to March 2; a day the month does not have is no date. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12;
}

/** A time window, both ends inclusive; either end open. */
export interface TimeRange {
  since?: string;
  until?: string;
}

/** Both ends parsed, and rejected when they are the wrong way round. */
export function parseRange(raw: { since?: string; until?: string }, now: Date = new Date()): TimeRange {
  const since = raw.since === undefined ? undefined : parseTime(raw.since, now);
  const until = raw.until === undefined ? undefined : parseTime(raw.until, now);
  if (since !== undefined && until !== undefined && since > until) {
    throw new InvalidTimeError(`since (${since}) is after until (${until})`);
  }
  return { ...(since && { since }), ...(until && { until }) };
}
