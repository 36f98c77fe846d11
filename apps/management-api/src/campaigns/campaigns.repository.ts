import { Injectable } from '@nestjs/common';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import { newestFirst, type KeysetPage, planKeyset, toPage } from '../common/pagination/keyset.js';
import type { Campaign, Prisma } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import type { CampaignFilter, PublicCampaignFilter } from './dto/campaign.inputs.js';

const NEWEST_FIRST = newestFirst<Campaign>();

const titleContains = (search: string | null | undefined): Prisma.CampaignWhereInput =>
  search ? { title: { contains: search.trim(), mode: 'insensitive' } } : {};

@Injectable()
export class CampaignsRepository {
  constructor(private readonly db: TenantDatabase) {}

  async page(
    scope: TenantScope,
    filter: CampaignFilter,
    args: ConnectionArgs,
  ): Promise<KeysetPage<Campaign>> {
    const plan = planKeyset(args, NEWEST_FIRST);
    const rows = await this.db.client.campaign.findMany({
      where: {
        AND: [
          {
            organizationId: scope.organizationId,
            ...(filter.status ? { status: filter.status } : {}),
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

  /** Published campaigns still taking gifts, for anyone, newest first. */
  async publicPage(
    filter: PublicCampaignFilter,
    args: ConnectionArgs,
    now: Date,
  ): Promise<KeysetPage<Campaign>> {
    const plan = planKeyset(args, NEWEST_FIRST);
    const rows = await this.db.public.campaign.findMany({
      where: {
        AND: [
          {
            status: 'PUBLISHED',
            OR: [{ endsAt: null }, { endsAt: { gt: now } }],
            ...(filter.organizationId ? { organizationId: filter.organizationId } : {}),
            ...(filter.categoryId ? { categoryId: filter.categoryId } : {}),
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

  find(scope: TenantScope, id: string): Promise<Campaign | null> {
    return this.db.client.campaign.findFirst({
      where: { organizationId: scope.organizationId, id },
    });
  }

  /** A campaign that was ever published, for anyone. */
  findPublic(id: string): Promise<Campaign | null> {
    return this.db.public.campaign.findFirst({ where: { id } });
  }
}
