import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/pagination/page-info.model.js';
import { TicketStatus } from '../../generated/prisma/enums.js';

registerEnumType(TicketStatus, { name: 'TicketStatus' });

/** Resolved from a ticket row; event, ticket type and order have their own resolvers. */
@ObjectType('Ticket', { description: 'One admission.' })
export class TicketModel {
  @Field(() => ID)
  id!: string;

  @Field({
    description: 'Unguessable (120 random bits): what a door types in when a QR will not scan.',
  })
  code!: string;

  @Field(() => TicketStatus)
  status!: TicketStatus;

  @Field()
  holderName!: string;

  @Field()
  holderEmail!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  organizationId!: string;
  orderId!: string;
  eventId!: string;
  ticketTypeId!: string;
}

@ObjectType('TicketEdge')
export class TicketEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => TicketModel)
  node!: TicketModel;
}

@ObjectType('TicketConnection')
export class TicketConnectionModel {
  @Field(() => [TicketEdgeModel])
  edges!: TicketEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
