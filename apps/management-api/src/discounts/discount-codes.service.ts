import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { isUniqueViolation } from '../common/prisma-errors.js';
import { assertEditable } from '../events/event-status.js';
import { EventsService } from '../events/events.service.js';
import type { DiscountCode } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import type {
  CreateDiscountCodeInput,
  UpdateDiscountCodeInput,
} from './dto/discount-code.inputs.js';

function checkTerms(
  kind: string,
  value: number | null | undefined,
  from?: Date | null,
  until?: Date | null,
) {
  if (kind === 'PERCENT' && value != null && value > 100) {
    throw new AppError('BAD_USER_INPUT', 'A percentage is at most 100', {
      errors: { value: ['at most 100'] },
    });
  }
  if (from && until && until <= from) {
    throw new AppError('BAD_USER_INPUT', 'A code must stop being valid after it starts', {
      errors: { validUntil: ['must be after validFrom'] },
    });
  }
}

@Injectable()
export class DiscountCodesService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly events: EventsService,
  ) {}

  async list(scope: TenantScope, eventId: string): Promise<DiscountCode[]> {
    await this.events.get(scope, eventId);
    return this.db.client.discountCode.findMany({
      where: { organizationId: scope.organizationId, eventId },
      orderBy: { createdAt: 'asc' },
    });
  }

  async create(scope: TenantScope, input: CreateDiscountCodeInput): Promise<DiscountCode> {
    checkTerms(input.kind, input.value, input.validFrom, input.validUntil);
    const event = await this.events.get(scope, input.eventId);
    assertEditable(event.status);
    await this.requireTypesOf(scope, event.id, input.ticketTypeIds ?? []);
    return this.db.client.discountCode
      .create({
        data: {
          organizationId: scope.organizationId,
          eventId: event.id,
          code: input.code.toUpperCase(),
          kind: input.kind,
          value: BigInt(input.value),
          maxUses: input.maxUses ?? null,
          validFrom: input.validFrom ?? null,
          validUntil: input.validUntil ?? null,
          ticketTypeIds: input.ticketTypeIds ?? [],
        },
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) {
          throw new AppError('CONFLICT', 'This event already has that code', {
            reason: 'DISCOUNT_CODE_TAKEN',
          });
        }
        throw error;
      });
  }

  async update(scope: TenantScope, input: UpdateDiscountCodeInput): Promise<DiscountCode> {
    const current = await this.db.client.discountCode.findFirst({
      where: { organizationId: scope.organizationId, id: input.id },
    });
    if (!current) throw new AppError('NOT_FOUND', 'Discount code not found');
    checkTerms(
      input.kind ?? current.kind,
      input.value ?? Number(current.value),
      input.validFrom === undefined ? current.validFrom : input.validFrom,
      input.validUntil === undefined ? current.validUntil : input.validUntil,
    );
    if (input.ticketTypeIds) await this.requireTypesOf(scope, current.eventId, input.ticketTypeIds);
    if (input.maxUses != null && input.maxUses < current.uses) {
      throw new AppError('CONFLICT', 'More uses are already taken than that', {
        reason: 'MAX_USES_BELOW_USED',
      });
    }
    return this.db.client.discountCode.update({
      where: { id: current.id, organizationId: scope.organizationId },
      data: {
        ...(input.kind ? { kind: input.kind } : {}),
        ...(input.value != null ? { value: BigInt(input.value) } : {}),
        ...(input.maxUses !== undefined ? { maxUses: input.maxUses } : {}),
        ...(input.validFrom !== undefined ? { validFrom: input.validFrom } : {}),
        ...(input.validUntil !== undefined ? { validUntil: input.validUntil } : {}),
        ...(input.ticketTypeIds ? { ticketTypeIds: input.ticketTypeIds } : {}),
      },
    });
  }

  private async requireTypesOf(scope: TenantScope, eventId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = await this.db.client.ticketType.count({
      where: { organizationId: scope.organizationId, eventId, id: { in: ids } },
    });
    if (found !== new Set(ids).size)
      throw new AppError('NOT_FOUND', 'Ticket type not found for this event');
  }
}
