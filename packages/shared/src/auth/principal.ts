/** Role strings as they appear in access-token claims. */
export const TOKEN_ROLES = ['super_admin', 'admin', 'moderator', 'user'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

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
  tokenId: string;
  expiresAt: Date;
}

export function isSuperAdmin(principal: Principal): boolean {
  return principal.role === 'super_admin';
}
