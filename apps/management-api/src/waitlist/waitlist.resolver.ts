import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { requestContext } from '@trivance/shared';
import { Authenticated } from '../auth/access.decorators.js';
import { ConnectionArgs } from '../common/pagination/connection.args.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import { EventLoaders } from '../events/event.loaders.js';
import { EventModel } from '../events/models/event.model.js';
import { TicketTypeModel } from '../events/models/ticket-type.model.js';
import type { Event, TicketType, WaitlistEntry } from '../generated/prisma/client.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import { JoinWaitlistInput, LeaveWaitlistInput } from './dto/waitlist.inputs.js';
import { JoinWaitlist } from './join-waitlist.use-case.js';
import { WaitlistEntryConnectionModel, WaitlistEntryModel } from './models/waitlist-entry.model.js';
import { WaitlistOffers } from './waitlist-offers.js';
import { WaitlistRepository } from './waitlist.repository.js';

/** The waiting list as the person on it sees it. */
@Resolver(() => WaitlistEntryModel)
export class WaitlistResolver {
  constructor(
    private readonly joining: JoinWaitlist,
    private readonly offers: WaitlistOffers,
    private readonly units: UnitOfWork,
    private readonly entries: WaitlistRepository,
    private readonly events: EventLoaders,
  ) {}

  @Mutation(() => WaitlistEntryModel, {
    description:
      'Waits for seats of a sold-out ticket type; freed seats are offered in line order (NOT_SOLD_OUT while they can be bought).',
  })
  @Authenticated()
  joinWaitlist(@Args('input') input: JoinWaitlistInput): Promise<WaitlistEntry> {
    return this.joining.execute(input);
  }

  @Mutation(() => WaitlistEntryModel, {
    description: 'Leaves the line, or declines an offer (its seats pass to the next in line).',
  })
  @Authenticated()
  async leaveWaitlist(@Args('input') input: LeaveWaitlistInput): Promise<WaitlistEntry> {
    const { userId } = requestContext.principal();
    await this.units.run((unit) => this.offers.leave(unit, input.id, userId));
    return this.entries.ownEntry(input.id);
  }

  @Query(() => WaitlistEntryConnectionModel, {
    description: "The caller's waiting-list entries, newest first.",
  })
  @Authenticated()
  myWaitlist(@Args() args: ConnectionArgs): Promise<KeysetPage<WaitlistEntry>> {
    return this.entries.pageOfCaller(args);
  }

  @ResolveField(() => Int, {
    nullable: true,
    description: 'Place in line while WAITING (1 is next); null otherwise.',
  })
  position(@Parent() entry: WaitlistEntry): Promise<number | null> {
    return this.entries.position(entry.id);
  }

  @ResolveField(() => TicketTypeModel)
  ticketType(@Parent() entry: WaitlistEntry): Promise<TicketType> {
    return this.events.ticketType(entry.ticketTypeId);
  }

  @ResolveField(() => EventModel)
  event(@Parent() entry: WaitlistEntry): Promise<Event> {
    return this.events.event(entry.eventId);
  }
}
