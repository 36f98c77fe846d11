import { GraphQLISODateTime, ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { money, MoneyModel } from '../common/money.js';
import { EventLoaders } from '../events/event.loaders.js';
import { EventModel } from '../events/models/event.model.js';
import { TicketTypeModel } from '../events/models/ticket-type.model.js';
import type {
  Event,
  Order,
  OrderItem,
  Payment,
  Refund,
  Ticket,
  TicketType,
} from '../generated/prisma/client.js';
import { PaymentModel } from '../payments/models/payment.model.js';
import { TicketModel } from '../tickets/models/ticket.model.js';
import { TicketSigner } from '../tickets/ticket-signer.js';
import { OrderItemModel, OrderModel, RefundModel } from './models/order.model.js';
import { OrderLoaders } from './order.loaders.js';

@Resolver(() => OrderModel)
export class OrderFieldsResolver {
  constructor(
    private readonly loaders: OrderLoaders,
    private readonly events: EventLoaders,
  ) {}

  @ResolveField(() => EventModel)
  event(@Parent() order: Order): Promise<Event> {
    return this.events.event(order.eventId);
  }

  @ResolveField(() => ID, {
    nullable: true,
    description: "The buyer's account (null for a gift to someone without one).",
  })
  buyerId(@Parent() order: Order): string | null {
    return order.userId;
  }

  @ResolveField(() => [OrderItemModel])
  async items(@Parent() order: Order): Promise<(OrderItem & { currency: string })[]> {
    return (await this.loaders.items(order.id)).map((item) => ({
      ...item,
      currency: order.currency,
    }));
  }

  @ResolveField(() => MoneyModel)
  subtotal(@Parent() order: Order): MoneyModel {
    return money(order.subtotal, order.currency);
  }

  @ResolveField(() => MoneyModel)
  discount(@Parent() order: Order): MoneyModel {
    return money(order.discount, order.currency);
  }

  @ResolveField(() => MoneyModel)
  total(@Parent() order: Order): MoneyModel {
    return money(order.total, order.currency);
  }

  @ResolveField(() => MoneyModel, { description: 'Returned so far, across its refunds.' })
  async refunded(@Parent() order: Order): Promise<MoneyModel> {
    const refunds = await this.loaders.refunds(order.id);
    return money(
      refunds.reduce((sum, refund) => sum + refund.amount, 0n),
      order.currency,
    );
  }

  @ResolveField(() => PaymentModel, { nullable: true, description: 'Null for a free order.' })
  payment(@Parent() order: Order): Promise<Payment | null> {
    return this.loaders.payment(order.id);
  }

  @ResolveField(() => [TicketModel])
  tickets(@Parent() order: Order): Promise<Ticket[]> {
    return this.loaders.tickets(order.id);
  }

  @ResolveField(() => [RefundModel])
  refunds(@Parent() order: Order): Promise<Refund[]> {
    return this.loaders.refunds(order.id);
  }
}

@Resolver(() => OrderItemModel)
export class OrderItemFieldsResolver {
  constructor(private readonly events: EventLoaders) {}

  @ResolveField(() => TicketTypeModel)
  ticketType(@Parent() item: OrderItem): Promise<TicketType> {
    return this.events.ticketType(item.ticketTypeId);
  }

  @ResolveField(() => MoneyModel)
  unitPrice(@Parent() item: OrderItem & { currency: string }): MoneyModel {
    return money(item.unitPrice, item.currency);
  }
}

@Resolver(() => RefundModel)
export class RefundFieldsResolver {
  @ResolveField(() => MoneyModel)
  amount(@Parent() refund: Refund): MoneyModel {
    return money(refund.amount, refund.currency);
  }
}

@Resolver(() => TicketModel)
export class TicketFieldsResolver {
  constructor(
    private readonly loaders: OrderLoaders,
    private readonly events: EventLoaders,
    private readonly signer: TicketSigner,
  ) {}

  @ResolveField(() => String, {
    description:
      'Signed (Ed25519) for scanners to verify offline; no personal data (README, "Ticket QR codes").',
  })
  qrPayload(@Parent() ticket: Ticket): string {
    return this.signer.sign(ticket.eventId, ticket.code);
  }

  @ResolveField(() => GraphQLISODateTime, { nullable: true })
  checkedInAt(@Parent() ticket: Ticket): Date | null {
    return ticket.checkedInAt;
  }

  @ResolveField(() => EventModel)
  event(@Parent() ticket: Ticket): Promise<Event> {
    return this.events.event(ticket.eventId);
  }

  @ResolveField(() => TicketTypeModel)
  ticketType(@Parent() ticket: Ticket): Promise<TicketType> {
    return this.events.ticketType(ticket.ticketTypeId);
  }

  @ResolveField(() => OrderModel)
  order(@Parent() ticket: Ticket): Promise<Order> {
    return this.loaders.order(ticket.orderId);
  }
}
