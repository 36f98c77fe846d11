import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/pagination/page-info.model.js';
import { CampaignStatus } from '../../generated/prisma/enums.js';

registerEnumType(CampaignStatus, {
  name: 'CampaignStatus',
  description:
    'DRAFT (staff only) → PUBLISHED (public, takes gifts) → CLOSED (public, takes none).',
});

/** Resolved from a campaign row; money and relations have their own resolvers. */
@ObjectType('Campaign')
export class CampaignModel {
  @Field(() => ID)
  id!: string;

  @Field(() => CampaignStatus)
  status!: CampaignStatus;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field({ description: 'ISO 4217: the currency of its goal and of every gift.' })
  currency!: string;

  @Field(() => String, { nullable: true })
  coverImageUrl!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Gifts accepted from.' })
  startsAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Gifts accepted until.' })
  endsAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  closedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;

  organizationId!: string;
  categoryId!: string | null;
  goalAmount!: bigint | null;
  minimumAmount!: bigint;
}

@ObjectType('CampaignEdge')
export class CampaignEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => CampaignModel)
  node!: CampaignModel;
}

@ObjectType('CampaignConnection')
export class CampaignConnectionModel {
  @Field(() => [CampaignEdgeModel])
  edges!: CampaignEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
