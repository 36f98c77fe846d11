import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type BackgroundLoop, startLoop } from '../../common/background-loop.js';
import { executorOf, type SqlExecutor } from '../../common/sql-executor.js';
import { InjectConfig, type ManagementConfig } from '../../config/config.module.js';
import { SystemDatabase } from '../../database/system-database.js';
import { Prisma } from '../../generated/prisma/client.js';
import { PaymentMerchants } from '../../payments/merchants/payment-merchants.system-path.js';
import { PaymentStarts } from '../../payments/payment-starts.js';
import { WompiApi, WompiRefusal } from '../../payments/wompi/wompi-api.js';
import { applySettings } from '../../tenancy/database-settings.js';
import { chargeCoveringFees } from '../covered-fee.js';
import { lockDonationPayment, lockDonationRow } from '../donation-rows.js';
import { DonationSettlement } from '../donation-settlement.js';
import { insertDonation } from '../donation-writes.js';
import { resumeStatement } from './resume-statement.js';

const BATCH = 50;
/** A charge written but not sent for this long was interrupted (a crash, the provider down): sent again. */
const UNSUBMITTED_GRACE_MS = 10_000;

interface DueGift {
  id: string;
  organization_id: string;
  user_id: string;
  campaign_id: string;
  amount: bigint;
  currency: string;
  cover_fees: boolean;
  anonymous: boolean;
  donor_email: string;
  donor_name: string;
  donor_tax_id: string | null;
  cycle: number;
  donation_id: string | null;
}

interface ChargeToSend {
  payment_id: string;
  organization_id: string;
  reference: string;
  amount: bigint;
  currency: string;
  payment_source_id: number;
  donor_email: string;
  donation_id: string;
}

/**
 * Charges the monthly gifts that are due, in every organization (the
 * donations.recurring path). Each attempt is first committed as a payment
 * with a new reference and marked in flight on its gift; only then is the
 * saved card charged under that reference, and the payment marked sent. A
 * process killed in between leaves a payment that is sent again under the
 * same reference, which Wompi never charges twice; the gift is locked (SKIP
 * LOCKED) and re-checked when its attempt is written, so two instances never
 * start the same attempt. The provider's answer arrives as for any payment
 * (webhook, reconciliation) and moves the schedule.
 */
