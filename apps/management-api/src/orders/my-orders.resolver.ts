import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated } from '../auth/access.decorators.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import type { Order, Ticket } from '../generated/prisma/client.js';
import { TicketConnectionModel } from '../tickets/models/ticket.model.js';
import { CancelOrder } from './cancel-order.use-case.js';
import {
  MyTicketsArgs,
  OrderIdInput,
  OrderTicketsInput,
  ResendTicketsInput,
} from './dto/order.inputs.js';
import { ConnectionArgs } from '../common/pagination/connection.args.js';
import { OrderConnectionModel, OrderModel } from './models/order.model.js';
import { OrderTickets } from './order-tickets.use-case.js';
import { OrdersRepository } from './orders.repository.js';
import { ResendTickets } from './resend-tickets.use-case.js';
import { RetryOrderPayment } from './retry-order-payment.use-case.js';

/** What any signed-in account does as a buyer, in any organization. */
@Resolver(() => OrderModel)
export class MyOrdersResolver {
  constructor(
    private readonly ordering: OrderTickets,
    private readonly cancelling: CancelOrder,
    private readonly orders: OrdersRepository,
    private readonly resending: ResendTickets,
    private readonly retrying: RetryOrderPayment,
  ) {}

  @Mutation(() => OrderModel, {
    description: 'Free orders are PAID at once; paid ones hold their seats until expiresAt.',
  })
  @Authenticated()
  orderTickets(@Args('input') input: OrderTicketsInput): Promise<Order> {
    return this.ordering.execute(input);
  }

  @Mutation(() => OrderModel, { description: 'PENDING orders only; their seats return at once.' })
  @Authenticated()
  cancelOrder(@Args('input') input: OrderIdInput): Promise<Order> {
    return this.cancelling.execute(input.id);
  }

  @Mutation(() => OrderModel, {
    description:
      'A new payment (new reference and checkout) for a PENDING order after a declined or abandoned one.',
  })
  @Authenticated()
  retryOrderPayment(@Args('input') input: OrderIdInput): Promise<Order> {
    return this.retrying.execute(input.id);
  }

  @Mutation(() => OrderModel, {
    description: "Mails a paid order's tickets again (its buyer, or an admin).",
  })
  @Authenticated()
  resendTickets(@Args('input') input: ResendTicketsInput): Promise<Order> {
    return this.resending.execute(input.orderId);
  }

  @Query(() => OrderConnectionModel, { description: "The caller's orders, newest first." })
  @Authenticated()
  myOrders(@Args() args: ConnectionArgs): Promise<KeysetPage<Order>> {
    return this.orders.pageOfBuyer(args);
  }

  @Query(() => TicketConnectionModel, { description: "The caller's tickets, newest first." })
  @Authenticated()
  myTickets(@Args() args: MyTicketsArgs): Promise<KeysetPage<Ticket>> {
    return this.orders.ticketsOfHolder(args, args.filter?.upcoming ?? false);
  }
}
