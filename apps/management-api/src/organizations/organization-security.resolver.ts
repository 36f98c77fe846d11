import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@trivance/shared';
import { Roles } from '../auth/access.decorators.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { RequireStepUp } from '../auth/step-up.decorator.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UpdateOrganizationSecurityInput } from './dto/organization-security.inputs.js';
import { OrganizationSecurityModel } from './models/organization-security.model.js';
import { OrganizationSecurityService } from './organization-security.service.js';

@Resolver(() => OrganizationSecurityModel)
export class OrganizationSecurityResolver {
  constructor(private readonly security: OrganizationSecurityService) {}

  @Query(() => OrganizationSecurityModel, { description: "The active organization's security." })
  @Roles('admin')
  organizationSecurity(@CurrentTenant() scope: TenantScope): Promise<OrganizationSecurityModel> {
    return this.security.get(scope);
  }

  @Mutation(() => OrganizationSecurityModel, {
    description:
      'Requires (or stops requiring) a second factor of all staff. Needs a recent second factor.',
  })
  @Roles('admin')
  @RequireStepUp()
  updateOrganizationSecurity(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: UpdateOrganizationSecurityInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrganizationSecurityModel> {
    return this.security.update(scope, input, principal);
  }
}
