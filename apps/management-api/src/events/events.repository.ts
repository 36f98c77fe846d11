import { Injectable } from '@nestjs/common';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import { cursorDate } from '../common/pagination/cursor.js';
import {
  type KeysetOrdering,
  newestFirst,
  type KeysetPage,
  planKeyset,
  toPage,
} from '../common/pagination/keyset.js';
import type { Event, Prisma } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import type { EventFilter, PublicEventFilter } from './dto/event.inputs.js';

const NEWEST_FIRST = newestFirst<Event>();

const SOONEST_FIRST: KeysetOrdering<Event> = {
  name: 'STARTS_AT',
  field: 'startsAt',
  direction: 'asc',
  valueOf: (row) => row.startsAt.toISOString(),
  parse: cursorDate,
};

const titleContains = (search: string | null | undefined): Prisma.EventWhereInput =>
  search ? { title: { contains: search.trim(), mode: 'insensitive' } } : {};

@Injectable()
export class EventsRepository {
  constructor(private readonly db: TenantDatabase) {}

  async page(
    scope: TenantScope,
    filter: EventFilter,
    args: ConnectionArgs,
  ): Promise<KeysetPage<Event>> {
    const plan = planKeyset(args, NEWEST_FIRST);
    const rows = await this.db.client.event.findMany({
      where: {
        AND: [
          {
            organizationId: scope.organizationId,
            ...(filter.status ? { status: filter.status } : {}),
            ...(filter.from || filter.to
              ? {
                  startsAt: {
                    ...(filter.from ? { gte: filter.from } : {}),
                    ...(filter.to ? { lt: filter.to } : {}),
                  },
                }
              : {}),
            ...titleContains(filter.search),
          },
          plan.where ?? {},
        ],
      },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, NEWEST_FIRST, args);
  }

  /** Published events for anyone, soonest first (not yet over, unless a start bound is given). */
  async publicPage(
    filter: PublicEventFilter,
    args: ConnectionArgs,
    now: Date,
  ): Promise<KeysetPage<Event>> {
    const plan = planKeyset(args, SOONEST_FIRST);
    const rows = await this.db.public.event.findMany({
      where: {
        AND: [
          {
            status: 'PUBLISHED',
            ...(filter.from ? {} : { endsAt: { gte: now } }),
            ...(filter.from || filter.to
              ? {
                  startsAt: {
                    ...(filter.from ? { gte: filter.from } : {}),
                    ...(filter.to ? { lt: filter.to } : {}),
                  },
                }
              : {}),
            ...(filter.categoryId ? { categoryId: filter.categoryId } : {}),
            ...(filter.organizationId ? { organizationId: filter.organizationId } : {}),
            ...(filter.city
              ? { venueCity: { equals: filter.city.trim(), mode: 'insensitive' } }
              : {}),
            ...titleContains(filter.search),
          },
          plan.where ?? {},
        ],
      },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, SOONEST_FIRST, args);
  }

  find(scope: TenantScope, id: string): Promise<Event | null> {
    return this.db.client.event.findFirst({ where: { organizationId: scope.organizationId, id } });
  }

  /** An event that was ever published, for anyone. */
  findPublic(id: string): Promise<Event | null> {
    return this.db.public.event.findFirst({ where: { id } });
  }

  findManyOwn(scope: TenantScope, ids: readonly string[]): Promise<Event[]> {
    return this.db.client.event.findMany({
      where: { organizationId: scope.organizationId, id: { in: [...ids] } },
    });
  }

  findManyPublic(ids: readonly string[]): Promise<Event[]> {
    return this.db.public.event.findMany({ where: { id: { in: [...ids] } } });
  }
}
