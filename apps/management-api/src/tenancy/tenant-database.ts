import { Injectable } from '@nestjs/common';
import { requestContext } from '@trivance/shared';
import { PrismaService } from '../database/prisma.service.js';
import type { MemberProfile } from '../generated/prisma/client.js';
import {
  createPublicClient,
  createScopedClient,
  type PublicClient,
  type ScopedClient,
} from './scoped-client.js';
import { rawTransaction, UnitOfWork } from './unit-of-work.js';

/** Prisma Client as request code must use it: scoped to the caller, or to what is public. */
@Injectable()
export class TenantDatabase {
  readonly client: ScopedClient;
  readonly public: PublicClient;

  constructor(
    prisma: PrismaService,
    private readonly units: UnitOfWork,
  ) {
    this.client = createScopedClient(prisma, units);
    this.public = createPublicClient(prisma, units);
  }

  /**
   * The caller's own member profiles in every organization (the viewer's
   * memberships): the one read of tenant-owned rows that is keyed on the user
   * instead of the organization. Row-level security's self policy holds it
   * to the caller's rows whatever the filter says.
   */
  profilesOfCaller(): Promise<MemberProfile[]> {
    const { userId } = requestContext.principal();
    return this.units.run((unit) =>
      rawTransaction(unit).memberProfile.findMany({
        where: { userId },
        orderBy: { createdAt: 'asc' },
      }),
    );
  }
}
