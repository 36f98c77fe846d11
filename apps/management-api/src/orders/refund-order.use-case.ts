import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import type { Order } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import type { RefundOrderInput } from './dto/order.inputs.js';
import { REFUND_EXCEEDS_PAYMENT } from './order-reasons.js';
import { OrderSettlement } from './order-settlement.js';
import { OrdersRepository } from './orders.repository.js';

/**
 * An admin returns money on a paid order: all that is left by default
 * (tickets void, seats back on sale) or a part (tickets kept), never more
 * than the payment holds, each refund its own record and ledger group.
 */
@Injectable()
export class RefundOrder {
  constructor(
    private readonly units: UnitOfWork,
    private readonly db: TenantDatabase,
    private readonly orders: OrdersRepository,
    private readonly settlement: OrderSettlement,
  ) {}

  async execute(scope: TenantScope, input: RefundOrderInput): Promise<Order> {
    const actorId = requestContext.principal().userId;
    await this.units.run(async (unit) => {
      const order = await this.orders.lock(unit, input.id, scope.organizationId);
      const payment = await this.db.client.payment.findFirst({
        where: { organizationId: scope.organizationId, orderId: order.id, status: 'APPROVED' },
        orderBy: { createdAt: 'desc' },
      });
      if (!payment) {
        throw new AppError('CONFLICT', 'Nothing was paid on this order', {
          reason: REFUND_EXCEEDS_PAYMENT,
        });
      }
      const refunded = await this.db.client.refund.aggregate({
        where: { organizationId: scope.organizationId, paymentId: payment.id },
        _sum: { amount: true },
      });
      const remaining = payment.amount - (refunded._sum.amount ?? 0n);
      await this.settlement.refund(unit, order, payment, {
        amount: input.amount != null ? BigInt(input.amount) : remaining,
        reason: input.reason?.trim() || null,
        actorId,
        externalReference: input.externalReference?.trim() || null,
      });
    });
    return (await this.orders.findForStaff(scope, input.id))!;
  }
}
