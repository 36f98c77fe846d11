/** Roles within one organization (token claims use these lower-case strings). */
export const ORGANIZATION_ROLES = ['admin', 'moderator', 'user'] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

/** The `role` claim: the role in the active organization, or the platform role. */
export type TokenRole = OrganizationRole | 'super_admin';

/** Roles that get staff session lifetimes (shorter; see README). */
export function isStaffRole(role: TokenRole | undefined | null): boolean {
  return role === 'admin' || role === 'moderator' || role === 'super_admin';
}

export function isOrganizationRole(role: TokenRole | undefined | null): role is OrganizationRole {
  return (ORGANIZATION_ROLES as readonly string[]).includes(role ?? '');
}
