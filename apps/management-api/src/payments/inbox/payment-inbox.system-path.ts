import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { executorOf, type SqlExecutor } from '../../common/sql-executor.js';
import { InjectConfig, type ManagementConfig } from '../../config/config.module.js';
import { SystemDatabase } from '../../database/system-database.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { PaymentStatus } from '../../generated/prisma/enums.js';
import { Ledger } from '../../ledger/ledger.js';
import { applySettings } from '../../tenancy/database-settings.js';
import { decide, type EventOutcome, type Transition } from '../payment-transitions.js';
import { type ProviderPayment, PaymentSettlers } from '../payment-settlers.js';
import type { WompiTransaction } from '../wompi/wompi-contract.js';
import { providerFee } from '../wompi/wompi-fees.js';

/** One provider event to keep: a verified webhook, or what reconciliation read. */
export interface InboxEntry {
  source: 'WEBHOOK' | 'RECONCILIATION';
  /** The organization whose own merchant received it; null for the platform's. */
  merchantOrganizationId: string | null;
  bodyHash: string;
  body: unknown;
  transaction: WompiTransaction;
  eventTimestamp: Date | null;
  /** Outside the timestamp window: kept, never processed. */
  stale: boolean;
}

export interface StoredEvent {
  id: string;
  /** False when the same body was stored before. */
  fresh: boolean;
}

interface LockedPayment extends ProviderPayment {
  status: PaymentStatus;
  own_merchant: boolean;
  provider_transaction_id: string | null;
}

/**
 * The inbox of provider events (anchor: Stripe's webhook practice): each
 * event is stored by the SHA-256 of its body before anything is done with it,
 * then processed once, in one transaction that locks the payment it is
 * about, moves it as `decide` says, books what its settler books and marks
 * the event processed. Events arrive at least once and in any order; the
 * payment's state and the unique (transaction, status) of applied events
 * make a duplicate book nothing. The only entry point of `payments.webhooks`.
 */
