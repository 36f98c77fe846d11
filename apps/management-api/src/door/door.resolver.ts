import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/access.decorators.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import type { Ticket } from '../generated/prisma/client.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { TicketConnectionModel, TicketModel } from '../tickets/models/ticket.model.js';
import {
  AttendeesArgs,
  CheckInTicketInput,
  DoorEventArgs,
  UndoCheckInInput,
  UploadCheckInsInput,
} from './dto/door.inputs.js';
import { DoorService } from './door.service.js';
import {
  CheckInResultModel,
  CheckInSnapshotModel,
  CheckInStatsModel,
  ScanResultModel,
} from './models/door.models.js';

/** The door: every staff role, door volunteers included (DOMAIN.md, "Who may do what"). */
@Resolver()
export class DoorResolver {
  constructor(private readonly door: DoorService) {}

  @Mutation(() => CheckInResultModel, {
    description:
      'Admits a ticket by QR payload or code; the same nonce again answers the first result.',
  })
  @Roles('admin', 'moderator', 'user')
  checkInTicket(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: CheckInTicketInput,
  ): Promise<CheckInResultModel> {
    return this.door.checkIn(scope, input);
  }

  @Query(() => CheckInSnapshotModel, {
    description: 'Keys and revoked codes for a scanner that works offline.',
  })
  @Roles('admin', 'moderator', 'user')
  checkInSnapshot(
    @CurrentTenant() scope: TenantScope,
    @Args() { eventId }: DoorEventArgs,
  ): Promise<CheckInSnapshotModel> {
    return this.door.snapshot(scope, eventId);
  }

  @Mutation(() => [ScanResultModel], {
    description:
      'Scans made offline: the earliest wins, duplicates are no-ops, conflicts come back as REJECTED.',
  })
  @Roles('admin', 'moderator', 'user')
  uploadCheckIns(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: UploadCheckInsInput,
  ): Promise<ScanResultModel[]> {
    return this.door.upload(scope, input);
  }

  @Mutation(() => TicketModel, {
    description: 'Within 10 minutes of the check-in; the record keeps who undid it.',
  })
  @Roles('admin', 'moderator', 'user')
  undoCheckIn(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: UndoCheckInInput,
  ): Promise<Ticket> {
    return this.door.undo(scope, input.ticketId);
  }

  @Query(() => TicketConnectionModel, { description: "An event's tickets by holder name." })
  @Roles('admin', 'moderator', 'user')
  attendees(
    @CurrentTenant() scope: TenantScope,
    @Args() args: AttendeesArgs,
  ): Promise<KeysetPage<Ticket>> {
    return this.door.attendees(scope, args.eventId, args.filter ?? {}, args);
  }

  @Query(() => CheckInStatsModel)
  @Roles('admin', 'moderator', 'user')
  checkInStats(
    @CurrentTenant() scope: TenantScope,
    @Args() { eventId }: DoorEventArgs,
  ): Promise<CheckInStatsModel> {
    return this.door.stats(scope, eventId);
  }
}
