import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@trivance/shared';
import { Roles } from '../auth/access.decorators.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { ConnectionArgs } from '../common/pagination/connection.args.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { RevokeInvitationInput } from './dto/invitation.inputs.js';
import { InvitationsService } from './invitations.service.js';
import { InvitationConnectionModel } from './models/invitation-connection.model.js';
import { InvitationModel } from './models/invitation.model.js';

@Resolver(() => InvitationModel)
export class InvitationsResolver {
  constructor(private readonly pending: InvitationsService) {}

  @Query(() => InvitationConnectionModel, {
    description: "The active organization's pending invitations, newest first.",
  })
  @Roles('admin')
  invitations(
    @CurrentTenant() scope: TenantScope,
    @Args() args: ConnectionArgs,
  ): Promise<InvitationConnectionModel> {
    return this.pending.list(scope, args);
  }

  @Mutation(() => InvitationModel, {
    description: 'Withdraws a pending invitation: its link stops working at once.',
  })
  @Roles('admin')
  revokeInvitation(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: RevokeInvitationInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InvitationModel> {
    return this.pending.revoke(scope, input.id, principal);
  }
}
