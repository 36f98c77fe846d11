import { Injectable } from '@nestjs/common';
import { AppError, isSuperAdmin, type Principal } from '@trivance/shared';
import { type AuthAccount, AuthClient } from '../auth-client/auth-client.js';
import { ReadCache } from '../cache/read-cache.js';
import { Role } from '../common/graphql-enums.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { ViewerModel } from './models/viewer.model.js';

export const VIEWER_CACHE = 'viewer';

/**
 * The caller: their account as the Auth Service (the source of truth) knows
 * it, cached, and their memberships from the local projection.
 */
@Injectable()
export class ViewerService {
  constructor(
    private readonly auth: AuthClient,
    private readonly cache: ReadCache,
    private readonly db: TenantDatabase,
  ) {}

  /** The account as the Auth Service knows it, cached for a few minutes. */
  account(userId: string): Promise<AuthAccount | null> {
    return this.cache.getOrLoad<AuthAccount>(
      VIEWER_CACHE,
      { kind: 'account', userId },
      'account',
      () => this.auth.getAccount(userId),
    );
  }

  async viewer(principal: Principal): Promise<ViewerModel> {
    const [account, profiles] = await Promise.all([
      this.account(principal.userId),
      this.db.profilesOfCaller(),
    ]);
    if (!account) throw new AppError('NOT_FOUND', 'Account not found');
    return {
      id: account.id,
      email: account.email,
      name: account.name,
      emailVerified: account.emailVerified,
      platformRole: isSuperAdmin(principal) ? Role.SUPER_ADMIN : null,
      activeOrganizationId: principal.organizationId ?? null,
      memberships: profiles.map((profile) => ({
        organizationId: profile.organizationId,
        role: profile.role as Role,
      })),
    };
  }

  invalidate(userId: string): Promise<void> {
    return this.cache.invalidate(VIEWER_CACHE, { kind: 'account', userId }, 'account');
  }
}
