import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { CategoriesService } from '../categories/categories.service.js';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import { type Campaign, Prisma } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UnitOfWork, type UnitTransaction } from '../tenancy/unit-of-work.js';
import { assertCampaignEditable, assertCampaignTransition } from './campaign-status.js';
import { CampaignsRepository } from './campaigns.repository.js';
import type {
  CampaignFilter,
  CreateCampaignInput,
  PublicCampaignFilter,
  UpdateCampaignInput,
} from './dto/campaign.inputs.js';
import { PublicCampaignsCache } from './public-campaigns.cache.js';

const DEFAULT_CURRENCY = 'COP';

/**
 * The smallest gift a new campaign accepts, in minor units: 1.000 pesos in
 * COP, one unit of any other currency (staff may not set it yet).
 */
export const minimumGift = (currency: string): bigint => (currency === 'COP' ? 100_000n : 100n);

const invalid = (field: string, message: string) =>
  new AppError('BAD_USER_INPUT', message, { errors: { [field]: [message] } });

/** The goal and the currency, which must agree; a goal is positive. */
function goalColumns(
  input: Pick<CreateCampaignInput, 'goal' | 'currency'>,
  current?: Pick<Campaign, 'currency'>,
): { goalAmount?: bigint | null; currency?: string } {
  if (input.goal) {
    if (input.goal.amount <= 0) throw invalid('goal', 'A goal must be more than zero');
    if (input.currency && input.currency !== input.goal.currency) {
      throw invalid('currency', 'The currency must be the goal’s');
    }
    return { goalAmount: BigInt(input.goal.amount), currency: input.goal.currency };
  }
  return {
    ...(input.goal === null ? { goalAmount: null } : {}),
    ...(input.currency
      ? { currency: input.currency }
      : current
        ? {}
        : { currency: DEFAULT_CURRENCY }),
  };
}

function checkDates(startsAt: Date | null | undefined, endsAt: Date | null | undefined): void {
  if (startsAt && endsAt && endsAt <= startsAt) {
    throw invalid('endsAt', 'A campaign must end after it starts');
  }
}

