import { describe, expect, it } from 'vitest';
import {
  firstCycleDueAfter,
  MAX_ATTEMPTS,
  monthlyDueDate,
  nextAttemptAt,
} from './recurring-schedule.js';

const due = new Date('2026-01-31T15:00:00.000Z');
const days = (date: Date | null) => date && (date.getTime() - due.getTime()) / 86_400_000;

describe('the attempt schedule', () => {
  it('tries on the due date, 2 days later, then every 5 days, 6 times in all', () => {
    const offsets = Array.from({ length: MAX_ATTEMPTS }, (_, failed) =>
      days(nextAttemptAt(due, failed)),
    );
    expect(offsets).toEqual([0, 2, 7, 12, 17, 22]);
    expect(nextAttemptAt(due, MAX_ATTEMPTS)).toBeNull();
  });
});

describe('monthly due dates', () => {
  it('keep the first day of the month, clamped to short months', () => {
    expect(
      [1, 2, 3, 4, 13].map((cycle) => monthlyDueDate(due, cycle).toISOString().slice(0, 10)),
    ).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2027-01-31']);
    expect(monthlyDueDate(new Date('2027-12-15T00:00:00Z'), 3).toISOString()).toBe(
      '2028-02-15T00:00:00.000Z',
    );
  });
});

describe('resuming', () => {
  it('skips the months a pause missed, never charging them at once', () => {
    const resumed = firstCycleDueAfter(due, 2, new Date('2026-05-10T00:00:00Z'));
    expect(resumed.cycle).toBe(5);
    expect(resumed.dueAt.toISOString()).toBe('2026-05-31T15:00:00.000Z');
    expect(firstCycleDueAfter(due, 3, new Date('2026-01-01T00:00:00Z')).cycle).toBe(3);
  });
});
