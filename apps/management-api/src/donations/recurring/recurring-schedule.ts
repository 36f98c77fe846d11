/** Attempts at one month of a monthly gift (DOMAIN.md): then the gift is FAILED. */
export const MAX_ATTEMPTS = 6;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When the next attempt at a month is due after `failedAttempts` attempts
 * failed: on the due date, 2 days later, then every 5 days (anchor: Open
 * Collective's retries of recurring contributions); null once all six failed.
 */
export function nextAttemptAt(cycleDueAt: Date, failedAttempts: number): Date | null {
  if (failedAttempts <= 0) return cycleDueAt;
  if (failedAttempts >= MAX_ATTEMPTS) return null;
  const days = 2 + 5 * (failedAttempts - 1);
  return new Date(cycleDueAt.getTime() + days * DAY_MS);
}

/**
 * The same day of the next month (UTC), or that month's last day when it is
 * shorter: a gift started on 31 January is due 28 (or 29) February, then 31 March.
 * Computed from the first due date, so short months do not drift the day.
 */
export function monthlyDueDate(firstDueAt: Date, cycle: number): Date {
  const due = new Date(firstDueAt.getTime());
  const day = firstDueAt.getUTCDate();
  due.setUTCDate(1);
  due.setUTCMonth(firstDueAt.getUTCMonth() + (cycle - 1));
  const lastDay = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)).getUTCDate();
  due.setUTCDate(Math.min(day, lastDay));
  return due;
}

/**
 * The first month from `fromCycle` on that is not yet past `after`: a gift
 * resumed after a pause (or charged after a long retry) skips the months it
 * missed instead of charging them all at once.
 */
export function firstCycleDueAfter(
  firstDueAt: Date,
  fromCycle: number,
  after: Date,
): { cycle: number; dueAt: Date } {
  let cycle = fromCycle;
  let dueAt = monthlyDueDate(firstDueAt, cycle);
  while (dueAt < after) dueAt = monthlyDueDate(firstDueAt, ++cycle);
  return { cycle, dueAt };
}
