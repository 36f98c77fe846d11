import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireStepUp } from '../auth/step-up.decorator.js';
import { Roles } from '../auth/access.decorators.js';
import { CancelEventInput } from '../events/dto/event.inputs.js';
import { EventModel } from '../events/models/event.model.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import { AppError } from '@trivance/shared';
import type { Event, Order } from '../generated/prisma/client.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { CancelEvent } from './cancel-event.use-case.js';
import {
  IssueComplimentaryTicketsInput,
  MarkOrderPaidInput,
  OrderIdArgs,
  OrdersArgs,
  RefundOrderInput,
} from './dto/order.inputs.js';
import { IssueComplimentaryTickets } from './issue-complimentary-tickets.use-case.js';
import { MarkOrderPaid } from './mark-order-paid.use-case.js';
import { OrderConnectionModel, OrderModel } from './models/order.model.js';
import { OrdersRepository } from './orders.repository.js';
import { RefundOrder } from './refund-order.use-case.js';

/** What an organization's admins do with orders (DOMAIN.md: buyers' data is theirs to read). */
@Resolver(() => OrderModel)
export class OrdersResolver {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly markPaid: MarkOrderPaid,
    private readonly refunds: RefundOrder,
    private readonly complimentary: IssueComplimentaryTickets,
    private readonly cancellation: CancelEvent,
  ) {}

  @Query(() => OrderConnectionModel, {
    name: 'orders',
    description: "The organization's orders, newest first.",
  })
  @Roles('admin')
  list(@CurrentTenant() scope: TenantScope, @Args() args: OrdersArgs): Promise<KeysetPage<Order>> {
    return this.orders.page(scope, args.filter ?? {}, args);
  }

  @Query(() => OrderModel, { name: 'order' })
  @Roles('admin')
  async one(@CurrentTenant() scope: TenantScope, @Args() { id }: OrderIdArgs): Promise<Order> {
    const order = await this.orders.findForStaff(scope, id);
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    return order;
  }

  @Mutation(() => OrderModel, {
    description:
      'Records a manual payment (MANUAL provider), with who and the receipt. Needs a recent second factor.',
  })
  @Roles('admin')
  @RequireStepUp()
  markOrderPaid(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: MarkOrderPaidInput,
  ): Promise<Order> {
    return this.markPaid.execute(scope, input);
  }

  @Mutation(() => OrderModel, {
    description:
      'Everything left by default (tickets void, seats return); a part keeps the tickets. Needs a recent second factor.',
  })
  @Roles('admin')
  @RequireStepUp()
  refundOrder(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: RefundOrderInput,
  ): Promise<Order> {
    return this.refunds.execute(scope, input);
  }

  @Mutation(() => OrderModel, {
    description:
      'A PAID order of total 0 that counts against capacity. Needs a recent second factor.',
  })
  @Roles('admin')
  @RequireStepUp()
  issueComplimentaryTickets(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: IssueComplimentaryTicketsInput,
  ): Promise<Order> {
    return this.complimentary.execute(scope, input);
  }

  @Mutation(() => EventModel, {
    description:
      'PUBLISHED or DRAFT → CANCELLED; paid orders are refunded (admins only, with a recent second factor), the rest cancelled.',
  })
  @Roles('admin', 'moderator')
  cancelEvent(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: CancelEventInput,
  ): Promise<Event> {
    return this.cancellation.execute(scope, input);
  }
}
