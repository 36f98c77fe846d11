/** Role strings as they appear in access-token claims. */
export const TOKEN_ROLES = ['super_admin', 'admin', 'moderator', 'user'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/**
 * Authenticator assurance level (NIST SP 800-63B) of the session a token was
 * issued for: `aal1` after a password alone, `aal2` after a second factor.
 */
export const ASSURANCE_LEVELS = ['aal1', 'aal2'] as const;
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  /** Account id (MongoDB ObjectId hex): the token's `sub`. */
  userId: string;
  sessionId: string;
  /** The active organization (`org`), absent when the token has none. */
  organizationId?: string;
  /** Role in `organizationId`, or `super_admin` (platform-wide). */
  role?: TokenRole;
  emailVerified: boolean;
  /** `aal` claim; tokens without one count as `aal1`. */
  aal: AssuranceLevel;
  /** `amr` claim (RFC 8176): how the session authenticated, e.g. ["pwd", "otp", "mfa"]. */
  amr: string[];
  /** `auth_time`: when the session last proved a factor (the second one for `aal2`). */
  authTime: Date;
  /** The active organization requires a second factor of its staff (`org_mfa_required`). */
  organizationRequiresMfa: boolean;
  tokenId: string;
  issuedAt: Date;
  expiresAt: Date;
}

export function isSuperAdmin(principal: Principal): boolean {
  return principal.role === 'super_admin';
}
