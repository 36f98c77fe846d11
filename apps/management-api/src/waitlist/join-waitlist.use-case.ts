import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { onSaleNow } from '../events/sales-window.js';
import type { WaitlistEntry } from '../generated/prisma/client.js';
import { available, SALES_CLOSED } from '../inventory/seat-pools.js';
import { ORDER_LIMIT_EXCEEDED } from '../orders/order-reasons.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import { ViewerService } from '../viewer/viewer.service.js';
import type { JoinWaitlistInput } from './dto/waitlist.inputs.js';
import { ALREADY_ON_WAITLIST, MAX_WAITLIST_QUANTITY, NOT_SOLD_OUT } from './waitlist-reasons.js';

/**
 * A signed-in account joins the waiting list of a sold-out ticket type: at
 * the end of the line, once per ticket type, for at most what one order may
 * hold. Seats that free up later are offered in line order (OfferFreedSeats).
 */
@Injectable()
export class JoinWaitlist {
  constructor(
    private readonly db: TenantDatabase,
    private readonly units: UnitOfWork,
    private readonly viewers: ViewerService,
  ) {}

  async execute(input: JoinWaitlistInput): Promise<WaitlistEntry> {
    const { userId } = requestContext.principal();
    const type = await this.db.public.ticketType.findFirst({ where: { id: input.ticketTypeId } });
    if (!type) throw new AppError('NOT_FOUND', 'Ticket type not found');
    const event = await this.db.public.event.findFirst({ where: { id: type.eventId } });
    if (!event) throw new AppError('NOT_FOUND', 'Ticket type not found');
    if (!onSaleNow(type, event, new Date())) {
      throw new AppError('CONFLICT', `${type.name} is not on sale now`, { reason: SALES_CLOSED });
    }
    const limit = type.maxPerOrder ?? MAX_WAITLIST_QUANTITY;
    if (input.quantity > limit) {
      throw new AppError('CONFLICT', `At most ${limit} ${type.name} per order`, {
        reason: ORDER_LIMIT_EXCEEDED,
      });
    }
    const account = await this.viewers.account(userId);
    if (!account) throw new AppError('NOT_FOUND', 'Account not found');

    return this.units.run(async (unit) => {
      // One account's joins for one ticket type queue: never two places in line.
      await unit.lock('waitlist-join', `${userId}:${type.id}`);
      const [own, ofEvent] = await Promise.all([
        this.db.public.seatPool.findFirst({ where: { id: type.id } }),
        this.db.public.seatPool.findFirst({ where: { id: event.id } }),
      ]);
      if (!own?.onSale) {
        throw new AppError('CONFLICT', `${type.name} is not on sale now`, { reason: SALES_CLOSED });
      }
      if (available(own, ofEvent ?? undefined) >= input.quantity) {
        throw new AppError('CONFLICT', 'These tickets can still be bought', {
          reason: NOT_SOLD_OUT,
        });
      }
      const already = await this.db.client.waitlistEntry.findFirst({
        where: { userId, ticketTypeId: type.id, status: { in: ['WAITING', 'OFFERED'] } },
      });
      if (already) {
        throw new AppError('CONFLICT', 'You are already on the waiting list for these tickets', {
          reason: ALREADY_ON_WAITLIST,
        });
      }
      return this.db.client.waitlistEntry.create({
        data: {
          organizationId: type.organizationId,
          userId,
          eventId: event.id,
          ticketTypeId: type.id,
          quantity: input.quantity,
          email: account.email,
          name: account.name,
        },
      });
    });
  }
}
