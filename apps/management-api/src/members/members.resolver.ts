import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '@trivance/shared';
import { Roles } from '../auth/access.decorators.js';
import { grantsAdmin, RequireStepUp } from '../auth/step-up.decorator.js';
import { TOTAL_COUNT_COST } from '../graphql/query-cost.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import {
  ChangeMemberRoleInput,
  InviteMemberInput,
  RemoveMemberInput,
} from './dto/member.inputs.js';
import { UsersArgs } from './dto/users.args.js';
import { MembershipAdminService } from './membership-admin.service.js';
import { MembersService } from './members.service.js';
import { InvitationModel } from './models/invitation.model.js';
import { UserConnectionModel } from './models/user-connection.model.js';
import { UserModel } from './models/user.model.js';

@Resolver(() => UserConnectionModel)
export class MembersResolver {
  constructor(
    private readonly members: MembersService,
    private readonly admin: MembershipAdminService,
  ) {}

  @Query(() => UserConnectionModel, {
    description: "The active organization's members, newest first unless ordered otherwise.",
  })
  @Roles('admin', 'moderator')
  users(
    @CurrentTenant() scope: TenantScope,
    @Args() args: UsersArgs,
  ): Promise<UserConnectionModel> {
    return this.members.listUsers(scope, args);
  }

  @Mutation(() => InvitationModel, {
    description: 'Emails an invitation to join. Inviting an ADMIN needs a recent second factor.',
  })
  @Roles('admin')
  @RequireStepUp(grantsAdmin)
  inviteMember(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: InviteMemberInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InvitationModel> {
    return this.admin.invite(scope, input, principal);
  }

  @Mutation(() => UserModel, {
    description:
      'Takes effect at the member’s next token refresh. Making someone ADMIN needs a recent second factor.',
  })
  @Roles('admin')
  @RequireStepUp(grantsAdmin)
  changeMemberRole(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: ChangeMemberRoleInput,
  ): Promise<UserModel> {
    return this.admin.changeRole(scope, input);
  }

  @Mutation(() => UserModel, { description: 'Removes the member and ends their sessions here.' })
  @Roles('admin')
  removeMember(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: RemoveMemberInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserModel> {
    return this.admin.remove(scope, input, principal);
  }

  @ResolveField(() => Int, {
    description: 'Counted only when selected.',
    complexity: TOTAL_COUNT_COST,
  })
  totalCount(@Parent() connection: UserConnectionModel): Promise<number> {
    return connection.countTotal();
  }
}
