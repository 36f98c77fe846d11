import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/pagination/page-info.model.js';
import { WaitlistStatus } from '../../generated/prisma/enums.js';

registerEnumType(WaitlistStatus, { name: 'WaitlistStatus' });

@ObjectType('WaitlistEntry')
export class WaitlistEntryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => WaitlistStatus)
  status!: WaitlistStatus;

  @Field(() => Int)
  quantity!: number;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'Until when an offer holds its seats (redeem with orderTickets { waitlistEntryId }).',
  })
  offeredUntil!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  organizationId!: string;
  userId!: string;
  eventId!: string;
  ticketTypeId!: string;
}

@ObjectType('WaitlistEntryEdge')
export class WaitlistEntryEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => WaitlistEntryModel)
  node!: WaitlistEntryModel;
}

@ObjectType('WaitlistEntryConnection')
export class WaitlistEntryConnectionModel {
  @Field(() => [WaitlistEntryEdgeModel])
  edges!: WaitlistEntryEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
