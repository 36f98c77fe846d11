import { Prisma } from '../../generated/prisma/client.js';
import type { ErasureStep } from './erasure-step.js';

/** Profiles are a projection of memberships, which the deleted account no longer has. */
export const memberProfilesErasure: ErasureStep = {
  name: 'memberProfiles',
  erase: (sql, userId) =>
    sql.execute(Prisma.sql`DELETE FROM member_profiles WHERE user_id = ${userId}`),
};
