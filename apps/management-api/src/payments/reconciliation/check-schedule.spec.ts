import { describe, expect, it } from 'vitest';
import { CHECK_OFFSETS_MINUTES, nextCheckAt } from './check-schedule.js';

describe('the reconciliation schedule', () => {
  const started = new Date('2026-12-01T10:00:00Z');

  it('checks after 1, 5, 15 and 60 minutes, then hourly until a day has passed', () => {
    expect(CHECK_OFFSETS_MINUTES.slice(0, 6)).toEqual([1, 5, 15, 60, 120, 180]);
    expect(CHECK_OFFSETS_MINUTES.at(-1)).toBe(24 * 60);
    expect(nextCheckAt(started, 0)).toEqual(new Date('2026-12-01T10:01:00Z'));
    expect(nextCheckAt(started, 3)).toEqual(new Date('2026-12-01T11:00:00Z'));
    expect(nextCheckAt(started, CHECK_OFFSETS_MINUTES.length - 1)).toEqual(
      new Date('2026-12-02T10:00:00Z'),
    );
  });

  it('ends after the last check', () => {
    expect(nextCheckAt(started, CHECK_OFFSETS_MINUTES.length)).toBeNull();
  });
});
