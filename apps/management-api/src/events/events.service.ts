import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { CategoriesService } from '../categories/categories.service.js';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import { databaseErrorCode } from '../common/prisma-errors.js';
import { type Event, Prisma } from '../generated/prisma/client.js';
import type { EventStatus } from '../generated/prisma/enums.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { Outbox } from '../outbox/outbox.js';
import { TicketReissue } from '../tickets/ticket-reissue.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UnitOfWork, type UnitTransaction } from '../tenancy/unit-of-work.js';
import type {
  CreateEventInput,
  EventFilter,
  PublicEventFilter,
  UpdateEventInput,
  VenueInput,
} from './dto/event.inputs.js';
import { assertEditable, assertTransition } from './event-status.js';
import { EventsRepository } from './events.repository.js';
import { PublicEventsCache } from './public-events.cache.js';

export const CAPACITY_BELOW_SOLD = 'CAPACITY_BELOW_SOLD';

function venueColumns(venue: VenueInput | null | undefined) {
  if (venue === undefined) return {};
  return {
    venueName: venue?.name?.trim() || null,
    venueAddress: venue?.address?.trim() || null,
    venueCity: venue?.city?.trim() || null,
    venueCountry: venue?.country?.toUpperCase() || null,
  };
}

function checkDates(startsAt: Date, endsAt: Date): void {
  if (endsAt <= startsAt) {
    throw new AppError('BAD_USER_INPUT', 'An event must end after it starts', {
      errors: { endsAt: ['must be after startsAt'] },
    });
  }
}

