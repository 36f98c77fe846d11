import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { groupedBy, orderedBy, requestLoader } from '../common/request-loader.js';
import type { Event, TicketType } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import { ownThenPublic } from '../tenancy/visible-rows.js';

/** Events and their ticket types as the caller may see them, batched per request. */
@Injectable()
export class EventLoaders {
  private readonly events = Symbol('EventLoader');
  private readonly typesOfEvent = Symbol('TicketTypesOfEvent');
  private readonly types = Symbol('TicketTypeLoader');
  private readonly unlocked = Symbol('UnlockedTicketTypes');

  constructor(private readonly db: TenantDatabase) {}

  event(id: string): Promise<Event> {
    return requestLoader<string, Event>(this.events, async (ids) => {
      const rows = await ownThenPublic(
        ids,
        (row: Event) => row.id,
        (keys) => this.db.client.event.findMany({ where: { id: { in: keys } } }),
        (keys) => this.db.public.event.findMany({ where: { id: { in: keys } } }),
      );
      return orderedBy(
        ids,
        rows,
        (row) => row.id,
        () => new AppError('NOT_FOUND', 'Event not found'),
      );
    }).load(id);
  }

  ticketType(id: string): Promise<TicketType> {
    return requestLoader<string, TicketType>(this.types, async (ids) => {
      const rows = await ownThenPublic(
        ids,
        (row: TicketType) => row.id,
        (keys) => this.db.client.ticketType.findMany({ where: { id: { in: keys } } }),
        (keys) => this.db.public.ticketType.findMany({ where: { id: { in: keys } } }),
      );
      return orderedBy(
        ids,
        rows,
        (row) => row.id,
        () => new AppError('NOT_FOUND', 'Ticket type not found'),
      );
    }).load(id);
  }

  /** Hidden ticket types a code presented in this request unlocked, listed with the event's own. */
  unlock(eventId: string, types: TicketType[]): void {
    requestContext.memo(this.unlocked, () => new Map<string, TicketType[]>()).set(eventId, types);
  }

  /** The event's ticket types: all of them for its staff, the public ones (and unlocked ones) for anyone else. */
  async ticketTypesOf(event: Pick<Event, 'id' | 'organizationId'>): Promise<TicketType[]> {
    const types = await this.loadTicketTypesOf(event);
    const unlocked = requestContext.current()?.memo?.get(this.unlocked) as
      Map<string, TicketType[]> | undefined;
    const extra = (unlocked?.get(event.id) ?? []).filter(
      (type) => !types.some((own) => own.id === type.id),
    );
    return [...types, ...extra];
  }

  private loadTicketTypesOf(event: Pick<Event, 'id' | 'organizationId'>): Promise<TicketType[]> {
    return requestLoader<string, TicketType[]>(this.typesOfEvent, async (eventIds) => {
      const rows = await ownThenPublic(
        eventIds,
        (row: TicketType) => row.eventId,
        (keys) =>
          this.db.client.ticketType.findMany({
            where: { eventId: { in: keys } },
            orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
          }),
        (keys) =>
          this.db.public.ticketType.findMany({
            where: { eventId: { in: keys } },
            orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
          }),
      );
      return groupedBy(eventIds, rows, (row) => row.eventId);
    }).load(event.id);
  }
}
