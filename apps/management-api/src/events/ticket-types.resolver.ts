import { Args, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/access.decorators.js';
import { money, MoneyModel } from '../common/money.js';
import type { Event, TicketType } from '../generated/prisma/client.js';
import { SeatPoolLoader } from '../inventory/seat-pool.loader.js';
import { available } from '../inventory/seat-pools.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { CreateTicketTypeInput, UpdateTicketTypeInput } from './dto/ticket-type.inputs.js';
import { EventLoaders } from './event.loaders.js';
import { EventModel } from './models/event.model.js';
import { TicketTypeModel } from './models/ticket-type.model.js';
import { TicketTypesService } from './ticket-types.service.js';

@Resolver(() => TicketTypeModel)
export class TicketTypesResolver {
  constructor(
    private readonly ticketTypes: TicketTypesService,
    private readonly loaders: EventLoaders,
    private readonly pools: SeatPoolLoader,
  ) {}

  @Mutation(() => TicketTypeModel)
  @Roles('admin', 'moderator')
  createTicketType(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: CreateTicketTypeInput,
  ): Promise<TicketType> {
    return this.ticketTypes.create(scope, input);
  }

  @Mutation(() => TicketTypeModel)
  @Roles('admin', 'moderator')
  updateTicketType(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: UpdateTicketTypeInput,
  ): Promise<TicketType> {
    return this.ticketTypes.update(scope, input);
  }

  @ResolveField(() => EventModel)
  event(@Parent() ticketType: TicketType): Promise<Event> {
    return this.loaders.event(ticketType.eventId);
  }

  @ResolveField(() => MoneyModel)
  price(@Parent() ticketType: TicketType): MoneyModel {
    return money(ticketType.priceAmount, ticketType.currency);
  }

  @ResolveField(() => Int)
  async quantity(@Parent() ticketType: TicketType): Promise<number> {
    return (await this.pools.load(ticketType.id))?.capacity ?? 0;
  }

  @ResolveField(() => Int, {
    description: "Still for sale: this type's seats or the event's, whichever is fewer.",
  })
  async available(@Parent() ticketType: TicketType): Promise<number> {
    const [own, event] = await Promise.all([
      this.pools.load(ticketType.id),
      this.pools.load(ticketType.eventId),
    ]);
    return own ? available(own, event ?? undefined) : 0;
  }
}
