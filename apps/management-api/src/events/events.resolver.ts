import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public, Roles } from '../auth/access.decorators.js';
import { CategoryLoader } from '../categories/category.loader.js';
import { CategoryModel } from '../categories/models/category.model.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import type { Category, Event, Organization, TicketType } from '../generated/prisma/client.js';
import { DiscountRedemption } from '../discounts/discount-redemption.js';
import { SeatPoolLoader } from '../inventory/seat-pool.loader.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import { OrganizationModel } from '../organizations/models/organization.model.js';
import { OrganizationLoader } from '../organizations/organization.loader.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import {
  CreateEventInput,
  EventIdArgs,
  EventIdInput,
  EventsArgs,
  PublicEventArgs,
  PublicEventsArgs,
  UpdateEventInput,
} from './dto/event.inputs.js';
import { EventLoaders } from './event.loaders.js';
import { EventsService } from './events.service.js';
import { EventConnectionModel, EventModel, VenueModel } from './models/event.model.js';
import { TicketTypeModel } from './models/ticket-type.model.js';

@Resolver(() => EventModel)
export class EventsResolver {
  constructor(
    private readonly service: EventsService,
    private readonly loaders: EventLoaders,
    private readonly categories: CategoryLoader,
    private readonly organizations: OrganizationLoader,
    private readonly pools: SeatPoolLoader,
    private readonly units: UnitOfWork,
    private readonly discounts: DiscountRedemption,
  ) {}

  @Query(() => EventConnectionModel, {
    description: "The active organization's events, newest first.",
  })
  @Roles('admin', 'moderator', 'user')
  events(
    @CurrentTenant() scope: TenantScope,
    @Args() args: EventsArgs,
  ): Promise<KeysetPage<Event>> {
    return this.service.list(scope, args.filter ?? {}, args);
  }

  @Query(() => EventModel)
  @Roles('admin', 'moderator', 'user')
  event(@CurrentTenant() scope: TenantScope, @Args() { id }: EventIdArgs): Promise<Event> {
    return this.service.get(scope, id);
  }

  @Query(() => EventConnectionModel, {
    description: 'Published events that are not over yet, soonest first.',
  })
  @Public()
  publicEvents(@Args() args: PublicEventsArgs): Promise<KeysetPage<Event>> {
    return this.service.listPublic(args.filter ?? {}, args);
  }

  @Query(() => EventModel, {
    description: 'An event that was ever published (so buyers see a cancellation).',
  })
  @Public()
  async publicEvent(@Args() { id, discountCode }: PublicEventArgs): Promise<Event> {
    const event = await this.service.getPublic(id);
    if (discountCode) {
      const unlocked = await this.units.run(async (unit) => {
        await this.discounts.require(unit, id, discountCode, new Date());
        return this.discounts.unlockedTicketTypes(unit, id, discountCode);
      });
      this.loaders.unlock(id, unlocked);
    }
    return event;
  }

  @Mutation(() => EventModel, { description: 'A new event, as a draft.' })
  @Roles('admin', 'moderator')
  createEvent(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: CreateEventInput,
  ): Promise<Event> {
    return this.service.create(scope, input);
  }

  @Mutation(() => EventModel)
  @Roles('admin', 'moderator')
  updateEvent(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: UpdateEventInput,
  ): Promise<Event> {
    return this.service.update(scope, input);
  }

  @Mutation(() => EventModel, { description: 'Drafts only (ILLEGAL_STATE_TRANSITION otherwise).' })
  @Roles('admin', 'moderator')
  deleteEvent(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: EventIdInput,
  ): Promise<Event> {
    return this.service.delete(scope, input.id);
  }

  @Mutation(() => EventModel, { description: 'DRAFT → PUBLISHED: public and on sale.' })
  @Roles('admin', 'moderator')
  publishEvent(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: EventIdInput,
  ): Promise<Event> {
    return this.service.publish(scope, input.id);
  }

  @Mutation(() => EventModel, { description: 'PUBLISHED → COMPLETED: sales stop.' })
  @Roles('admin', 'moderator')
  completeEvent(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: EventIdInput,
  ): Promise<Event> {
    return this.service.complete(scope, input.id);
  }

  @ResolveField(() => OrganizationModel)
  organization(@Parent() event: Event): Promise<Organization> {
    return this.organizations.load(event.organizationId);
  }

  @ResolveField(() => CategoryModel, { nullable: true })
  category(@Parent() event: Event): Promise<Category | null> {
    return event.categoryId ? this.categories.load(event.categoryId) : Promise.resolve(null);
  }

  @ResolveField(() => VenueModel, { nullable: true })
  venue(@Parent() event: Event): VenueModel | null {
    const venue = {
      name: event.venueName,
      address: event.venueAddress,
      city: event.venueCity,
      country: event.venueCountry,
    };
    return Object.values(venue).some((value) => value !== null) ? venue : null;
  }

  @ResolveField(() => Int, {
    nullable: true,
    description: 'Caps the whole event across its ticket types.',
  })
  async capacity(@Parent() event: Event): Promise<number | null> {
    return (await this.pools.load(event.id))?.capacity ?? null;
  }

  @ResolveField(() => Int)
  async ticketsSold(@Parent() event: Event): Promise<number> {
    return (await this.pools.load(event.id))?.sold ?? 0;
  }

  @ResolveField(() => [TicketTypeModel], {
    description: "Hidden types only for the organization's staff.",
  })
  ticketTypes(@Parent() event: Event): Promise<TicketType[]> {
    return this.loaders.ticketTypesOf(event);
  }
}
