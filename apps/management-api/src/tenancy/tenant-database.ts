import { Injectable } from '@nestjs/common';
import { requestContext } from '@trivance/shared';
import { PrismaService } from '../database/prisma.service.js';
import type { MemberProfile } from '../generated/prisma/client.js';
import { createScopedClient, type ScopedClient, scopeSettings } from './scoped-client.js';

/** Prisma Client as request code must use it: scoped to the caller's tenant. */
@Injectable()
export class TenantDatabase {
  readonly client: ScopedClient;

  constructor(private readonly prisma: PrismaService) {
    this.client = createScopedClient(prisma);
  }

  /**
   * The caller's own member profiles in every organization (the viewer's
   * memberships): the one read of tenant-owned rows that is keyed on the user
   * instead of the organization. Row-level security's self policy holds it
   * to the caller's rows whatever the filter says.
   */
  async profilesOfCaller(): Promise<MemberProfile[]> {
    const principal = requestContext.principal();
    const caller = { ...principal, organizationId: undefined };
    const [, profiles] = await this.prisma.$transaction([
      scopeSettings(this.prisma, caller),
      this.prisma.memberProfile.findMany({
        where: { userId: principal.userId },
        orderBy: { createdAt: 'asc' },
      }),
    ]);
    return profiles;
  }
}
