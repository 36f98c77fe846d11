import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public, Roles } from '../auth/access.decorators.js';
import { CategoryLoader } from '../categories/category.loader.js';
import { CategoryModel } from '../categories/models/category.model.js';
import { money, MoneyModel } from '../common/money.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import type { Campaign, Category, Organization } from '../generated/prisma/client.js';
import { OrganizationModel } from '../organizations/models/organization.model.js';
import { OrganizationLoader } from '../organizations/organization.loader.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { CampaignsService } from './campaigns.service.js';
import {
  CampaignIdArgs,
  CampaignIdInput,
  CampaignsArgs,
  CreateCampaignInput,
  PublicCampaignsArgs,
  UpdateCampaignInput,
} from './dto/campaign.inputs.js';
import { CampaignConnectionModel, CampaignModel } from './models/campaign.model.js';

@Resolver(() => CampaignModel)
export class CampaignsResolver {
  constructor(
    private readonly service: CampaignsService,
    private readonly categories: CategoryLoader,
    private readonly organizations: OrganizationLoader,
  ) {}

  @Query(() => CampaignConnectionModel, {
    description: "The active organization's campaigns, newest first.",
  })
  @Roles('admin', 'moderator', 'user')
  campaigns(
    @CurrentTenant() scope: TenantScope,
    @Args() args: CampaignsArgs,
  ): Promise<KeysetPage<Campaign>> {
    return this.service.list(scope, args.filter ?? {}, args);
  }

  @Query(() => CampaignModel)
  @Roles('admin', 'moderator', 'user')
  campaign(@CurrentTenant() scope: TenantScope, @Args() { id }: CampaignIdArgs): Promise<Campaign> {
    return this.service.get(scope, id);
  }

  @Query(() => CampaignConnectionModel, {
    description: 'Published campaigns still taking gifts, newest first.',
  })
  @Public()
  publicCampaigns(@Args() args: PublicCampaignsArgs): Promise<KeysetPage<Campaign>> {
    return this.service.listPublic(args.filter ?? {}, args);
  }

  @Query(() => CampaignModel, {
    description: 'A campaign that was ever published (so donors see that it closed).',
  })
  @Public()
  publicCampaign(@Args() { id }: CampaignIdArgs): Promise<Campaign> {
    return this.service.getPublic(id);
  }

  @Mutation(() => CampaignModel, { description: 'A new campaign, as a draft.' })
  @Roles('admin', 'moderator')
  createCampaign(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: CreateCampaignInput,
  ): Promise<Campaign> {
    return this.service.create(scope, input);
  }

  @Mutation(() => CampaignModel, {
    description: 'Drafts and published campaigns (ILLEGAL_STATE_TRANSITION once closed).',
  })
  @Roles('admin', 'moderator')
  updateCampaign(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: UpdateCampaignInput,
  ): Promise<Campaign> {
    return this.service.update(scope, input);
  }

  @Mutation(() => CampaignModel, { description: 'DRAFT → PUBLISHED: public, takes gifts.' })
  @Roles('admin', 'moderator')
  publishCampaign(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: CampaignIdInput,
  ): Promise<Campaign> {
    return this.service.publish(scope, input.id);
  }

  @Mutation(() => CampaignModel, { description: 'PUBLISHED → CLOSED: still public, takes none.' })
  @Roles('admin', 'moderator')
  closeCampaign(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: CampaignIdInput,
  ): Promise<Campaign> {
    return this.service.close(scope, input.id);
  }

  @ResolveField(() => OrganizationModel)
  organization(@Parent() campaign: Campaign): Promise<Organization> {
    return this.organizations.load(campaign.organizationId);
  }

  @ResolveField(() => CategoryModel, { nullable: true })
  category(@Parent() campaign: Campaign): Promise<Category | null> {
    return campaign.categoryId ? this.categories.load(campaign.categoryId) : Promise.resolve(null);
  }

  @ResolveField(() => MoneyModel, { nullable: true, description: 'Null: open-ended.' })
  goal(@Parent() campaign: Campaign): MoneyModel | null {
    return campaign.goalAmount === null ? null : money(campaign.goalAmount, campaign.currency);
  }

  @ResolveField(() => MoneyModel, { description: 'The smallest gift it accepts.' })
  minimumAmount(@Parent() campaign: Campaign): MoneyModel {
    return money(campaign.minimumAmount, campaign.currency);
  }
}
