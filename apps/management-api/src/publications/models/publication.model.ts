import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/pagination/page-info.model.js';
import { PublicationKind, PublicationStatus } from '../../generated/prisma/enums.js';

registerEnumType(PublicationKind, { name: 'PublicationKind' });
registerEnumType(PublicationStatus, {
  name: 'PublicationStatus',
  description: 'DRAFT (staff only) ⇄ PUBLISHED (in the public feed inside its window).',
});

/** Resolved from a publication row; the organization has its own resolver. */
@ObjectType('Publication')
export class PublicationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => PublicationKind)
  kind!: PublicationKind;

  @Field(() => PublicationStatus)
  status!: PublicationStatus;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  body!: string | null;

  @Field(() => String, { nullable: true })
  imageUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'Alternative text of the image.' })
  imageAlt!: string | null;

  @Field(() => String, { nullable: true })
  videoUrl!: string | null;

  @Field(() => String, { nullable: true })
  linkUrl!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  publishAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  unpublishAt!: Date | null;

  @Field(() => Int, { description: 'Lower first; ties newest first.' })
  position!: number;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When it was last published.',
  })
  publishedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;

  organizationId!: string;
}

@ObjectType('PublicationEdge')
export class PublicationEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => PublicationModel)
  node!: PublicationModel;
}

@ObjectType('PublicationConnection')
export class PublicationConnectionModel {
  @Field(() => [PublicationEdgeModel])
  edges!: PublicationEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
