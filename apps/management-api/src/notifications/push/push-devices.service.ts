import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { Prisma } from '../../generated/prisma/client.js';
import type { PushPlatform } from '../../generated/prisma/enums.js';
import { UnitOfWork } from '../../tenancy/unit-of-work.js';
import { PushDeviceRegistration, type PushDeviceRow } from './push-devices.system-path.js';

/** The signed-in account's devices: registered through the push path, removed under its own scope. */
@Injectable()
export class PushDevices {
  constructor(
    private readonly registration: PushDeviceRegistration,
    private readonly units: UnitOfWork,
  ) {}

  register(token: string, platform: PushPlatform): Promise<PushDeviceRow> {
    return this.registration.register(requestContext.principal().userId, token, platform);
  }

  /** Removes one of the caller's own devices; another account's token is NOT_FOUND. */
  async unregister(token: string): Promise<PushDeviceRow> {
    const { userId } = requestContext.principal();
    const [device] = await this.units.run((unit) =>
      unit.query<PushDeviceRow>(Prisma.sql`
        DELETE FROM push_devices WHERE token = ${token} AND user_id = ${userId}
        RETURNING id, user_id AS "userId", token, platform,
                  created_at AS "createdAt", last_seen_at AS "lastSeenAt"`),
    );
    if (!device) throw new AppError('NOT_FOUND', 'No such device');
    return device;
  }
}
