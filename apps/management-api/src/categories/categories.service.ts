import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import { isForeignKeyViolation, isUniqueViolation } from '../common/prisma-errors.js';
import { slugify } from '../common/slug.js';
import type { Category } from '../generated/prisma/client.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { CategoriesRepository } from './categories.repository.js';
import type { CreateCategoryInput, UpdateCategoryInput } from './dto/category.inputs.js';

export const CATEGORY_IN_USE = 'CATEGORY_IN_USE';
export const CATEGORY_NAME_TAKEN = 'CATEGORY_NAME_TAKEN';

function nameTaken(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw new AppError('CONFLICT', 'A category with that name already exists', {
      reason: CATEGORY_NAME_TAKEN,
    });
  }
  throw error;
}

@Injectable()
export class CategoriesService {
  constructor(private readonly categories: CategoriesRepository) {}

  list(scope: TenantScope, args: ConnectionArgs): Promise<KeysetPage<Category>> {
    return this.categories.page(scope, args);
  }

  async create(scope: TenantScope, input: CreateCategoryInput): Promise<Category> {
    const name = input.name.trim();
    const slug = await this.freeSlug(scope, slugify(name));
    return this.categories
      .create(scope, { name, slug, position: input.position ?? 0 })
      .catch(nameTaken);
  }

  async update(scope: TenantScope, input: UpdateCategoryInput): Promise<Category> {
    const current = await this.require(scope, input.id);
    const name = input.name?.trim();
    const renamed = name !== undefined && name !== current.name;
    return this.categories
      .update(scope, input.id, {
        ...(renamed ? { name, slug: await this.freeSlug(scope, slugify(name)) } : {}),
        ...(input.position != null ? { position: input.position } : {}),
      })
      .catch(nameTaken);
  }

  async delete(scope: TenantScope, id: string): Promise<Category> {
    await this.require(scope, id);
    if (await this.categories.isUsed(scope, id)) {
      throw new AppError('CONFLICT', 'An event or campaign uses this category', {
        reason: CATEGORY_IN_USE,
      });
    }
    return this.categories.delete(scope, id).catch((error: unknown) => {
      // An event took the category between the check and the delete.
      if (isForeignKeyViolation(error)) {
        throw new AppError('CONFLICT', 'An event or campaign uses this category', {
          reason: CATEGORY_IN_USE,
        });
      }
      throw error;
    });
  }

  async require(scope: TenantScope, id: string): Promise<Category> {
    const category = await this.categories.find(scope, id);
    if (!category) throw new AppError('NOT_FOUND', 'Category not found');
    return category;
  }

  /** The slug, or the slug with the first free number after it. */
  private async freeSlug(scope: TenantScope, base: string): Promise<string> {
    const taken = new Set((await this.categories.slugsLike(scope, base)).map((row) => row.slug));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}
