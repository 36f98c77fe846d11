import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/access.decorators.js';
import { ConnectionArgs } from '../common/pagination/connection.args.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import type { Category } from '../generated/prisma/client.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { CategoriesService } from './categories.service.js';
import {
  CreateCategoryInput,
  DeleteCategoryInput,
  UpdateCategoryInput,
} from './dto/category.inputs.js';
import { CategoryConnectionModel, CategoryModel } from './models/category.model.js';

@Resolver(() => CategoryModel)
export class CategoriesResolver {
  constructor(private readonly service: CategoriesService) {}

  @Query(() => CategoryConnectionModel, {
    description: "The active organization's categories, by position.",
  })
  @Roles('admin', 'moderator', 'user')
  categories(
    @CurrentTenant() scope: TenantScope,
    @Args() args: ConnectionArgs,
  ): Promise<KeysetPage<Category>> {
    return this.service.list(scope, args);
  }

  @Mutation(() => CategoryModel)
  @Roles('admin', 'moderator')
  createCategory(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: CreateCategoryInput,
  ): Promise<Category> {
    return this.service.create(scope, input);
  }

  @Mutation(() => CategoryModel)
  @Roles('admin', 'moderator')
  updateCategory(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: UpdateCategoryInput,
  ): Promise<Category> {
    return this.service.update(scope, input);
  }

  @Mutation(() => CategoryModel, {
    description: 'Refused (CATEGORY_IN_USE) while an event or campaign uses it.',
  })
  @Roles('admin', 'moderator')
  deleteCategory(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: DeleteCategoryInput,
  ): Promise<Category> {
    return this.service.delete(scope, input.id);
  }
}
