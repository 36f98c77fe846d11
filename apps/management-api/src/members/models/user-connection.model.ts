import { Field, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/pagination/page-info.model.js';
import { UserModel } from './user.model.js';

@ObjectType('UserEdge')
export class UserEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => UserModel)
  node!: UserModel;
}

@ObjectType('UserConnection')
export class UserConnectionModel {
  @Field(() => [UserEdgeModel])
  edges!: UserEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;

  /** Counted only when the client selects totalCount. */
  countTotal!: () => Promise<number>;
}
