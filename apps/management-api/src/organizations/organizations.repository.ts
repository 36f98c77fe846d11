import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import { newestFirst, type KeysetPage, planKeyset, toPage } from '../common/pagination/keyset.js';
import { Prisma, type Organization } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';

const NEWEST_FIRST = newestFirst<Organization>();

export function slugTaken(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    throw new AppError('CONFLICT', 'That slug is already taken', { reason: 'SLUG_TAKEN' });
  }
  throw error;
}

/** Organizations are public rows: readable by anyone, written by their own admins. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly db: TenantDatabase) {}

  findBySlug(slug: string): Promise<Organization | null> {
    return this.db.client.organization.findUnique({ where: { slug } });
  }

  findById(id: string): Promise<Organization | null> {
    return this.db.client.organization.findUnique({ where: { id } });
  }

  findManyByIds(ids: readonly string[]): Promise<Organization[]> {
    return this.db.client.organization.findMany({ where: { id: { in: [...ids] } } });
  }

  async page(args: ConnectionArgs): Promise<KeysetPage<Organization>> {
    const plan = planKeyset(args, NEWEST_FIRST);
    const rows = await this.db.client.organization.findMany({
      where: plan.where,
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, NEWEST_FIRST, args);
  }

  update(
    scope: TenantScope,
    data: { name?: string; slug?: string; legalName?: string | null; taxId?: string | null },
  ): Promise<Organization> {
    return this.db.client.organization
      .update({ where: { id: scope.organizationId }, data })
      .catch(slugTaken);
  }
}