@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventsRepository,
    private readonly db: TenantDatabase,
    private readonly units: UnitOfWork,
    private readonly categories: CategoriesService,
    private readonly outbox: Outbox,
    private readonly publicCache: PublicEventsCache,
    private readonly reissue: TicketReissue,
    private readonly organizations: OrganizationsService,
  ) {}

  list(scope: TenantScope, filter: EventFilter, args: ConnectionArgs): Promise<KeysetPage<Event>> {
    return this.events.page(scope, filter, args);
  }

  listPublic(filter: PublicEventFilter, args: ConnectionArgs): Promise<KeysetPage<Event>> {
    // Cached for a minute at most: "not yet over" moves with the clock, by the minute.
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    return this.publicCache.page({ filter, args, now }, () =>
      this.events.publicPage(filter, args, now),
    );
  }

  async get(scope: TenantScope, id: string): Promise<Event> {
    const event = await this.events.find(scope, id);
    if (!event) throw new AppError('NOT_FOUND', 'Event not found');
    return event;
  }

  async getPublic(id: string): Promise<Event> {
    const event = await this.publicCache.item(id, () => this.events.findPublic(id));
    if (!event) throw new AppError('NOT_FOUND', 'Event not found');
    return event;
  }

  async create(scope: TenantScope, input: CreateEventInput): Promise<Event> {
    checkDates(input.startsAt, input.endsAt);
    if (input.categoryId) await this.categories.require(scope, input.categoryId);
    return this.units.run(async () => {
      const event = await this.db.client.event.create({
        data: {
          organizationId: scope.organizationId,
          title: input.title.trim(),
          description: input.description ?? null,
          categoryId: input.categoryId ?? null,
          ...venueColumns(input.venue),
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          timezone: input.timezone,
          coverImageUrl: input.coverImageUrl ?? null,
        },
      });
      // The event's own seat pool: its capacity across ticket types (none if unset).
      await this.db.client.seatPool.create({
        data: {
          id: event.id,
          organizationId: scope.organizationId,
          eventId: event.id,
          capacity: input.capacity ?? null,
        },
      });
      return event;
    });
  }

  async update(scope: TenantScope, input: UpdateEventInput): Promise<Event> {
    if (input.categoryId) await this.categories.require(scope, input.categoryId);
    const updated = await this.units.run(async (unit) => {
      const current = await this.lock(unit, scope, input.id);
      assertEditable(current.status);
      checkDates(input.startsAt ?? current.startsAt, input.endsAt ?? current.endsAt);
      if (input.capacity !== undefined) await this.resize(unit, current.id, input.capacity ?? null);
      const event = await this.db.client.event.update({
        where: { id: current.id, organizationId: scope.organizationId },
        data: {
          ...(input.title != null ? { title: input.title.trim() } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.categoryId !== undefined ? { categoryId: input.categoryId } : {}),
          ...venueColumns(input.venue),
          ...(input.startsAt ? { startsAt: input.startsAt } : {}),
          ...(input.endsAt ? { endsAt: input.endsAt } : {}),
          ...(input.timezone ? { timezone: input.timezone } : {}),
          ...(input.coverImageUrl !== undefined ? { coverImageUrl: input.coverImageUrl } : {}),
        },
      });
      await this.publishCategory(scope, event);
      const moved =
        event.startsAt.getTime() !== current.startsAt.getTime() ||
        event.endsAt.getTime() !== current.endsAt.getTime();
      if (moved) {
        const organization = await this.organizations.getById(scope.organizationId);
        await this.reissue.afterDateChange(unit, event, organization.name);
      }
      return event;
    });
    await this.publicCache.invalidate(updated.id);
    return updated;
  }

  /** A published event's category is public too, whichever it is now. */
  private async publishCategory(scope: TenantScope, event: Event): Promise<void> {
    if (!event.categoryId || !event.publicSince) return;
    await this.db.client.category.updateMany({
      where: { organizationId: scope.organizationId, id: event.categoryId, publicSince: null },
      data: { publicSince: event.publicSince },
    });
  }

  /** Drafts only: anything published keeps its history. */
  async delete(scope: TenantScope, id: string): Promise<Event> {
    return this.units.run(async (unit) => {
      const current = await this.lock(unit, scope, id);
      if (current.status !== 'DRAFT') {
        throw new AppError('CONFLICT', 'Only a draft can be deleted; cancel it instead', {
          reason: 'ILLEGAL_STATE_TRANSITION',
        });
      }
      await this.db.client.event.delete({ where: { id, organizationId: scope.organizationId } });
      return current;
    });
  }

  /** DRAFT → PUBLISHED: it, its ticket types, their seats and its category become public, on sale. */
  async publish(scope: TenantScope, id: string): Promise<Event> {
    const published = await this.units.run(async (unit) => {
      const current = await this.lock(unit, scope, id);
      assertTransition(current.status, 'PUBLISHED');
      const now = new Date();
      const event = await this.setStatus(scope, id, 'PUBLISHED', {
        publicSince: current.publicSince ?? now,
      });
      await this.db.client.ticketType.updateMany({
        where: { organizationId: scope.organizationId, eventId: id, publicSince: null },
        data: { publicSince: now },
      });
      await this.db.client.seatPool.updateMany({
        where: { organizationId: scope.organizationId, eventId: id },
        data: { onSale: true },
      });
      await this.db.client.seatPool.updateMany({
        where: { organizationId: scope.organizationId, eventId: id, publicSince: null },
        data: { publicSince: now },
      });
      await this.publishCategory(scope, event);
      await this.outbox.record(unit, {
        type: 'event.published',
        organizationId: scope.organizationId,
        payload: { eventId: id },
      });
      return event;
    });
    await this.publicCache.invalidate(id);
    return published;
  }

  /** PUBLISHED → COMPLETED: sales stop; tickets stay as they are. */
  async complete(scope: TenantScope, id: string): Promise<Event> {
    const completed = await this.units.run(async (unit) => {
      const current = await this.lock(unit, scope, id);
      assertTransition(current.status, 'COMPLETED');
      await this.stopSales(scope, id);
      return this.setStatus(scope, id, 'COMPLETED', {});
    });
    await this.publicCache.invalidate(id);
    return completed;
  }

  /** Sales stop for every seat pool of the event. */
  async stopSales(scope: TenantScope, eventId: string): Promise<void> {
    await this.db.client.seatPool.updateMany({
      where: { organizationId: scope.organizationId, eventId },
      data: { onSale: false },
    });
  }

  setStatus(
    scope: TenantScope,
    id: string,
    status: EventStatus,
    data: Prisma.EventUpdateManyMutationInput,
  ): Promise<Event> {
    return this.db.client.event.update({
      where: { id, organizationId: scope.organizationId },
      data: { ...data, status },
    });
  }

  /** The event's row, locked until the unit ends (changes to one event queue). */
  async lock(unit: UnitTransaction, scope: TenantScope, id: string): Promise<Event> {
    const [row] = await unit.query<{ id: string }>(
      Prisma.sql`SELECT id FROM events WHERE id = ${id}::uuid AND organization_id = ${scope.organizationId}::uuid FOR UPDATE`,
    );
    if (!row) throw new AppError('NOT_FOUND', 'Event not found');
    return this.get(scope, id);
  }

  private async resize(
    unit: UnitTransaction,
    eventId: string,
    capacity: number | null,
  ): Promise<void> {
    try {
      await unit.execute(
        Prisma.sql`UPDATE seat_pools SET capacity = ${capacity} WHERE id = ${eventId}::uuid`,
      );
    } catch (error) {
      if (databaseErrorCode(error) === '23514') {
        throw new AppError('CONFLICT', 'More seats are already sold or held than that capacity', {
          reason: CAPACITY_BELOW_SOLD,
        });
      }
      throw error;
    }
  }
}
