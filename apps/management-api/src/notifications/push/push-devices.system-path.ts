import { Injectable } from '@nestjs/common';
import { SystemDatabase } from '../../database/system-database.js';
import type { PushPlatform } from '../../generated/prisma/enums.js';

export interface PushDeviceRow {
  id: string;
  userId: string;
  token: string;
  platform: PushPlatform;
  createdAt: Date;
  lastSeenAt: Date;
}

/**
 * The push.devices path: a device's token registered to the signed-in
 * account. A token names one installation, so when it arrives from another
 * account (a phone handed on, a shared tablet) it moves to this one, and what
 * was still waiting to be sent to it for the previous account is dropped: it
 * must not reach the new holder. The request cannot do this itself: the
 * previous account's row is invisible to it under row-level security.
 */
@Injectable()
export class PushDeviceRegistration {
  constructor(private readonly system: SystemDatabase) {}

  register(userId: string, token: string, platform: PushPlatform): Promise<PushDeviceRow> {
    return this.system.run(
      'push.devices',
      { actor: userId, reason: 'register a push device', detail: { platform } },
      async (tx, audit) => {
        const [previous] = await tx.$queryRaw<{ user_id: string }[]>`
          SELECT user_id FROM push_devices WHERE token = ${token} FOR UPDATE`;
        const [device] = await tx.$queryRaw<PushDeviceRow[]>`
          INSERT INTO push_devices (id, user_id, token, platform)
          VALUES (gen_random_uuid(), ${userId}, ${token}, ${platform}::push_platform)
          ON CONFLICT (token) DO UPDATE SET
            user_id = EXCLUDED.user_id,
            platform = EXCLUDED.platform,
            created_at = CASE WHEN push_devices.user_id = EXCLUDED.user_id
                              THEN push_devices.created_at ELSE now() END,
            last_seen_at = now()
          RETURNING id, user_id AS "userId", token, platform,
                    created_at AS "createdAt", last_seen_at AS "lastSeenAt"`;
        let dropped = 0;
        if (previous && previous.user_id !== userId) {
          dropped = await tx.$executeRaw`
            DELETE FROM push_tickets
            WHERE device_token = ${token} AND user_id <> ${userId} AND outcome = 'PENDING'`;
        }
        audit.touched(1 + dropped);
        return device!;
      },
    );
  }
}
