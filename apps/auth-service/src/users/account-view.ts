import type { AccountDto } from '../memberships/dto/membership.dto.js';
import { DEFAULT_LOCALE } from './user.schema.js';
import type { UserRecord } from './users.repository.js';

/** An account as the API shows it: never its hashes or secrets. */
export function accountView(user: UserRecord, mfaEnabled: boolean): AccountDto {
  return {
    id: String(user._id),
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
    platformRole: user.platformRole ?? null,
    locale: user.locale ?? DEFAULT_LOCALE,
    mfaEnabled,
    disabled: user.disabledAt != null,
    createdAt: user.createdAt,
  };
}
