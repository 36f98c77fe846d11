import { Injectable } from '@nestjs/common';
import { orderedBy, requestLoader } from '../common/request-loader.js';
import type { Category } from '../generated/prisma/client.js';
import { currentTenantScope } from '../tenancy/tenant-scope.js';
import { ownThenPublic } from '../tenancy/visible-rows.js';
import { CategoriesRepository } from './categories.repository.js';

/** Categories as the caller may see them: their organization's, and public ones. */
@Injectable()
export class CategoryLoader {
  private readonly key = Symbol('CategoryLoader');

  constructor(private readonly categories: CategoriesRepository) {}

  load(id: string): Promise<Category | null> {
    return requestLoader<string, Category | null>(this.key, async (ids) => {
      const rows = await ownThenPublic(
        ids,
        (row: Category) => row.id,
        (keys) => this.categories.findManyOwn(currentTenantScope(), keys),
        (keys) => this.categories.findMany(keys),
      );
      return orderedBy<string, Category | null>(
        ids,
        rows,
        (row) => row!.id,
        () => null,
      );
    }).load(id);
  }
}
