import { AppError } from '../errors/app-error.js';
import type { Principal } from './principal.js';

/** DOMAIN.md ("Step-up"): the second factor must have been used within this window. */
export const STEP_UP_MAX_AGE_SECONDS = 15 * 60;

/** The `extensions.reason` / problem `reason` of a refusal for want of a (recent) second factor. */
export const MFA_REQUIRED = 'MFA_REQUIRED';

export function hasSecondFactor(principal: Principal): boolean {
  return principal.aal === 'aal2';
}

/** True when the token is `aal2` and its second factor is at most 15 minutes old. */
export function hasRecentSecondFactor(principal: Principal, now = Date.now()): boolean {
  return (
    hasSecondFactor(principal) &&
    now - principal.authTime.getTime() <= STEP_UP_MAX_AGE_SECONDS * 1000
  );
}

export function mfaRequired(message: string): AppError {
  return new AppError('FORBIDDEN', message, { reason: MFA_REQUIRED });
}

/** Refuses a token without a second factor (FORBIDDEN, reason MFA_REQUIRED). */
export function assertSecondFactor(principal: Principal): void {
  if (!hasSecondFactor(principal)) {
    throw mfaRequired('This operation needs a session signed in with a second factor');
  }
}

/** Refuses a token below aal2 or whose second factor is older than 15 minutes. */
export function assertRecentSecondFactor(principal: Principal, now = Date.now()): void {
  if (!hasRecentSecondFactor(principal, now)) {
    throw mfaRequired('Confirm it is you with your second factor (step-up) and try again');
  }
}
