import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { InjectConfig, type ManagementConfig } from '../../config/config.module.js';
import { Outbox } from '../../outbox/outbox.js';
import { TenantDatabase } from '../../tenancy/tenant-database.js';
import type { TenantScope } from '../../tenancy/tenant-scope.js';
import { UnitOfWork } from '../../tenancy/unit-of-work.js';
import { PaymentMerchants } from '../merchants/payment-merchants.system-path.js';
import { sealMerchantSecrets } from '../merchants/wompi-merchant.js';
import type { UpdatePaymentSettingsInput } from './dto/update-payment-settings.input.js';
import type { PaymentSettingsModel } from './models/payment-settings.model.js';
import { paymentSettingsView } from './payment-settings.service.js';

/**
 * An admin connects (or replaces) the organization's own Wompi merchant. The
 * secrets are sealed for this organization before they reach the database;
 * the row and `payment_settings.changed` (which mails every admin) are written
 * in one unit of work, and this instance stops using what it remembered of
 * the old merchant as soon as it commits (others within 15 seconds).
 */
@Injectable()
export class UpdatePaymentSettings {
  private readonly key: Buffer;

  constructor(
    @InjectConfig() config: ManagementConfig,
    private readonly units: UnitOfWork,
    private readonly db: TenantDatabase,
    private readonly outbox: Outbox,
    private readonly merchants: PaymentMerchants,
  ) {
    this.key = Buffer.from(config.SETTINGS_ENCRYPTION_KEY, 'base64');
  }

  async execute(
    scope: TenantScope,
    input: UpdatePaymentSettingsInput,
  ): Promise<PaymentSettingsModel> {
    const { organizationId } = scope;
    const actorId = requestContext.principal().userId;
    const wompiSecrets = sealMerchantSecrets(this.key, organizationId, {
      privateKey: input.wompiPrivateKey,
      eventsSecret: input.wompiEventsSecret,
      integritySecret: input.wompiIntegritySecret,
    });
    const saved = await this.units.run(async (unit) => {
      // Changes of one organization's settings queue, so each notice says truly what it replaced.
      await unit.lock('payment-settings', organizationId);
      const organization = await this.db.client.organization.findUnique({
        where: { id: organizationId },
        select: { name: true },
      });
      const previous = await this.db.client.paymentSettings.findFirst({
        where: { organizationId },
        select: { organizationId: true },
      });
      const admins = await this.db.client.memberProfile.findMany({
        where: { organizationId, role: 'ADMIN' },
        select: { userId: true, email: true, name: true },
        orderBy: { createdAt: 'asc' },
      });
      if (!organization) throw new AppError('NOT_FOUND', 'Organization not found');
      const written = {
        wompiPublicKey: input.wompiPublicKey,
        wompiSecrets,
        updatedBy: actorId,
      };
      const settings = await this.db.client.paymentSettings.upsert({
        where: { organizationId },
        create: { organizationId, ...written },
        update: written,
        select: { wompiPublicKey: true, updatedAt: true, updatedBy: true },
      });
      await this.outbox.record(unit, {
        type: 'payment_settings.changed',
        organizationId,
        payload: {
          actorId,
          actorName: admins.find((admin) => admin.userId === actorId)?.name ?? null,
          organizationName: organization.name,
          wompiPublicKey: settings.wompiPublicKey,
          connected: previous === null,
          changedAt: settings.updatedAt.toISOString(),
          admins,
        },
      });
      return settings;
    });
    this.merchants.forget(organizationId);
    return paymentSettingsView(organizationId, saved);
  }
}
