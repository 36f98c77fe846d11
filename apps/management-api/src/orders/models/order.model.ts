import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/pagination/page-info.model.js';
import { OrderStatus } from '../../generated/prisma/enums.js';

registerEnumType(OrderStatus, { name: 'OrderStatus' });

/** Resolved from an order row; money, items, tickets, payment and refunds have resolvers. */
@ObjectType('Order')
export class OrderModel {
  @Field(() => ID)
  id!: string;

  @Field(() => OrderStatus)
  status!: OrderStatus;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Until when a PENDING order holds its seats.',
  })
  expiresAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  organizationId!: string;
  eventId!: string;
  userId!: string | null;
  buyerEmail!: string;
  buyerName!: string;
  currency!: string;
  subtotal!: bigint;
  discount!: bigint;
  total!: bigint;
}

@ObjectType('OrderItem')
export class OrderItemModel {
  @Field(() => Int)
  quantity!: number;

  organizationId!: string;
  ticketTypeId!: string;
  unitPrice!: bigint;
  currency!: string;
}

@ObjectType('Refund')
export class RefundModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Staff who refunded; null when the platform did.',
  })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  externalReference!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  amount!: bigint;
  currency!: string;
}

@ObjectType('OrderEdge')
export class OrderEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => OrderModel)
  node!: OrderModel;
}

@ObjectType('OrderConnection')
export class OrderConnectionModel {
  @Field(() => [OrderEdgeModel])
  edges!: OrderEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
