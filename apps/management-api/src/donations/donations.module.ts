import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { ViewerModule } from '../viewer/viewer.module.js';
import { Donate } from './donate.use-case.js';
import { DonationClaims } from './donation-claims.system-path.js';
import {
  DonationFieldsResolver,
  RecurringDonationFieldsResolver,
} from './donation-fields.resolver.js';
import { DonationPaymentSettler } from './donation-payment-settler.js';
import { DonationSettlement } from './donation-settlement.js';
import { DonationsRepository } from './donations.repository.js';
import { DonationsResolver } from './donations.resolver.js';
import { GuestDonations } from './guest-donations.system-path.js';
import { GuestLimits } from './guest-limits.js';
import { MarkDonationPaid } from './mark-donation-paid.use-case.js';
import { MyDonationsResolver } from './my-donations.resolver.js';
import { ChangeRecurringDonation } from './recurring/change-recurring-donation.use-case.js';
import { RecurringCharges } from './recurring/recurring-charges.system-path.js';
import { RecurringOutcomes } from './recurring/recurring-outcomes.js';
import { RecurringStarts } from './recurring/recurring-starts.js';
import { RefundDonation } from './refund-donation.use-case.js';
import { CampaignTotalsResolver } from './totals/campaign-totals.resolver.js';
import { CampaignTotalsReader } from './totals/campaign-totals.system-path.js';

@Module({
  imports: [OrganizationsModule, PaymentsModule, ViewerModule],
  providers: [
    DonationsRepository,
    DonationSettlement,
    DonationPaymentSettler,
    RecurringOutcomes,
    RecurringStarts,
    RecurringCharges,
    ChangeRecurringDonation,
    GuestLimits,
    GuestDonations,
    DonationClaims,
    Donate,
    MarkDonationPaid,
    RefundDonation,
    CampaignTotalsReader,
    DonationsResolver,
    MyDonationsResolver,
    DonationFieldsResolver,
    RecurringDonationFieldsResolver,
    CampaignTotalsResolver,
  ],
  exports: [DonationClaims, RecurringCharges],
})
export class DonationsModule {}
