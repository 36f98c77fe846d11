const MINUTE = 60_000;

/**
 * When reconciliation asks the provider about a payment still pending,
 * counted from when it started: after 1, 5, 15 and 60 minutes, then every
 * hour until a day has passed (tighter than the provider's own retries at 30
 * minutes, 3 hours and 24 hours).
 */
export const CHECK_OFFSETS_MINUTES: readonly number[] = [
  1,
  5,
  15,
  60,
  ...Array.from({ length: 23 }, (_, hour) => (hour + 2) * 60),
];

/** The next check after `checksDone` of them, or null once the schedule is over. */
export function nextCheckAt(startedAt: Date, checksDone: number): Date | null {
  const offset = CHECK_OFFSETS_MINUTES[checksDone];
  return offset === undefined ? null : new Date(startedAt.getTime() + offset * MINUTE);
}
