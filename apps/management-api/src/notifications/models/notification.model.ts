import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { PageInfoModel } from '../../common/pagination/page-info.model.js';
import { NotificationChannel, NotificationKind } from '../../generated/prisma/enums.js';

registerEnumType(NotificationKind, { name: 'NotificationKind' });
registerEnumType(NotificationChannel, { name: 'NotificationChannel' });

/** One notification in the recipient's inbox; `organization` has its own resolver. */
@ObjectType('Notification')
export class NotificationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field()
  title!: string;

  @Field()
  body!: string;

  @Field(() => GraphQLJSONObject, {
    description: 'Ids the app opens it with (orderId, eventId, donationId, …).',
  })
  data!: object;

  @Field(() => GraphQLISODateTime, { nullable: true })
  readAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the inbox first showed it.',
  })
  seenAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  archivedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  organizationId!: string;
}

@ObjectType('NotificationEdge')
export class NotificationEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => NotificationModel)
  node!: NotificationModel;
}

@ObjectType('NotificationConnection')
export class NotificationConnectionModel {
  @Field(() => [NotificationEdgeModel])
  edges!: NotificationEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}

@ObjectType('NotificationPreference', {
  description: 'Whether one kind reaches the account on one channel (all on unless turned off).',
})
export class NotificationPreferenceModel {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => NotificationChannel)
  channel!: NotificationChannel;

  @Field()
  enabled!: boolean;
}
