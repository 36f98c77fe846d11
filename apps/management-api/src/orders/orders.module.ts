import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { ViewerModule } from '../viewer/viewer.module.js';
import { WaitlistModule } from '../waitlist/waitlist.module.js';
import { CancelEvent } from './cancel-event.use-case.js';
import { CancelOrder } from './cancel-order.use-case.js';
import { ExpireHolds } from './expire-holds.system-path.js';
import { IssueComplimentaryTickets } from './issue-complimentary-tickets.use-case.js';
import { MarkOrderPaid } from './mark-order-paid.use-case.js';
import { MyOrdersResolver } from './my-orders.resolver.js';
import {
  OrderFieldsResolver,
  OrderItemFieldsResolver,
  RefundFieldsResolver,
  TicketFieldsResolver,
} from './order-fields.resolver.js';
import { OrderNotices } from './order-notices.js';
import { OrderPaymentSettler } from './order-payment-settler.js';
import { OrderSettlement } from './order-settlement.js';
import { OrderTickets } from './order-tickets.use-case.js';
import { OrderLoaders } from './order.loaders.js';
import { OrdersRepository } from './orders.repository.js';
import { OrdersResolver } from './orders.resolver.js';
import { RefundOrder } from './refund-order.use-case.js';
import { ResendTickets } from './resend-tickets.use-case.js';
import { RetryOrderPayment } from './retry-order-payment.use-case.js';

@Module({
  imports: [EventsModule, OrganizationsModule, PaymentsModule, ViewerModule, WaitlistModule],
  providers: [
    OrdersRepository,
    OrderLoaders,
    OrderNotices,
    OrderSettlement,
    OrderPaymentSettler,
    OrderTickets,
    RetryOrderPayment,
    CancelOrder,
    MarkOrderPaid,
    RefundOrder,
    ResendTickets,
    IssueComplimentaryTickets,
    CancelEvent,
    ExpireHolds,
    OrdersResolver,
    MyOrdersResolver,
    OrderFieldsResolver,
    OrderItemFieldsResolver,
    RefundFieldsResolver,
    TicketFieldsResolver,
  ],
  exports: [OrderSettlement, OrdersRepository],
})
export class OrdersModule {}
