import { Controller, Get, Param, Res } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/access.decorators.js';
import { EventsService } from '../events/events.service.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import { ScopedCsv } from '../tenancy/scoped-csv.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { ATTENDEES_CSV, ORDERS_CSV } from './event-exports.queries.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event's attendees and orders as CSV, for the organization's admins. */
@Controller('api/exports/events/:eventId')
@Roles('admin')
export class EventExportsController {
  constructor(
    private readonly events: EventsService,
    private readonly csv: ScopedCsv,
  ) {}

  @Get('attendees.csv')
  attendees(
    @CurrentTenant() scope: TenantScope,
    @Param('eventId') eventId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.send(scope, eventId, 'attendees', ATTENDEES_CSV, reply);
  }

  @Get('orders.csv')
  orders(
    @CurrentTenant() scope: TenantScope,
    @Param('eventId') eventId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.send(scope, eventId, 'orders', ORDERS_CSV, reply);
  }

  private async send(
    scope: TenantScope,
    eventId: string,
    name: string,
    query: string,
    reply: FastifyReply,
  ): Promise<void> {
    if (!UUID.test(eventId)) throw new AppError('VALIDATION_FAILED', 'eventId must be a UUID');
    // Another organization's event, published or not, is not found.
    await this.events.get(scope, eventId);
    const rows = await this.csv.stream(query, { event_id: eventId });
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="event-${eventId}-${name}.csv"`)
      .header('cache-control', 'no-store')
      .send(rows);
  }
}
