import { Injectable } from '@nestjs/common';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import {
  type KeysetOrdering,
  type KeysetPage,
  planKeyset,
  toPage,
} from '../common/pagination/keyset.js';
import type { Category } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';

const BY_POSITION: KeysetOrdering<Category> = {
  name: 'POSITION',
  field: 'position',
  direction: 'asc',
  valueOf: (row) => String(row.position),
  parse: (value) => {
    const position = Number(value);
    return Number.isSafeInteger(position) ? position : -1;
  },
};

@Injectable()
export class CategoriesRepository {
  constructor(private readonly db: TenantDatabase) {}

  async page(scope: TenantScope, args: ConnectionArgs): Promise<KeysetPage<Category>> {
    const plan = planKeyset(args, BY_POSITION);
    const rows = await this.db.client.category.findMany({
      where: { AND: [{ organizationId: scope.organizationId }, plan.where ?? {}] },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, BY_POSITION, args);
  }

  find(scope: TenantScope, id: string): Promise<Category | null> {
    return this.db.client.category.findFirst({
      where: { organizationId: scope.organizationId, id },
    });
  }

  slugsLike(scope: TenantScope, slug: string): Promise<{ slug: string }[]> {
    return this.db.client.category.findMany({
      where: { organizationId: scope.organizationId, slug: { startsWith: slug } },
      select: { slug: true },
    });
  }

  create(
    scope: TenantScope,
    data: { name: string; slug: string; position: number },
  ): Promise<Category> {
    return this.db.client.category.create({
      data: { ...data, organizationId: scope.organizationId },
    });
  }

  update(
    scope: TenantScope,
    id: string,
    data: { name?: string; slug?: string; position?: number },
  ) {
    return this.db.client.category.update({
      where: { id, organizationId: scope.organizationId },
      data,
    });
  }

  delete(scope: TenantScope, id: string): Promise<Category> {
    return this.db.client.category.delete({ where: { id, organizationId: scope.organizationId } });
  }

  async isUsed(scope: TenantScope, id: string): Promise<boolean> {
    const where = { organizationId: scope.organizationId, categoryId: id };
    const [events, campaigns] = await Promise.all([
      this.db.client.event.count({ where }),
      this.db.client.campaign.count({ where }),
    ]);
    return events + campaigns > 0;
  }

  /** Categories by id as the caller may see them (their own, or public ones). */
  findMany(ids: readonly string[]): Promise<Category[]> {
    return this.db.public.category.findMany({ where: { id: { in: [...ids] } } });
  }

  findManyOwn(scope: TenantScope, ids: readonly string[]): Promise<Category[]> {
    return this.db.client.category.findMany({
      where: { organizationId: scope.organizationId, id: { in: [...ids] } },
    });
  }
}
