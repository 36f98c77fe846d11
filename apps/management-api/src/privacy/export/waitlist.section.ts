import { Prisma } from '../../generated/prisma/client.js';
import type { ExportSection } from './export-section.js';

/** Waiting lists the account joined. */
export const waitlistSection: ExportSection = {
  name: 'waitlistEntries',
  read: (sql, userId) =>
    sql.query(Prisma.sql`
      SELECT id, organization_id AS "organizationId", event_id AS "eventId",
             ticket_type_id AS "ticketTypeId", quantity, status, email, name,
             offered_at AS "offeredAt", offered_until AS "offeredUntil", created_at AS "createdAt"
      FROM waitlist_entries
      WHERE user_id = ${userId}
      ORDER BY created_at, id`),
};
