import { Injectable } from '@nestjs/common';
import { orderedBy, requestLoader } from '../common/request-loader.js';
import type { SeatPool } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import { ownThenPublic } from '../tenancy/visible-rows.js';

/**
 * Seat pools by id (a ticket type's id or an event's), as the caller may see
 * them, read fresh for each request: availability is never cached.
 */
@Injectable()
export class SeatPoolLoader {
  private readonly key = Symbol('SeatPoolLoader');

  constructor(private readonly db: TenantDatabase) {}

  load(id: string): Promise<SeatPool | null> {
    return requestLoader<string, SeatPool | null>(this.key, async (ids) => {
      const rows = await ownThenPublic(
        ids,
        (pool: SeatPool) => pool.id,
        (keys) => this.db.client.seatPool.findMany({ where: { id: { in: keys } } }),
        (keys) => this.db.public.seatPool.findMany({ where: { id: { in: keys } } }),
      );
      return orderedBy<string, SeatPool | null>(
        ids,
        rows,
        (pool) => pool!.id,
        () => null,
      );
    }).load(id);
  }
}