@Injectable()
export class RecurringCharges implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecurringCharges.name);
  private loop?: BackgroundLoop;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly system: SystemDatabase,
    private readonly payments: PaymentStarts,
    private readonly merchants: PaymentMerchants,
    private readonly wompi: WompiApi,
    private readonly settlement: DonationSettlement,
  ) {}

  onApplicationBootstrap(): void {
    if (!(this.config.RECURRING_CHARGES ?? this.config.BACKGROUND_JOBS)) return;
    this.loop = startLoop({
      name: 'monthly gifts',
      logger: this.logger,
      idleMs: this.config.RECURRING_CHARGE_INTERVAL_SECONDS * 1000,
      round: async () => {
        const { started, sent } = await this.run();
        if (started + sent > 0) this.logger.log({ started, sent }, 'charged monthly gifts');
        return { more: started === BATCH };
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  /** One run at `now`: the attempts it started and the charges it sent. */
  async run(now = new Date()): Promise<{ started: number; sent: number }> {
    await this.resumeEndedPauses(now);
    const due = await this.due(now);
    let started = 0;
    let sent = 0;
    for (const gift of due) {
      const donationId = await this.start(gift, now);
      if (!donationId) continue;
      started++;
      const [charge] = await this.charges(Prisma.sql`p.donation_id = ${donationId}::uuid`);
      if (charge && (await this.send(charge))) sent++;
    }
    for (const charge of await this.unsent(new Date(now.getTime() - UNSUBMITTED_GRACE_MS))) {
      if (await this.send(charge)) sent++;
    }
    return { started, sent };
  }

  /** Sends the charge of a gift's payment written a moment ago (the first month, at once). */
  async submitFor(donationId: string): Promise<void> {
    const [charge] = await this.charges(Prisma.sql`p.donation_id = ${donationId}::uuid`);
    if (charge) await this.send(charge);
  }

  /** Gifts paused until a date now past are ACTIVE again (the months they missed skipped). */
  private resumeEndedPauses(now: Date): Promise<void> {
    return this.system.run(
      'donations.recurring',
      { actor: 'donations', reason: 'resume monthly gifts whose pause ended', quietWhenIdle: true },
      async (tx, audit) => {
        const ended = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM recurring_donations WHERE status = 'PAUSED' AND paused_until <= ${now}
          LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
        if (ended.length === 0) return;
        const gifts = await tx.recurringDonation.findMany({
          where: { id: { in: ended.map((row) => row.id) } },
        });
        for (const gift of gifts) await tx.$executeRaw(resumeStatement(gift, now));
        audit.touched(gifts.length);
      },
    );
  }

  private due(now: Date): Promise<DueGift[]> {
    return this.system.run(
      'donations.recurring',
      { actor: 'donations', reason: 'find monthly gifts due a charge', quietWhenIdle: true },
      (tx) => tx.$queryRaw<DueGift[]>`
        SELECT r.id, r.organization_id, r.user_id, r.campaign_id, r.amount, r.currency, r.cover_fees,
               r.anonymous, r.donor_email, r.donor_name, r.donor_tax_id, r.cycle, d.id AS donation_id
        FROM recurring_donations r
        -- A campaign that closed or ended takes no more months.
        JOIN campaigns c ON c.id = r.campaign_id AND c.status = 'PUBLISHED'
          AND (c.ends_at IS NULL OR c.ends_at > ${now})
        LEFT JOIN donations d ON d.recurring_donation_id = r.id AND d.cycle = r.cycle
        WHERE r.status = 'ACTIVE' AND r.next_charge_at <= ${now} AND r.charging_payment_id IS NULL
        ORDER BY r.next_charge_at LIMIT ${BATCH}`,
    );
  }

  /** Writes one attempt (the month's gift, once, and a new payment): its gift, or null if another run took it. */
  private async start(gift: DueGift, now: Date): Promise<string | null> {
    const amount = BigInt(gift.amount);
    const total = gift.cover_fees
      ? chargeCoveringFees(amount, {
          basisPoints: this.config.WOMPI_FEE_BASIS_POINTS,
          fixed: BigInt(this.config.WOMPI_FEE_FIXED),
        })
      : amount;
    const donationId = gift.donation_id ?? randomUUID();
    // Prepared before the transaction: finding the merchant is a transaction of its own.
    const payment = await this.payments.statement(
      {
        organizationId: gift.organization_id,
        userId: gift.user_id,
        donationId,
        provider: 'WOMPI',
        amount: total,
        currency: gift.currency,
        hostedCheckout: false,
      },
      now,
    );
    return this.system.run(
      'donations.recurring',
      {
        actor: 'donations',
        reason: 'start an attempt at a monthly gift',
        detail: { recurringDonationId: gift.id, cycle: gift.cycle },
        quietWhenIdle: true,
      },
      async (tx, audit) => {
        const sql = executorOf(tx);
        const [still] = await sql.query<{ id: string }>(Prisma.sql`
          SELECT id FROM recurring_donations
          WHERE id = ${gift.id}::uuid AND status = 'ACTIVE' AND next_charge_at <= ${now}
            AND charging_payment_id IS NULL AND cycle = ${gift.cycle}
          FOR UPDATE SKIP LOCKED`);
        if (!still) return null;
        await sql.query(
          applySettings({ organizationId: gift.organization_id, userId: '', role: '' }),
        );
        if (!gift.donation_id) {
          await sql.execute(
            insertDonation({
              id: donationId,
              organizationId: gift.organization_id,
              userId: gift.user_id,
              campaignId: gift.campaign_id,
              frequency: 'MONTHLY',
              status: 'PENDING',
              amount,
              fee: total - amount,
              total,
              currency: gift.currency,
              anonymous: gift.anonymous,
              message: null,
              tributeKind: null,
              tributeName: null,
              donorEmail: gift.donor_email,
              donorName: gift.donor_name,
              donorTaxId: gift.donor_tax_id,
              guest: false,
              recurringDonationId: gift.id,
              cycle: gift.cycle,
              receiptNumber: null,
              refundedAmount: 0n,
              succeededAt: null,
              createdAt: now,
              updatedAt: now,
            }),
          );
        } else {
          // A later attempt at the month charges what the gift says now (its amount may have changed).
          await sql.execute(Prisma.sql`
            UPDATE donations SET amount = ${amount}, fee = ${total - amount}, total = ${total}, updated_at = now()
            WHERE id = ${donationId}::uuid AND status = 'PENDING'`);
        }
        await sql.execute(payment);
        await sql.execute(Prisma.sql`
          UPDATE recurring_donations
          SET charging_payment_id = (SELECT id FROM payments WHERE donation_id = ${donationId}::uuid
                                     AND status = 'PENDING' AND submitted_at IS NULL
                                     ORDER BY created_at DESC LIMIT 1),
              next_charge_at = NULL, updated_at = now()
          WHERE id = ${gift.id}::uuid`);
        audit.touched(1);
        return donationId;
      },
    );
  }

  private unsent(before: Date): Promise<ChargeToSend[]> {
    return this.charges(Prisma.sql`p.created_at < ${before}`);
  }

  private charges(where: Prisma.Sql): Promise<ChargeToSend[]> {
    return this.system.run(
      'donations.recurring',
      { actor: 'donations', reason: 'find monthly-gift charges not sent yet', quietWhenIdle: true },
      (tx) => tx.$queryRaw<ChargeToSend[]>`
        SELECT p.id AS payment_id, p.organization_id, p.reference, p.amount, p.currency,
               r.payment_source_id, r.donor_email, d.id AS donation_id
        FROM payments p
        JOIN donations d ON d.id = p.donation_id
        JOIN recurring_donations r ON r.id = d.recurring_donation_id
        WHERE p.submitted_at IS NULL AND p.status = 'PENDING' AND p.provider = 'WOMPI'
          AND p.donation_id IS NOT NULL AND ${where}
        ORDER BY p.created_at LIMIT ${BATCH}`,
    );
  }

  /** Charges the card once under the payment's reference; true when the charge is now with Wompi. */
  private async send(charge: ChargeToSend): Promise<boolean> {
    const merchant = await this.merchants.forOrganization(charge.organization_id);
    let refused = false;
    try {
      await this.wompi.chargePaymentSource(merchant, {
        paymentSourceId: charge.payment_source_id,
        reference: charge.reference,
        amountInCents: BigInt(charge.amount),
        currency: charge.currency,
        customerEmail: charge.donor_email,
      });
    } catch (error) {
      // Unreachable: left unsent, sent again on a later run under the same reference.
      if (!(error instanceof WompiRefusal)) {
        this.logger.warn(
          { paymentId: charge.payment_id, error: (error as Error).message },
          'charge not sent',
        );
        return false;
      }
      refused = true;
    }
    await this.system.run(
      'donations.recurring',
      {
        actor: 'donations',
        reason: refused
          ? 'record a refused monthly-gift charge'
          : 'record a monthly-gift charge sent',
        detail: { paymentId: charge.payment_id },
      },
      async (tx) => {
        const sql = executorOf(tx);
        await sql.query(
          applySettings({ organizationId: charge.organization_id, userId: '', role: '' }),
        );
        if (!refused) {
          await sql.execute(Prisma.sql`
            UPDATE payments SET submitted_at = now(), updated_at = now()
            WHERE id = ${charge.payment_id}::uuid AND submitted_at IS NULL`);
          return;
        }
        await this.recordRefusal(sql, charge);
      },
    );
    return !refused;
  }

  /** The provider refused the charge outright (the card is gone, say): a failed attempt. */
  private async recordRefusal(sql: SqlExecutor, charge: ChargeToSend): Promise<void> {
    const payment = await lockDonationPayment(
      sql,
      charge.donation_id,
      charge.organization_id,
      Prisma.sql`p.id = ${charge.payment_id}::uuid AND p.status = 'PENDING'`,
    );
    const donation = payment && (await lockDonationRow(sql, charge.donation_id));
    if (!payment || !donation) return;
    await sql.execute(Prisma.sql`
      UPDATE payments SET status = 'ERROR', submitted_at = now(), settled_at = now(), next_check_at = NULL,
             updated_at = now()
      WHERE id = ${payment.id}::uuid`);
    await this.settlement.fail(sql, donation, payment);
  }
}
