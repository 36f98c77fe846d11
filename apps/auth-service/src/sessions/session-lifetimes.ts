import { isStaffRole, type TokenRole } from '../memberships/roles.js';

const DAY = 24 * 60 * 60;

export interface SessionLifetime {
  /** Sliding inactivity timeout, seconds. */
  idleSeconds: number;
  /** Absolute lifetime from sign-in, seconds. */
  absoluteSeconds: number;
}

/**
 * OWASP ASVS 5.0 (V7, session management): both an inactivity timeout and an
 * absolute lifetime, chosen by risk. End users on the mobile app: 30 days
 * sliding, 90 days absolute (convenience; their tokens reach only their own
 * data). Staff (admin, moderator, super_admin) act on an organization's data:
 * 12 hours sliding (a working day), 7 days absolute. See the README.
 */
export const END_USER_LIFETIME: SessionLifetime = {
  idleSeconds: 30 * DAY,
  absoluteSeconds: 90 * DAY,
};
export const STAFF_LIFETIME: SessionLifetime = {
  idleSeconds: 12 * 60 * 60,
  absoluteSeconds: 7 * DAY,
};

export function lifetimeFor(role: TokenRole | null | undefined): SessionLifetime {
  return isStaffRole(role) ? STAFF_LIFETIME : END_USER_LIFETIME;
}
