import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuthClient } from '../auth-client/auth-client.js';
import { PUBLIC_SCOPE, ReadCache } from '../cache/read-cache.js';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import type { Organization } from '../generated/prisma/client.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import type {
  CreateOrganizationInput,
  UpdateOrganizationInput,
} from './dto/organization.inputs.js';
import { OrganizationsRepository } from './organizations.repository.js';
import { PlatformOrganizations } from './platform-organizations.system-path.js';

const CACHE = 'organization';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly cache: ReadCache,
    private readonly auth: AuthClient,
    private readonly platform: PlatformOrganizations,
  ) {}

  async getBySlug(slug: string): Promise<Organization> {
    const normalized = slug.trim().toLowerCase();
    const organization = await this.cache.getOrLoad(CACHE, PUBLIC_SCOPE, `slug:${normalized}`, () =>
      this.organizations.findBySlug(normalized),
    );
    if (!organization) throw new AppError('NOT_FOUND', 'Organization not found');
    return organization;
  }

  async getById(id: string): Promise<Organization> {
    const organization = await this.cache.getOrLoad(CACHE, PUBLIC_SCOPE, `id:${id}`, () =>
      this.organizations.findById(id),
    );
    if (!organization) throw new AppError('NOT_FOUND', 'Organization not found');
    return organization;
  }

  list(args: ConnectionArgs): Promise<KeysetPage<Organization>> {
    return this.organizations.page(args);
  }

  /**
   * Creates the organization and invites its owner through the Auth Service
   * in one platform transaction: if the invitation fails, the caller sees a
   * clear error and no organization was made.
   */
  create(input: CreateOrganizationInput, invitedByUserId: string): Promise<Organization> {
    return this.platform.create(
      { name: input.name.trim(), slug: input.slug },
      invitedByUserId,
      async (organization) => {
        await this.auth.inviteMember(
          {
            organizationId: organization.id,
            email: input.ownerEmail.trim().toLowerCase(),
            role: 'admin',
            invitedByUserId,
          },
          `create-organization:${organization.id}:owner`,
        );
      },
    );
  }

  async update(scope: TenantScope, input: UpdateOrganizationInput): Promise<Organization> {
    const before = await this.getById(scope.organizationId);
    const updated = await this.organizations.update(scope, {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.slug !== undefined ? { slug: input.slug } : {}),
      ...(input.legalName !== undefined ? { legalName: input.legalName?.trim() || null } : {}),
      ...(input.taxId !== undefined ? { taxId: input.taxId?.trim() || null } : {}),
    });
    await this.cache.invalidate(
      CACHE,
      PUBLIC_SCOPE,
      `id:${updated.id}`,
      `slug:${before.slug}`,
      `slug:${updated.slug}`,
    );
    return updated;
  }
}
