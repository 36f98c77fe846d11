import { Prisma } from '../../generated/prisma/client.js';
import type { ErasureStep } from './erasure-step.js';

/** A deleted account's phones get nothing more: its devices and queued pushes go. */
export const pushDevicesErasure: ErasureStep = {
  name: 'pushDevices',
  async erase(sql, userId) {
    const tickets = await sql.execute(
      Prisma.sql`DELETE FROM push_tickets WHERE user_id = ${userId}`,
    );
    const devices = await sql.execute(
      Prisma.sql`DELETE FROM push_devices WHERE user_id = ${userId}`,
    );
    return tickets + devices;
  },
};
