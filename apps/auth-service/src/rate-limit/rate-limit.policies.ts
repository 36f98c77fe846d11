/** Every limiter: how many points per window (seconds). Keys are per IP or per normalized email. */
export const RATE_LIMITS = {
  /** Any login attempt from one IP. */
  loginPerIp: { points: 100, duration: 15 * 60 },
  registerPerIp: { points: 20, duration: 60 * 60 },
  registerPerEmail: { points: 5, duration: 60 * 60 },
  /** Resend and forgot: requests from one IP (over the limit, mails are dropped silently). */
  mailRequestsPerIp: { points: 20, duration: 60 * 60 },
  /** Resend and forgot: requests for one address per hour (dropped silently). */
  mailRequestsPerEmail: { points: 10, duration: 60 * 60 },
  serviceTokenPerIp: { points: 60, duration: 60 },
  /** Invitation acceptance and token-bearing endpoints. */
  tokenSubmissionsPerIp: { points: 60, duration: 15 * 60 },
  /** Account exports per account: each gathers everything from both services. */
  accountExportsPerUser: { points: 5, duration: 60 * 60 },
} as const;

/**
 * Login failures per email: counted over an hour; from the 10th on, each
 * failure blocks the email key for base * 2^(n - 10) seconds, at most 15
 * minutes. Never a permanent lock; a successful login or a password reset clears it.
 */
export const LOGIN_FAILURES = {
  threshold: 10,
  window: 60 * 60,
  maxBlockSeconds: 15 * 60,
} as const;
