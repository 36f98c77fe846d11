import { Prisma } from '../../generated/prisma/client.js';
import type { ErasureStep } from './erasure-step.js';

/** The inbox is the account's alone; nobody else reads it, so it goes. */
export const notificationsErasure: ErasureStep = {
  name: 'notifications',
  erase: (sql, userId) =>
    sql.execute(Prisma.sql`DELETE FROM notifications WHERE user_id = ${userId}`),
};

export const notificationPreferencesErasure: ErasureStep = {
  name: 'notificationPreferences',
  erase: (sql, userId) =>
    sql.execute(Prisma.sql`DELETE FROM notification_preferences WHERE user_id = ${userId}`),
};
