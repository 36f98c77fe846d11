import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { EventStatus } from '../../generated/prisma/enums.js';
import { PageInfoModel } from '../../common/pagination/page-info.model.js';

registerEnumType(EventStatus, { name: 'EventStatus' });

@ObjectType('Venue')
export class VenueModel {
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' })
  country!: string | null;
}

/** Resolved from an event row; computed fields have their own resolvers. */
@ObjectType('Event')
export class EventModel {
  @Field(() => ID)
  id!: string;

  @Field(() => EventStatus)
  status!: EventStatus;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => GraphQLISODateTime)
  startsAt!: Date;

  @Field(() => GraphQLISODateTime)
  endsAt!: Date;

  @Field({ description: 'IANA time zone the event happens in.' })
  timezone!: string;

  @Field(() => String, { nullable: true })
  coverImageUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled, once it is.' })
  cancelReason!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;

  organizationId!: string;
  categoryId!: string | null;
  venueName!: string | null;
  venueAddress!: string | null;
  venueCity!: string | null;
  venueCountry!: string | null;
}

@ObjectType('EventEdge')
export class EventEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => EventModel)
  node!: EventModel;
}

@ObjectType('EventConnection')
export class EventConnectionModel {
  @Field(() => [EventEdgeModel])
  edges!: EventEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
