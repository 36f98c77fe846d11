import { Injectable } from '@nestjs/common';
import { InjectConfig, type ManagementConfig } from '../../config/config.module.js';
import { SystemDatabase } from '../../database/system-database.js';
import { openMerchantSecrets, type WompiMerchant } from './wompi-merchant.js';

/** How long an instance trusts what it read about an organization's merchant. */
const REMEMBER_MS = 15_000;
/** Webhook paths name organizations from outside: what is remembered stays bounded. */
const REMEMBER_AT_MOST = 10_000;

/**
 * Which Wompi merchant takes an organization's payments: its own, when an
 * admin connected one, else the platform's. Buyers, webhooks and
 * reconciliation all need it, and none of them may read the organization's
 * settings under row-level security (only its admins may), so it is read
 * through the payments path, audited whenever an organization's own secrets
 * are opened, and remembered briefly. The only entry point of
 * `payments.merchants`.
 */
@Injectable()
export class PaymentMerchants {
  private readonly key: Buffer;
  private readonly remembered = new Map<
    string,
    { merchant: WompiMerchant | null; until: number }
  >();

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly system: SystemDatabase,
  ) {
    this.key = Buffer.from(config.SETTINGS_ENCRYPTION_KEY, 'base64');
  }

  platform(): WompiMerchant {
    return {
      ownedBy: null,
      publicKey: this.config.WOMPI_PUBLIC_KEY,
      privateKey: this.config.WOMPI_PRIVATE_KEY,
      eventsSecret: this.config.WOMPI_EVENTS_SECRET,
      integritySecret: this.config.WOMPI_INTEGRITY_SECRET,
    };
  }

  async forOrganization(organizationId: string): Promise<WompiMerchant> {
    return (await this.ownOf(organizationId)) ?? this.platform();
  }

  /** The organization's own merchant, or null when it has none (or does not exist). */
  async ownOf(organizationId: string): Promise<WompiMerchant | null> {
    const known = this.remembered.get(organizationId);
    if (known && known.until > Date.now()) return known.merchant;
    const merchant = await this.system.run(
      'payments.merchants',
      {
        actor: 'payments',
        reason: "open an organization's own merchant keys",
        detail: { organizationId },
        quietWhenIdle: true,
      },
      async (tx, audit) => {
        const settings = await tx.paymentSettings.findUnique({ where: { organizationId } });
        if (!settings) return null;
        audit.touched(1);
        return {
          ownedBy: organizationId,
          publicKey: settings.wompiPublicKey,
          ...openMerchantSecrets(this.key, organizationId, settings.wompiSecrets),
        } satisfies WompiMerchant;
      },
    );
    if (this.remembered.size >= REMEMBER_AT_MOST) {
      // The oldest entry first (a Map iterates in insertion order).
      this.remembered.delete(this.remembered.keys().next().value!);
    }
    this.remembered.set(organizationId, { merchant, until: Date.now() + REMEMBER_MS });
    return merchant;
  }

  /** After a change on this instance; others see it within REMEMBER_MS. */
  forget(organizationId: string): void {
    this.remembered.delete(organizationId);
  }
}
