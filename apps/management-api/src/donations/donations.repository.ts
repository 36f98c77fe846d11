import { Injectable } from '@nestjs/common';
import { requestContext } from '@trivance/shared';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import { newestFirst, type KeysetPage, planKeyset, toPage } from '../common/pagination/keyset.js';
import { requestLoader } from '../common/request-loader.js';
import type { Campaign, Donation, Payment, RecurringDonation } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import type { DonationFilter } from './dto/donation.inputs.js';

@Injectable()
export class DonationsRepository {
  private readonly campaignsKey = Symbol('DonationCampaigns');

  constructor(private readonly db: TenantDatabase) {}

  /** The organization's gifts (admins), newest first. */
  async page(
    scope: TenantScope,
    filter: DonationFilter,
    args: ConnectionArgs,
  ): Promise<KeysetPage<Donation>> {
    const ordering = newestFirst<Donation>();
    const plan = planKeyset(args, ordering);
    const search = filter.search?.trim();
    const rows = await this.db.client.donation.findMany({
      where: {
        AND: [
          {
            organizationId: scope.organizationId,
            ...(filter.campaignId ? { campaignId: filter.campaignId } : {}),
            ...(filter.status ? { status: filter.status } : {}),
            ...(search
              ? {
                  OR: [
                    { donorName: { contains: search, mode: 'insensitive' as const } },
                    { donorEmail: { contains: search, mode: 'insensitive' as const } },
                  ],
                }
              : {}),
          },
          plan.where ?? {},
        ],
      },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, ordering, args);
  }

  /** The caller's own gifts, in every organization, newest first. */
  async pageOfDonor(args: ConnectionArgs): Promise<KeysetPage<Donation>> {
    const { userId } = requestContext.principal();
    const ordering = newestFirst<Donation>();
    const plan = planKeyset(args, ordering);
    const rows = await this.db.client.donation.findMany({
      where: { AND: [{ userId }, plan.where ?? {}] },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, ordering, args);
  }

  /** The caller's monthly gifts, newest first. */
  async recurringOfDonor(args: ConnectionArgs): Promise<KeysetPage<RecurringDonation>> {
    const { userId } = requestContext.principal();
    const ordering = newestFirst<RecurringDonation>();
    const plan = planKeyset(args, ordering);
    const rows = await this.db.client.recurringDonation.findMany({
      where: { AND: [{ userId }, plan.where ?? {}] },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, ordering, args);
  }

  findForStaff(scope: TenantScope, id: string): Promise<Donation | null> {
    return this.db.client.donation.findFirst({
      where: { organizationId: scope.organizationId, id },
    });
  }

  findForDonor(id: string): Promise<Donation | null> {
    return this.db.client.donation.findFirst({
      where: { id, userId: requestContext.principal().userId },
    });
  }

  latestPayment(donationId: string): Promise<Payment | null> {
    return this.db.client.payment.findFirst({
      where: { donationId },
      orderBy: { createdAt: 'desc' },
    });
  }

  recurring(id: string): Promise<RecurringDonation | null> {
    return this.db.client.recurringDonation.findFirst({ where: { id } });
  }

  /** Gifts go to published campaigns only, which stay public: read as anyone reads them. */
  campaign(id: string): Promise<Campaign | null> {
    return requestLoader<string, Campaign | null>(this.campaignsKey, async (ids) => {
      const rows = await this.db.public.campaign.findMany({ where: { id: { in: [...ids] } } });
      return ids.map((key) => rows.find((row) => row.id === key) ?? null);
    }).load(id);
  }
}
