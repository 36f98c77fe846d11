import { Field, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/pagination/page-info.model.js';
import { InvitationModel } from './invitation.model.js';

@ObjectType('InvitationEdge')
export class InvitationEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => InvitationModel)
  node!: InvitationModel;
}

@ObjectType('InvitationConnection')
export class InvitationConnectionModel {
  @Field(() => [InvitationEdgeModel])
  edges!: InvitationEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
