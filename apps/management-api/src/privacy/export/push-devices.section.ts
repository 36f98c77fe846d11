import { Prisma } from '../../generated/prisma/client.js';
import type { ExportSection } from './export-section.js';

/** Phones registered for push: the platform and when; the push token is a credential, not exported. */
export const pushDevicesSection: ExportSection = {
  name: 'pushDevices',
  read: (sql, userId) =>
    sql.query(Prisma.sql`
      SELECT id, platform, created_at AS "createdAt", last_seen_at AS "lastSeenAt"
      FROM push_devices
      WHERE user_id = ${userId}
      ORDER BY created_at, id`),
};
