import { Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '@trivance/shared';
import { Authenticated } from '../auth/access.decorators.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Organization } from '../generated/prisma/client.js';
import { OrganizationLoader } from '../organizations/organization.loader.js';
import { OrganizationModel } from '../organizations/models/organization.model.js';
import { MembershipModel, ViewerModel } from './models/viewer.model.js';
import { ViewerService } from './viewer.service.js';

@Resolver(() => ViewerModel)
export class ViewerResolver {
  constructor(private readonly viewers: ViewerService) {}

  @Query(() => ViewerModel, { description: 'The caller, with their memberships.' })
  @Authenticated()
  viewer(@CurrentPrincipal() principal: Principal): Promise<ViewerModel> {
    return this.viewers.viewer(principal);
  }
}

@Resolver(() => MembershipModel)
export class MembershipResolver {
  constructor(private readonly organizations: OrganizationLoader) {}

  @ResolveField(() => OrganizationModel)
  organization(@Parent() membership: MembershipModel): Promise<Organization> {
    return this.organizations.load(membership.organizationId);
  }
}