@Injectable()
export class PaymentInbox {
  private readonly logger = new Logger('PaymentInbox');

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly system: SystemDatabase,
    private readonly settlers: PaymentSettlers,
    private readonly ledger: Ledger,
  ) {}

  /** Stores an event (committed before it returns), once per body. */
  store(entry: InboxEntry): Promise<StoredEvent> {
    const { transaction } = entry;
    return this.system.run(
      'payments.webhooks',
      {
        actor: entry.source === 'WEBHOOK' ? 'wompi' : 'payments-reconciliation',
        reason: 'store a provider event before processing it',
        detail: { transactionId: transaction.id, status: transaction.status },
        quietWhenIdle: true,
      },
      async (tx, audit) => {
        const id = randomUUID();
        const inserted = await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO payment_events (id, body_hash, source, merchant_organization_id,
            provider_transaction_id, transaction_status, reference, amount_in_cents, currency,
            event_timestamp, body, processed_at, outcome)
          VALUES (${id}::uuid, ${entry.bodyHash}, ${entry.source}, ${entry.merchantOrganizationId}::uuid,
            ${transaction.id}, ${transaction.status}::payment_status, ${transaction.reference},
            ${BigInt(transaction.amount_in_cents)}, ${transaction.currency}, ${entry.eventTimestamp},
            ${JSON.stringify(entry.body)}::jsonb,
            ${entry.stale ? new Date() : null}, ${entry.stale ? 'STALE' : null})
          ON CONFLICT (body_hash) DO NOTHING RETURNING id`;
        if (inserted.length > 0) {
          audit.touched(1);
          return { id, fresh: true };
        }
        const [existing] = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM payment_events WHERE body_hash = ${entry.bodyHash}`;
        return { id: existing!.id, fresh: false };
      },
    );
  }

  /** Processes a stored event, once; what it did (or had done). */
  process(eventId: string): Promise<EventOutcome> {
    return this.system.run(
      'payments.webhooks',
      {
        actor: 'payments',
        reason: 'settle a provider event on the payment it is about',
        detail: { eventId },
        quietWhenIdle: true,
      },
      async (tx, audit) => {
        const sql = executorOf(tx);
        const [event] = await sql.query<{
          processed_at: Date | null;
          outcome: EventOutcome | null;
          merchant_organization_id: string | null;
          provider_transaction_id: string;
          transaction_status: PaymentStatus;
          reference: string;
          amount_in_cents: bigint;
          currency: string;
        }>(Prisma.sql`
          SELECT processed_at, outcome, merchant_organization_id, provider_transaction_id,
                 transaction_status, reference, amount_in_cents, currency
          FROM payment_events WHERE id = ${eventId}::uuid FOR UPDATE`);
        if (!event) return 'UNKNOWN_REFERENCE';
        if (event.processed_at) return 'DUPLICATE';
        const reported = {
          id: event.provider_transaction_id,
          status: event.transaction_status,
          amountInCents: BigInt(event.amount_in_cents),
          currency: event.currency,
        };
        const payment = await this.lockPayment(
          sql,
          event.reference,
          event.merchant_organization_id,
        );
        let outcome: EventOutcome;
        if (!payment) {
          outcome = 'UNKNOWN_REFERENCE';
        } else if (await this.boundElsewhere(sql, payment.id, reported.id)) {
          outcome = 'TRANSACTION_MISMATCH';
        } else {
          const decision = decide(
            {
              status: payment.status,
              amount: payment.amount,
              currency: payment.currency,
              providerTransactionId: payment.provider_transaction_id,
            },
            reported,
          );
          outcome = decision.outcome;
          if (decision.outcome === 'APPLIED') {
            await this.apply(sql, payment, reported.id, decision.transition);
          }
        }
        await sql.execute(Prisma.sql`
          UPDATE payment_events SET processed_at = now(), outcome = ${outcome},
                 organization_id = ${payment?.organizationId ?? null}::uuid,
                 payment_id = ${payment?.id ?? null}::uuid
          WHERE id = ${eventId}::uuid`);
        audit.touched(1);
        if (outcome !== 'APPLIED' && outcome !== 'DUPLICATE') {
          this.logger.warn(
            {
              eventId,
              outcome,
              transactionId: reported.id,
              status: reported.status,
              reference: event.reference,
              paymentId: payment?.id,
            },
            'provider event not booked',
          );
        }
        return outcome;
      },
    );
  }

  /**
   * Events stored but not processed (the process died between the two, or
   * processing failed): processed now, oldest first. What it processed.
   */
  async processLeftOver(olderThanMs: number, limit = 100): Promise<number> {
    const left = await this.system.run(
      'payments.webhooks',
      { actor: 'payments', reason: 'find provider events left unprocessed', quietWhenIdle: true },
      (tx) =>
        tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM payment_events
          WHERE processed_at IS NULL AND received_at < ${new Date(Date.now() - olderThanMs)}
          ORDER BY received_at LIMIT ${limit}`,
    );
    for (const { id } of left) await this.process(id);
    return left.length;
  }

  /**
   * The payment carrying the reference, taken by the merchant the event came
   * to, locked; from here on the transaction works as that payment's
   * organization, under its tenant policies.
   */
  private async lockPayment(
    sql: SqlExecutor,
    reference: string,
    merchantOrganizationId: string | null,
  ): Promise<LockedPayment | undefined> {
    const [found] = await sql.query<{ organization_id: string; own_merchant: boolean }>(
      Prisma.sql`SELECT organization_id, own_merchant FROM payments
                 WHERE reference = ${reference} AND provider = 'WOMPI'`,
    );
    if (!found) return undefined;
    const sameMerchant = found.own_merchant
      ? found.organization_id === merchantOrganizationId
      : merchantOrganizationId === null;
    if (!sameMerchant) return undefined;
    await sql.query(applySettings({ organizationId: found.organization_id, userId: '', role: '' }));
    const [payment] = await sql.query<LockedPayment>(Prisma.sql`
      SELECT id, organization_id AS "organizationId", order_id AS "orderId", donation_id AS "donationId",
             amount, currency, fee,
             status, own_merchant, provider_transaction_id
      FROM payments
      WHERE reference = ${reference} AND provider = 'WOMPI' AND organization_id = ${found.organization_id}::uuid
      FOR UPDATE`);
    return payment
      ? { ...payment, amount: BigInt(payment.amount), fee: BigInt(payment.fee) }
      : undefined;
  }

  private async boundElsewhere(
    sql: SqlExecutor,
    paymentId: string,
    transactionId: string,
  ): Promise<boolean> {
    const rows = await sql.query(Prisma.sql`
      SELECT 1 FROM payments WHERE provider = 'WOMPI' AND provider_transaction_id = ${transactionId}
        AND id <> ${paymentId}::uuid`);
    return rows.length > 0;
  }

  private async apply(
    sql: SqlExecutor,
    payment: LockedPayment,
    transactionId: string,
    transition: Transition,
  ): Promise<void> {
    switch (transition.kind) {
      case 'bind':
        await sql.execute(Prisma.sql`
          UPDATE payments SET provider_transaction_id = ${transactionId}, updated_at = now()
          WHERE id = ${payment.id}::uuid`);
        return;
      case 'fail':
        await sql.execute(Prisma.sql`
          UPDATE payments SET status = ${transition.status}::payment_status,
                 provider_transaction_id = ${transactionId}, settled_at = now(), next_check_at = NULL,
                 updated_at = now()
          WHERE id = ${payment.id}::uuid`);
        await this.settlers.for(payment).failed(sql, payment, transition.status);
        return;
      case 'approve': {
        const fee = providerFee(payment.amount, {
          basisPoints: this.config.WOMPI_FEE_BASIS_POINTS,
          fixed: BigInt(this.config.WOMPI_FEE_FIXED),
        });
        await sql.execute(Prisma.sql`
          UPDATE payments SET provider_transaction_id = ${transactionId}, fee = ${fee},
                 next_check_at = NULL, updated_at = now()
          WHERE id = ${payment.id}::uuid`);
        const approved = { ...payment, fee };
        await this.settlers.for(approved).approved(sql, approved, transactionId);
        await this.bookFee(sql, approved, 'FEE');
        return;
      }
      case 'reverse':
        await sql.execute(Prisma.sql`
          UPDATE payments SET status = 'VOIDED', updated_at = now() WHERE id = ${payment.id}::uuid`);
        await this.settlers.for(payment).voided(sql, payment);
        await this.bookFee(sql, payment, 'REVERSAL');
        return;
    }
  }

  /** The provider's fee as its own ledger group (or its reversal when the payment is voided). */
  private async bookFee(
    sql: SqlExecutor,
    payment: ProviderPayment,
    kind: 'FEE' | 'REVERSAL',
  ): Promise<void> {
    if (payment.fee === 0n) return;
    const sign = kind === 'FEE' ? 1n : -1n;
    await this.ledger.post(sql, {
      organizationId: payment.organizationId,
      currency: payment.currency,
      kind,
      lines: [
        { account: 'FEES', amount: sign * payment.fee },
        { account: 'CASH', amount: -sign * payment.fee },
      ],
      orderId: payment.orderId,
      donationId: payment.donationId,
      paymentId: payment.id,
    });
  }
}
