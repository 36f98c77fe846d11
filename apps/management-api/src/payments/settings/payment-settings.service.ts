import { Injectable } from '@nestjs/common';
import type { PaymentSettings } from '../../generated/prisma/client.js';
import { TenantDatabase } from '../../tenancy/tenant-database.js';
import type { TenantScope } from '../../tenancy/tenant-scope.js';
import type { PaymentSettingsModel } from './models/payment-settings.model.js';

/** The platform merchant's webhook path (WompiWebhooksController); an organization's adds its id. */
export const WOMPI_WEBHOOK_PATH = '/api/payments/webhooks/wompi';

/** What an admin sees of the organization's payment settings: never a secret. */
export function paymentSettingsView(
  organizationId: string,
  settings: Pick<PaymentSettings, 'wompiPublicKey' | 'updatedAt' | 'updatedBy'> | null,
): PaymentSettingsModel {
  return {
    provider: 'WOMPI',
    ownMerchant: settings !== null,
    wompiPublicKey: settings?.wompiPublicKey ?? null,
    webhookUrl: settings ? `${WOMPI_WEBHOOK_PATH}/${organizationId}` : WOMPI_WEBHOOK_PATH,
    updatedAt: settings?.updatedAt ?? null,
    updatedBy: settings?.updatedBy ?? null,
  };
}

@Injectable()
export class PaymentSettingsService {
  constructor(private readonly db: TenantDatabase) {}

  async view(scope: TenantScope): Promise<PaymentSettingsModel> {
    const settings = await this.db.client.paymentSettings.findFirst({
      where: { organizationId: scope.organizationId },
      select: { wompiPublicKey: true, updatedAt: true, updatedBy: true },
    });
    return paymentSettingsView(scope.organizationId, settings);
  }
}
