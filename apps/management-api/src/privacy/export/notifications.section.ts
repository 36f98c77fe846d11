import { Prisma } from '../../generated/prisma/client.js';
import type { ExportSection } from './export-section.js';

/** The account's notification inbox. */
export const notificationsSection: ExportSection = {
  name: 'notifications',
  read: (sql, userId) =>
    sql.query(Prisma.sql`
      SELECT id, organization_id AS "organizationId", kind, title, body, data,
             read_at AS "readAt", seen_at AS "seenAt", archived_at AS "archivedAt",
             created_at AS "createdAt"
      FROM notifications
      WHERE user_id = ${userId}
      ORDER BY created_at, id`),
};

/** The account's choices per notification kind and channel. */
export const notificationPreferencesSection: ExportSection = {
  name: 'notificationPreferences',
  read: (sql, userId) =>
    sql.query(Prisma.sql`
      SELECT kind, channel, enabled, updated_at AS "updatedAt"
      FROM notification_preferences
      WHERE user_id = ${userId}
      ORDER BY kind, channel`),
};
