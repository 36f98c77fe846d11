import { Prisma } from '../../generated/prisma/client.js';
import type { ExportSection } from './export-section.js';

/**
 * Tickets the account holds, wherever they came from (bought, given,
 * transferred); without the admission code, which the app shows as a QR.
 */
export const ticketsSection: ExportSection = {
  name: 'tickets',
  read: (sql, userId) =>
    sql.query(Prisma.sql`
      SELECT id, organization_id AS "organizationId", order_id AS "orderId", event_id AS "eventId",
             ticket_type_id AS "ticketTypeId", status, holder_name AS "holderName",
             holder_email AS "holderEmail", checked_in_at AS "checkedInAt", created_at AS "createdAt"
      FROM tickets
      WHERE user_id = ${userId}
      ORDER BY created_at, id`),
};
