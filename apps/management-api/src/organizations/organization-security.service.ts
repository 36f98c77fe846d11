import { Injectable } from '@nestjs/common';
import type { Principal } from '@trivance/shared';
import { AuthClient, type AuthOrganizationSecurity } from '../auth-client/auth-client.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import type { OrganizationSecurityModel } from './models/organization-security.model.js';

function toModel(settings: AuthOrganizationSecurity): OrganizationSecurityModel {
  return {
    organizationId: settings.organizationId,
    requireMfaForStaff: settings.requireMfaForStaff,
    updatedAt: settings.updatedAt ? new Date(settings.updatedAt) : null,
  };
}

/**
 * Security settings live with the Auth Service, which owns memberships and
 * puts them into the tokens it issues; this reads and changes them there.
 */
@Injectable()
export class OrganizationSecurityService {
  constructor(private readonly auth: AuthClient) {}

  async get(scope: TenantScope): Promise<OrganizationSecurityModel> {
    return toModel(await this.auth.getOrganizationSecurity(scope.organizationId));
  }

  async update(
    scope: TenantScope,
    changes: { requireMfaForStaff: boolean },
    actor: Principal,
  ): Promise<OrganizationSecurityModel> {
    return toModel(
      await this.auth.setOrganizationSecurity(scope.organizationId, changes, actor.userId),
    );
  }
}
