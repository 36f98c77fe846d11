import { SetMetadata } from '@nestjs/common';
import type { TokenRole } from '@trivance/shared';

/** Organization roles that count as staff. `super_admin` passes every staff check. */
export type StaffRole = Exclude<TokenRole, 'super_admin'>;

export type AccessRule =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'staff'; roles: StaffRole[] }
  | { kind: 'platform' };

export const ACCESS_RULE = 'trivance:access-rule';

/** Anyone, signed in or not. */
export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);

/** Any signed-in account; no organization needed (end users). */
export const Authenticated = () =>
  SetMetadata(ACCESS_RULE, { kind: 'authenticated' } satisfies AccessRule);

/** Staff of the token's active organization holding one of these roles. */
export const Roles = (...roles: StaffRole[]) =>
  SetMetadata(ACCESS_RULE, { kind: 'staff', roles } satisfies AccessRule);

/** Platform operators (`super_admin`) only. */
export const PlatformAdmin = () =>
  SetMetadata(ACCESS_RULE, { kind: 'platform' } satisfies AccessRule);
