import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@trivance/shared';
import { PlatformAdmin, Public, Roles } from '../auth/access.decorators.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { RequireStepUp } from '../auth/step-up.decorator.js';
import { ConnectionArgs } from '../common/pagination/connection.args.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import type { Organization } from '../generated/prisma/client.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { OrganizationBySlugArgs } from './dto/organization-by-slug.args.js';
import { CreateOrganizationInput, UpdateOrganizationInput } from './dto/organization.inputs.js';
import { OrganizationConnectionModel } from './models/organization-connection.model.js';
import { OrganizationModel } from './models/organization.model.js';
import { OrganizationsService } from './organizations.service.js';

@Resolver(() => OrganizationModel)
export class OrganizationsResolver {
  constructor(private readonly service: OrganizationsService) {}

  @Query(() => OrganizationModel, {
    name: 'organizationBySlug',
    description: 'Public profile of an organization, by its handle.',
  })
  @Public()
  organizationBySlug(@Args() { slug }: OrganizationBySlugArgs): Promise<Organization> {
    return this.service.getBySlug(slug);
  }

  @Query(() => OrganizationModel, { description: 'The active organization of the caller.' })
  @Roles('admin', 'moderator', 'user')
  organization(@CurrentTenant() scope: TenantScope): Promise<Organization> {
    return this.service.getById(scope.organizationId);
  }

  @Query(() => OrganizationConnectionModel, { description: 'Every organization (platform).' })
  @PlatformAdmin()
  organizations(@Args() args: ConnectionArgs): Promise<KeysetPage<Organization>> {
    return this.service.list(args);
  }

  @Mutation(() => OrganizationModel, {
    description: 'Creates an organization and invites its owner as admin (platform).',
  })
  @PlatformAdmin()
  @RequireStepUp()
  createOrganization(
    @Args('input') input: CreateOrganizationInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Organization> {
    return this.service.create(input, principal.userId);
  }

  @Mutation(() => OrganizationModel, { description: 'Renames the active organization.' })
  @Roles('admin')
  updateOrganization(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: UpdateOrganizationInput,
  ): Promise<Organization> {
    return this.service.update(scope, input);
  }
}
