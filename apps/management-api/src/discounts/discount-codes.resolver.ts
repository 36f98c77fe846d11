import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/access.decorators.js';
import { SafeInt } from '../common/money.js';
import type { DiscountCode } from '../generated/prisma/client.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { DiscountCodesService } from './discount-codes.service.js';
import {
  CreateDiscountCodeInput,
  DiscountCodesArgs,
  UpdateDiscountCodeInput,
} from './dto/discount-code.inputs.js';
import { DiscountCodeModel } from './models/discount-code.model.js';

@Resolver(() => DiscountCodeModel)
export class DiscountCodesResolver {
  constructor(private readonly service: DiscountCodesService) {}

  @Query(() => [DiscountCodeModel], { description: "An event's discount codes." })
  @Roles('admin', 'moderator')
  discountCodes(
    @CurrentTenant() scope: TenantScope,
    @Args() { eventId }: DiscountCodesArgs,
  ): Promise<DiscountCode[]> {
    return this.service.list(scope, eventId);
  }

  @Mutation(() => DiscountCodeModel)
  @Roles('admin', 'moderator')
  createDiscountCode(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: CreateDiscountCodeInput,
  ): Promise<DiscountCode> {
    return this.service.create(scope, input);
  }

  @Mutation(() => DiscountCodeModel)
  @Roles('admin', 'moderator')
  updateDiscountCode(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: UpdateDiscountCodeInput,
  ): Promise<DiscountCode> {
    return this.service.update(scope, input);
  }

  @ResolveField(() => SafeInt)
  value(@Parent() code: DiscountCode): number {
    return Number(code.value);
  }
}