/**
 * Campaigns as staff run them (draft, published, closed) and as anyone reads
 * them once published. Every change to a public campaign drops the public
 * cache before it returns.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly db: TenantDatabase,
    private readonly units: UnitOfWork,
    private readonly categories: CategoriesService,
    private readonly publicCache: PublicCampaignsCache,
  ) {}

  list(
    scope: TenantScope,
    filter: CampaignFilter,
    args: ConnectionArgs,
  ): Promise<KeysetPage<Campaign>> {
    return this.campaigns.page(scope, filter, args);
  }

  listPublic(filter: PublicCampaignFilter, args: ConnectionArgs): Promise<KeysetPage<Campaign>> {
    // "Still taking gifts" moves with the clock, by the minute: so does the cache key.
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    return this.publicCache.page({ filter, args, now }, () =>
      this.campaigns.publicPage(filter, args, now),
    );
  }

  async get(scope: TenantScope, id: string): Promise<Campaign> {
    const campaign = await this.campaigns.find(scope, id);
    if (!campaign) throw new AppError('NOT_FOUND', 'Campaign not found');
    return campaign;
  }

  async getPublic(id: string): Promise<Campaign> {
    const campaign = await this.publicCache.item(id, () => this.campaigns.findPublic(id));
    if (!campaign) throw new AppError('NOT_FOUND', 'Campaign not found');
    return campaign;
  }

  async create(scope: TenantScope, input: CreateCampaignInput): Promise<Campaign> {
    checkDates(input.startsAt, input.endsAt);
    if (input.categoryId) await this.categories.require(scope, input.categoryId);
    const goal = goalColumns(input);
    return this.db.client.campaign.create({
      data: {
        organizationId: scope.organizationId,
        title: input.title.trim(),
        description: input.description ?? null,
        goalAmount: goal.goalAmount ?? null,
        currency: goal.currency ?? DEFAULT_CURRENCY,
        minimumAmount: minimumGift(goal.currency ?? DEFAULT_CURRENCY),
        categoryId: input.categoryId ?? null,
        coverImageUrl: input.coverImageUrl ?? null,
        startsAt: input.startsAt ?? null,
        endsAt: input.endsAt ?? null,
      },
    });
  }

  async update(scope: TenantScope, input: UpdateCampaignInput): Promise<Campaign> {
    if (input.categoryId) await this.categories.require(scope, input.categoryId);
    const updated = await this.units.run(async (unit) => {
      const current = await this.lock(unit, scope, input.id);
      assertCampaignEditable(current.status);
      const goal = goalColumns(input, current);
      // Gifts are taken in one currency; once public, it stays.
      if (goal.currency && goal.currency !== current.currency && current.publicSince) {
        throw invalid('currency', 'A published campaign keeps its currency');
      }
      checkDates(
        input.startsAt !== undefined ? input.startsAt : current.startsAt,
        input.endsAt !== undefined ? input.endsAt : current.endsAt,
      );
      const campaign = await this.db.client.campaign.update({
        where: { id: current.id, organizationId: scope.organizationId },
        data: {
          ...(input.title != null ? { title: input.title.trim() } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...goal,
          ...(goal.currency ? { minimumAmount: minimumGift(goal.currency) } : {}),
          ...(input.categoryId !== undefined ? { categoryId: input.categoryId } : {}),
          ...(input.coverImageUrl !== undefined ? { coverImageUrl: input.coverImageUrl } : {}),
          ...(input.startsAt !== undefined ? { startsAt: input.startsAt } : {}),
          ...(input.endsAt !== undefined ? { endsAt: input.endsAt } : {}),
        },
      });
      await this.publishCategory(scope, campaign);
      return campaign;
    });
    if (updated.publicSince) await this.publicCache.invalidate(updated.id);
    return updated;
  }

  /** DRAFT → PUBLISHED: it (and its category) become public and it takes gifts. */
  async publish(scope: TenantScope, id: string): Promise<Campaign> {
    const published = await this.units.run(async (unit) => {
      const current = await this.lock(unit, scope, id);
      assertCampaignTransition(current.status, 'PUBLISHED');
      const campaign = await this.db.client.campaign.update({
        where: { id, organizationId: scope.organizationId },
        data: { status: 'PUBLISHED', publicSince: current.publicSince ?? new Date() },
      });
      await this.publishCategory(scope, campaign);
      return campaign;
    });
    await this.publicCache.invalidate(id);
    return published;
  }

  /** PUBLISHED → CLOSED: still public, takes no more gifts. */
  async close(scope: TenantScope, id: string): Promise<Campaign> {
    const closed = await this.units.run(async (unit) => {
      const current = await this.lock(unit, scope, id);
      assertCampaignTransition(current.status, 'CLOSED');
      return this.db.client.campaign.update({
        where: { id, organizationId: scope.organizationId },
        data: { status: 'CLOSED', closedAt: new Date() },
      });
    });
    await this.publicCache.invalidate(id);
    return closed;
  }

  /** A public campaign's category is public too, whichever it is now. */
  private async publishCategory(scope: TenantScope, campaign: Campaign): Promise<void> {
    if (!campaign.categoryId || !campaign.publicSince) return;
    await this.db.client.category.updateMany({
      where: { organizationId: scope.organizationId, id: campaign.categoryId, publicSince: null },
      data: { publicSince: campaign.publicSince },
    });
  }

  /** The campaign's row, locked until the unit ends (changes to one campaign queue). */
  private async lock(unit: UnitTransaction, scope: TenantScope, id: string): Promise<Campaign> {
    const [row] = await unit.query<{ id: string }>(
      Prisma.sql`SELECT id FROM campaigns WHERE id = ${id}::uuid AND organization_id = ${scope.organizationId}::uuid FOR UPDATE`,
    );
    if (!row) throw new AppError('NOT_FOUND', 'Campaign not found');
    return this.get(scope, id);
  }
}
