import { Prisma } from '../../generated/prisma/client.js';
import type { ExportSection } from './export-section.js';

/** The account's profile in every organization it belongs to. */
export const memberProfilesSection: ExportSection = {
  name: 'memberProfiles',
  read: (sql, userId) =>
    sql.query(Prisma.sql`
      SELECT mp.organization_id AS "organizationId", o.name AS "organizationName", mp.email,
             mp.name, mp.role, mp.email_verified AS "emailVerified", mp.created_at AS "createdAt",
             mp.updated_at AS "updatedAt"
      FROM member_profiles mp
      LEFT JOIN organizations o ON o.id = mp.organization_id
      WHERE mp.user_id = ${userId}
      ORDER BY mp.created_at, mp.id`),
};
