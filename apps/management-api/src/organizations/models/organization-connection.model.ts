import { Field, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/pagination/page-info.model.js';
import { OrganizationModel } from './organization.model.js';

@ObjectType('OrganizationEdge')
export class OrganizationEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => OrganizationModel)
  node!: OrganizationModel;
}

@ObjectType('OrganizationConnection')
export class OrganizationConnectionModel {
  @Field(() => [OrganizationEdgeModel])
  edges!: OrganizationEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
