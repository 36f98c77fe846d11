import { Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CampaignModel } from '../../campaigns/models/campaign.model.js';
import { money, MoneyModel } from '../../common/money.js';
import type { Campaign } from '../../generated/prisma/client.js';
import { CampaignTotalsReader } from './campaign-totals.system-path.js';

/** A campaign's totals, derived from the ledger (DOMAIN.md: they always equal what it says). */
@Resolver(() => CampaignModel)
export class CampaignTotalsResolver {
  constructor(private readonly totals: CampaignTotalsReader) {}

  @ResolveField(() => MoneyModel, { description: 'Gifts received, net of refunds.' })
  async raised(@Parent() campaign: Campaign): Promise<MoneyModel> {
    return money((await this.totals.load(campaign.id)).raised, campaign.currency);
  }

  @ResolveField(() => Int, {
    description: 'People whose gifts still count (refunded ones do not).',
  })
  async donorCount(@Parent() campaign: Campaign): Promise<number> {
    return (await this.totals.load(campaign.id)).donorCount;
  }
}
