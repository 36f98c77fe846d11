import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Organization } from '../generated/prisma/client.js';
import { OrganizationBySlugArgs } from './dto/organization-by-slug.args.js';
import { OrganizationModel } from './models/organization.model.js';
import { OrganizationsService } from './organizations.service.js';

@Resolver(() => OrganizationModel)
export class OrganizationsResolver {
  constructor(private readonly organizations: OrganizationsService) {}

  /** Public profile of an organization, for its page in the app. */
  @Query(() => OrganizationModel, {
    name: 'organizationBySlug',
    description: 'Public profile of an organization, by its handle.',
  })
  organizationBySlug(@Args() { slug }: OrganizationBySlugArgs): Promise<Organization> {
    return this.organizations.getBySlug(slug);
  }
}
