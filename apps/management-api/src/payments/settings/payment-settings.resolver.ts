import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../../auth/access.decorators.js';
import { RequireStepUp } from '../../auth/step-up.decorator.js';
import { CurrentTenant } from '../../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../../tenancy/tenant-scope.js';
import { UpdatePaymentSettingsInput } from './dto/update-payment-settings.input.js';
import { PaymentSettingsModel } from './models/payment-settings.model.js';
import { PaymentSettingsService } from './payment-settings.service.js';
import { UpdatePaymentSettings } from './update-payment-settings.use-case.js';

/** The organization's own Wompi merchant (DOMAIN.md, "Payments"): admins only. */
@Resolver(() => PaymentSettingsModel)
export class PaymentSettingsResolver {
  constructor(
    private readonly settings: PaymentSettingsService,
    private readonly update: UpdatePaymentSettings,
  ) {}

  @Query(() => PaymentSettingsModel, {
    description: "Which merchant takes the organization's payments, and its webhook address.",
  })
  @Roles('admin')
  paymentSettings(@CurrentTenant() scope: TenantScope): Promise<PaymentSettingsModel> {
    return this.settings.view(scope);
  }

  @Mutation(() => PaymentSettingsModel, {
    description:
      "Connects (or replaces) the organization's own Wompi merchant; new checkouts use it at " +
      'once. Every admin of the organization is mailed. Needs a recent second factor.',
  })
  @Roles('admin')
  @RequireStepUp()
  updatePaymentSettings(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: UpdatePaymentSettingsInput,
  ): Promise<PaymentSettingsModel> {
    return this.update.execute(scope, input);
  }
}
