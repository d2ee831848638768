import { describe, expect, it } from 'vitest';
import { redateDemo } from '../shared/local/demo-dates';

const line = (mail: string, bounce: string) => JSON.stringify({ mail: { timestamp: mail }, bounce: { timestamp: bounce } });
const day = 86_400_000;

describe('redateDemo', () => {
  const lines = [line('2026-11-20T09:00:00.000Z', '2026-11-20T09:00:05.000Z'), line('2026-11-27T14:10:00.000Z', '2026-11-27T14:10:01.000Z')];

  it('leaves samples of the last week alone, so restarts replay the same events', () => {
    expect(redateDemo(lines, Date.parse('2026-12-02T00:00:00Z'))).toEqual(lines);
  });

  it('moves older samples forward by whole days to end on yesterday, keeping spacing and hour', () => {
    const now = Date.parse('2027-12-01T08:00:00Z');
    const moved = redateDemo(lines, now).map((text) => JSON.parse(text));
    const newest = Date.parse(moved[1].bounce.timestamp);
    expect(now - newest).toBeGreaterThan(0);
    expect(now - newest).toBeLessThan(2 * day);
    expect(moved[1].bounce.timestamp.slice(10)).toBe('T14:10:01.000Z');
    expect(Date.parse(moved[1].mail.timestamp) - Date.parse(moved[0].mail.timestamp)).toBe(Date.parse('2026-11-27T14:10:00Z') - Date.parse('2026-11-20T09:00:00Z'));
  });
});
