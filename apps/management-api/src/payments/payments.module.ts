import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { PaymentInbox } from './inbox/payment-inbox.system-path.js';
import { WompiWebhooksController } from './inbox/wompi-webhooks.controller.js';
import { PaymentMerchants } from './merchants/payment-merchants.system-path.js';
import { PaymentSettlers } from './payment-settlers.js';
import { PaymentStarts } from './payment-starts.js';
import { PaymentsResolver } from './payments.resolver.js';
import { ReconcilePayments } from './reconciliation/reconcile-payments.system-path.js';
import { PaymentSettingsResolver } from './settings/payment-settings.resolver.js';
import { PaymentSettingsService } from './settings/payment-settings.service.js';
import { UpdatePaymentSettings } from './settings/update-payment-settings.use-case.js';
import { WompiApi } from './wompi/wompi-api.js';
import { WompiCheckouts } from './wompi/wompi-checkouts.js';

@Module({
  imports: [LedgerModule],
  controllers: [WompiWebhooksController],
  providers: [
    PaymentMerchants,
    PaymentSettlers,
    PaymentInbox,
    WompiApi,
    WompiCheckouts,
    PaymentStarts,
    ReconcilePayments,
    PaymentsResolver,
    PaymentSettingsService,
    UpdatePaymentSettings,
    PaymentSettingsResolver,
  ],
  exports: [
    PaymentMerchants,
    PaymentSettlers,
    PaymentStarts,
    PaymentInbox,
    WompiCheckouts,
    WompiApi,
    ReconcilePayments,
  ],
})
export class PaymentsModule {}
