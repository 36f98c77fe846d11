import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { databaseErrorCode } from '../common/prisma-errors.js';
import { Prisma, type TicketType } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UnitOfWork, type UnitTransaction } from '../tenancy/unit-of-work.js';
import type { CreateTicketTypeInput, UpdateTicketTypeInput } from './dto/ticket-type.inputs.js';
import { assertEditable } from './event-status.js';
import { EventsService } from './events.service.js';
import { PublicEventsCache } from './public-events.cache.js';

export const QUANTITY_BELOW_SOLD = 'QUANTITY_BELOW_SOLD';

function checkWindow(start: Date | null | undefined, end: Date | null | undefined): void {
  if (start && end && end <= start) {
    throw new AppError('BAD_USER_INPUT', 'Sales must end after they start', {
      errors: { salesEndAt: ['must be after salesStartAt'] },
    });
  }
}

@Injectable()
export class TicketTypesService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly units: UnitOfWork,
    private readonly events: EventsService,
    private readonly publicCache: PublicEventsCache,
  ) {}

  async create(scope: TenantScope, input: CreateTicketTypeInput): Promise<TicketType> {
    checkWindow(input.salesStartAt, input.salesEndAt);
    const created = await this.units.run(async (unit) => {
      const event = await this.events.lock(unit, scope, input.eventId);
      assertEditable(event.status);
      await this.requireCurrency(scope, event.id, input.price.currency);
      // A type added to a published event is public and on sale at once.
      const publicSince = event.publicSince ? new Date() : null;
      const ticketType = await this.db.client.ticketType.create({
        data: {
          organizationId: scope.organizationId,
          eventId: event.id,
          name: input.name.trim(),
          description: input.description ?? null,
          priceAmount: BigInt(input.price.amount),
          currency: input.price.currency,
          salesStartAt: input.salesStartAt ?? null,
          salesEndAt: input.salesEndAt ?? null,
          maxPerOrder: input.maxPerOrder ?? null,
          maxPerBuyer: input.maxPerBuyer ?? null,
          hidden: input.hidden ?? false,
          publicSince,
        },
      });
      await this.db.client.seatPool.create({
        data: {
          id: ticketType.id,
          organizationId: scope.organizationId,
          eventId: event.id,
          ticketTypeId: ticketType.id,
          capacity: input.quantity,
          onSale: event.status === 'PUBLISHED',
          publicSince,
        },
      });
      return ticketType;
    });
    await this.publicCache.invalidate(created.eventId);
    return created;
  }

  async update(scope: TenantScope, input: UpdateTicketTypeInput): Promise<TicketType> {
    const updated = await this.units.run(async (unit) => {
      const current = await this.get(scope, input.id);
      const event = await this.events.lock(unit, scope, current.eventId);
      assertEditable(event.status);
      checkWindow(
        input.salesStartAt === undefined ? current.salesStartAt : input.salesStartAt,
        input.salesEndAt === undefined ? current.salesEndAt : input.salesEndAt,
      );
      if (input.price && input.price.currency !== current.currency) {
        await this.requireCurrency(scope, event.id, input.price.currency, current.id);
      }
      if (input.quantity != null) await this.resize(unit, current.id, input.quantity);
      return this.db.client.ticketType.update({
        where: { id: current.id, organizationId: scope.organizationId },
        data: {
          ...(input.name != null ? { name: input.name.trim() } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.price
            ? { priceAmount: BigInt(input.price.amount), currency: input.price.currency }
            : {}),
          ...(input.salesStartAt !== undefined ? { salesStartAt: input.salesStartAt } : {}),
          ...(input.salesEndAt !== undefined ? { salesEndAt: input.salesEndAt } : {}),
          ...(input.maxPerOrder !== undefined ? { maxPerOrder: input.maxPerOrder } : {}),
          ...(input.maxPerBuyer !== undefined ? { maxPerBuyer: input.maxPerBuyer } : {}),
          ...(input.hidden != null ? { hidden: input.hidden } : {}),
        },
      });
    });
    await this.publicCache.invalidate(updated.eventId);
    return updated;
  }

  async get(scope: TenantScope, id: string): Promise<TicketType> {
    const ticketType = await this.db.client.ticketType.findFirst({
      where: { organizationId: scope.organizationId, id },
    });
    if (!ticketType) throw new AppError('NOT_FOUND', 'Ticket type not found');
    return ticketType;
  }

  /** An event sells in one currency: amounts never mix. */
  private async requireCurrency(
    scope: TenantScope,
    eventId: string,
    currency: string,
    except?: string,
  ) {
    const other = await this.db.client.ticketType.findFirst({
      where: {
        organizationId: scope.organizationId,
        eventId,
        NOT: { currency },
        ...(except ? { id: { not: except } } : {}),
      },
      select: { currency: true },
    });
    if (other) {
      throw new AppError('BAD_USER_INPUT', `This event sells in ${other.currency}`, {
        errors: { 'price.currency': [`must be ${other.currency}, like the event's other tickets`] },
      });
    }
  }

  private async resize(
    unit: UnitTransaction,
    ticketTypeId: string,
    quantity: number,
  ): Promise<void> {
    try {
      await unit.execute(
        Prisma.sql`UPDATE seat_pools SET capacity = ${quantity} WHERE id = ${ticketTypeId}::uuid`,
      );
    } catch (error) {
      if (databaseErrorCode(error) === '23514') {
        throw new AppError('CONFLICT', 'More tickets of this type are already sold or held', {
          reason: QUANTITY_BELOW_SOLD,
        });
      }
      throw error;
    }
  }
}
