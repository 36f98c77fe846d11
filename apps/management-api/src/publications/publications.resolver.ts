import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public, Roles } from '../auth/access.decorators.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import type { Organization, Publication } from '../generated/prisma/client.js';
import { OrganizationModel } from '../organizations/models/organization.model.js';
import { OrganizationLoader } from '../organizations/organization.loader.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import {
  CreatePublicationInput,
  PublicationIdArgs,
  PublicationIdInput,
  PublicationsArgs,
  PublicFeedArgs,
  UpdatePublicationInput,
} from './dto/publication.inputs.js';
import { PublicationConnectionModel, PublicationModel } from './models/publication.model.js';
import { PublicationsService } from './publications.service.js';

@Resolver(() => PublicationModel)
export class PublicationsResolver {
  constructor(
    private readonly service: PublicationsService,
    private readonly organizations: OrganizationLoader,
  ) {}

  @Query(() => PublicationConnectionModel, {
    description: "The active organization's publications, by position then newest.",
  })
  @Roles('admin', 'moderator', 'user')
  publications(
    @CurrentTenant() scope: TenantScope,
    @Args() args: PublicationsArgs,
  ): Promise<KeysetPage<Publication>> {
    return this.service.list(scope, args.filter ?? {}, args);
  }

  @Query(() => PublicationModel)
  @Roles('admin', 'moderator', 'user')
  publication(
    @CurrentTenant() scope: TenantScope,
    @Args() { id }: PublicationIdArgs,
  ): Promise<Publication> {
    return this.service.get(scope, id);
  }

  @Query(() => PublicationConnectionModel, {
    description:
      'Published publications inside their window (publishAt to unpublishAt) at the time of the read, by position then newest.',
  })
  @Public()
  publicFeed(@Args() args: PublicFeedArgs): Promise<KeysetPage<Publication>> {
    return this.service.feed(args.filter ?? {}, args);
  }

  @Mutation(() => PublicationModel, { description: 'A new publication, as a draft.' })
  @Roles('admin', 'moderator')
  createPublication(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: CreatePublicationInput,
  ): Promise<Publication> {
    return this.service.create(scope, input);
  }

  @Mutation(() => PublicationModel, {
    description: 'Drafts and published ones alike; a published one changes in the feed at once.',
  })
  @Roles('admin', 'moderator')
  updatePublication(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: UpdatePublicationInput,
  ): Promise<Publication> {
    return this.service.update(scope, input);
  }

  @Mutation(() => PublicationModel, {
    description:
      'DRAFT → PUBLISHED: in the feed inside its window (PUBLICATION_WINDOW_ENDED once unpublishAt has passed).',
  })
  @Roles('admin', 'moderator')
  publishPublication(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: PublicationIdInput,
  ): Promise<Publication> {
    return this.service.publish(scope, input.id);
  }

  @Mutation(() => PublicationModel, { description: 'PUBLISHED → DRAFT: out of the feed.' })
  @Roles('admin', 'moderator')
  unpublishPublication(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: PublicationIdInput,
  ): Promise<Publication> {
    return this.service.unpublish(scope, input.id);
  }

  @Mutation(() => PublicationModel, { description: 'Deletes it; answers what it was.' })
  @Roles('admin', 'moderator')
  deletePublication(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: PublicationIdInput,
  ): Promise<Publication> {
    return this.service.delete(scope, input.id);
  }

  @ResolveField(() => OrganizationModel)
  organization(@Parent() publication: Publication): Promise<Organization> {
    return this.organizations.load(publication.organizationId);
  }
}
