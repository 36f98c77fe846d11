import { Injectable } from '@nestjs/common';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import {
  type KeysetOrdering,
  type KeysetPage,
  planKeyset,
  toPage,
} from '../common/pagination/keyset.js';
import type { MemberProfile, MemberRole } from '../generated/prisma/client.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';

export interface MemberFilter {
  search?: string;
  role?: MemberRole;
  emailVerified?: boolean;
}

@Injectable()
export class MembersRepository {
  constructor(private readonly db: TenantDatabase) {}

  async page(
    scope: TenantScope,
    filter: MemberFilter,
    ordering: KeysetOrdering<MemberProfile>,
    args: ConnectionArgs,
  ): Promise<KeysetPage<MemberProfile>> {
    const plan = planKeyset(args, ordering);
    const rows = await this.db.client.memberProfile.findMany({
      where: { AND: [this.filterWhere(scope, filter), plan.where ?? {}] },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, ordering, args);
  }

  findByUser(scope: TenantScope, userId: string): Promise<MemberProfile | null> {
    return this.db.client.memberProfile.findFirst({
      where: { organizationId: scope.organizationId, userId },
    });
  }

  updateRole(scope: TenantScope, userId: string, role: MemberRole): Promise<MemberProfile> {
    return this.db.client.memberProfile.update({
      where: {
        organizationId_userId: { organizationId: scope.organizationId, userId },
        organizationId: scope.organizationId,
      },
      data: { role },
    });
  }

  async remove(scope: TenantScope, userId: string): Promise<void> {
    await this.db.client.memberProfile.deleteMany({
      where: { organizationId: scope.organizationId, userId },
    });
  }

  count(scope: TenantScope, filter: MemberFilter): Promise<number> {
    return this.db.client.memberProfile.count({ where: this.filterWhere(scope, filter) });
  }

  private filterWhere(scope: TenantScope, filter: MemberFilter) {
    return {
      organizationId: scope.organizationId,
      ...(filter.role ? { role: filter.role } : {}),
      ...(filter.emailVerified !== undefined ? { emailVerified: filter.emailVerified } : {}),
      ...(filter.search
        ? {
            OR: [
              { name: { contains: filter.search, mode: 'insensitive' as const } },
              { email: { contains: filter.search, mode: 'insensitive' as const } },
            ],
          }
        : {}),
    };
  }
}
