import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AppError } from '@trivance/shared';
import { Roles } from '../auth/access.decorators.js';
import { RequireStepUp } from '../auth/step-up.decorator.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import type { Donation } from '../generated/prisma/client.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { DonationsRepository } from './donations.repository.js';
import {
  DonationIdArgs,
  DonationsArgs,
  MarkDonationPaidInput,
  RefundDonationInput,
} from './dto/donation.inputs.js';
import { MarkDonationPaid } from './mark-donation-paid.use-case.js';
import { DonationConnectionModel, DonationModel } from './models/donation.model.js';
import { RefundDonation } from './refund-donation.use-case.js';

/** What an organization's admins do with gifts (DOMAIN.md: donors' data is theirs to read). */
@Resolver(() => DonationModel)
export class DonationsResolver {
  constructor(
    private readonly donations: DonationsRepository,
    private readonly markPaid: MarkDonationPaid,
    private readonly refunds: RefundDonation,
  ) {}

  @Query(() => DonationConnectionModel, {
    name: 'donations',
    description: "The organization's gifts, newest first.",
  })
  @Roles('admin')
  list(
    @CurrentTenant() scope: TenantScope,
    @Args() args: DonationsArgs,
  ): Promise<KeysetPage<Donation>> {
    return this.donations.page(scope, args.filter ?? {}, args);
  }

  @Query(() => DonationModel, { name: 'donation' })
  @Roles('admin')
  async one(
    @CurrentTenant() scope: TenantScope,
    @Args() { id }: DonationIdArgs,
  ): Promise<Donation> {
    return this.found(await this.donations.findForStaff(scope, id));
  }

  @Mutation(() => DonationModel, {
    description:
      'Records a manual gift’s payment (MANUAL provider), with who and the receipt. Needs a recent second factor.',
  })
  @Roles('admin')
  @RequireStepUp()
  async markDonationPaid(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: MarkDonationPaidInput,
  ): Promise<Donation> {
    await this.markPaid.execute(scope, input);
    return this.found(await this.donations.findForStaff(scope, input.id));
  }

  @Mutation(() => DonationModel, {
    description:
      'Everything still captured by default, or a part; recorded with how the money went back. Needs a recent second factor.',
  })
  @Roles('admin')
  @RequireStepUp()
  async refundDonation(
    @CurrentTenant() scope: TenantScope,
    @Args('input') input: RefundDonationInput,
  ): Promise<Donation> {
    await this.refunds.execute(scope, input);
    return this.found(await this.donations.findForStaff(scope, input.id));
  }

  private found(donation: Donation | null): Donation {
    if (!donation) throw new AppError('NOT_FOUND', 'Donation not found');
    return donation;
  }
}
