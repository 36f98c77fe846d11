import { Injectable } from '@nestjs/common';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import { type KeysetPage, toPage } from '../common/pagination/keyset.js';
import type { Prisma, Publication } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import type { PublicationFilter, PublicFeedFilter } from './dto/publication.inputs.js';
import { planPublicationPage, POSITION_THEN_NEWEST } from './publication-order.js';

/** A page of the feed and the first moment it may read differently (a window opens or closes). */
export interface FeedPage {
  page: KeysetPage<Publication>;
  changesAt: Date | null;
}

/** Inside its window at `now`: published before or at it, not yet unpublished. */
const insideWindow = (now: Date): Prisma.PublicationWhereInput => ({
  AND: [
    { OR: [{ publishAt: null }, { publishAt: { lte: now } }] },
    { OR: [{ unpublishAt: null }, { unpublishAt: { gt: now } }] },
  ],
});

@Injectable()
export class PublicationsRepository {
  constructor(
    private readonly db: TenantDatabase,
    private readonly units: UnitOfWork,
  ) {}

  async page(
    scope: TenantScope,
    filter: PublicationFilter,
    args: ConnectionArgs,
  ): Promise<KeysetPage<Publication>> {
    const plan = planPublicationPage(args);
    const rows = await this.db.client.publication.findMany({
      where: {
        AND: [
          {
            organizationId: scope.organizationId,
            ...(filter.kind ? { kind: filter.kind } : {}),
            ...(filter.status ? { status: filter.status } : {}),
          },
          plan.where ?? {},
        ],
      },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, POSITION_THEN_NEWEST, args);
  }

  /**
   * Published items inside their window at `now`, for anyone, and when the
   * answer next changes by the clock alone: the earliest publishAt or
   * unpublishAt still ahead among the published items the filter covers. All
   * read in one transaction, so the page and that moment agree.
   */
  feedPage(filter: PublicFeedFilter, args: ConnectionArgs, now: Date): Promise<FeedPage> {
    const plan = planPublicationPage(args);
    const covered: Prisma.PublicationWhereInput = {
      ...(filter.organizationId ? { organizationId: filter.organizationId } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
    };
    return this.units.run(async () => {
      const rows = await this.db.public.publication.findMany({
        where: { AND: [covered, insideWindow(now), plan.where ?? {}] },
        orderBy: plan.orderBy,
        take: plan.take,
      });
      const opening = await this.db.public.publication.aggregate({
        where: { AND: [covered, { publishAt: { gt: now } }] },
        _min: { publishAt: true },
      });
      const closing = await this.db.public.publication.aggregate({
        where: { AND: [covered, { unpublishAt: { gt: now } }] },
        _min: { unpublishAt: true },
      });
      const edges = [opening._min.publishAt, closing._min.unpublishAt].filter(
        (edge): edge is Date => edge !== null,
      );
      return {
        page: toPage(rows, plan, POSITION_THEN_NEWEST, args),
        changesAt: edges.length ? new Date(Math.min(...edges.map((edge) => edge.getTime()))) : null,
      };
    });
  }

  find(scope: TenantScope, id: string): Promise<Publication | null> {
    return this.db.client.publication.findFirst({
      where: { organizationId: scope.organizationId, id },
    });
  }
}
