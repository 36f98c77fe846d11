import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { Principal } from '@trivance/shared';
import { Roles } from '../auth/access.decorators.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { EndMemberSessionsInput } from './dto/invitation.inputs.js';
import { MemberSessionsService } from './member-sessions.service.js';
import { UserModel } from './models/user.model.js';

@Resolver(() => UserModel)
export class MemberSessionsResolver {
  constructor(private readonly sessions: MemberSessionsService) {}

  @Mutation(() => UserModel, {
    description: "Ends the member's sessions in this organization; they must sign in again.",
  })
  @Roles('admin')
  endMemberSessions(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: EndMemberSessionsInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserModel> {
    return this.sessions.end(scope, input.userId, principal);
  }
}
