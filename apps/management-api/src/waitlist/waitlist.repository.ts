import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import { type KeysetPage, newestFirst, planKeyset, toPage } from '../common/pagination/keyset.js';
import { requestLoader } from '../common/request-loader.js';
import { Prisma, type WaitlistEntry } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';

@Injectable()
export class WaitlistRepository {
  private readonly positions = Symbol('WaitlistPositions');

  constructor(
    private readonly db: TenantDatabase,
    private readonly units: UnitOfWork,
  ) {}

  async ownEntry(id: string): Promise<WaitlistEntry> {
    const { userId } = requestContext.principal();
    const entry = await this.db.client.waitlistEntry.findFirst({ where: { id, userId } });
    if (!entry) throw new AppError('NOT_FOUND', 'Waiting-list entry not found');
    return entry;
  }

  async pageOfCaller(args: ConnectionArgs): Promise<KeysetPage<WaitlistEntry>> {
    const { userId } = requestContext.principal();
    const ordering = newestFirst<WaitlistEntry>();
    const plan = planKeyset(args, ordering);
    const rows = await this.db.client.waitlistEntry.findMany({
      where: { AND: [{ userId }, plan.where ?? {}] },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, ordering, args);
  }

  /** Places in line, batched per request (the database counts those ahead; it never lists them). */
  position(entryId: string): Promise<number | null> {
    return requestLoader<string, number | null>(this.positions, async (ids) => {
      const rows = await this.units.run((unit) =>
        unit.query<{ id: string; position: number | null }>(
          Prisma.sql`SELECT id, waitlist_position(id) AS position FROM unnest(${ids}::uuid[]) AS id`,
        ),
      );
      const byId = new Map(rows.map((row) => [row.id, row.position]));
      return ids.map((id) => byId.get(id) ?? null);
    }).load(entryId);
  }
}
