import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/pagination/page-info.model.js';

@ObjectType('Category', { description: "An organization's grouping of events and campaigns." })
export class CategoryModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'URL-safe, unique in the organization.' })
  slug!: string;

  @Field(() => Int, { description: 'Lower comes first.' })
  position!: number;
}

@ObjectType('CategoryEdge')
export class CategoryEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => CategoryModel)
  node!: CategoryModel;
}

@ObjectType('CategoryConnection')
export class CategoryConnectionModel {
  @Field(() => [CategoryEdgeModel])
  edges!: CategoryEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
