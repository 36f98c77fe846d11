import type { SqlExecutor } from '../common/sql-executor.js';
import { type Donation, type Payment, Prisma } from '../generated/prisma/client.js';

const DONATION_COLUMNS = Prisma.sql`
  d.id, d.organization_id AS "organizationId", d.user_id AS "userId", d.campaign_id AS "campaignId",
  d.frequency, d.status, d.amount, d.fee, d.total, d.currency, d.anonymous, d.message,
  d.tribute_kind AS "tributeKind", d.tribute_name AS "tributeName", d.donor_email AS "donorEmail",
  d.donor_name AS "donorName", d.donor_tax_id AS "donorTaxId", d.guest,
  d.recurring_donation_id AS "recurringDonationId", d.cycle, d.receipt_number AS "receiptNumber",
  d.refunded_amount AS "refundedAmount", d.succeeded_at AS "succeededAt",
  d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

const PAYMENT_COLUMNS = Prisma.sql`
  p.id, p.organization_id AS "organizationId", p.user_id AS "userId", p.order_id AS "orderId",
  p.donation_id AS "donationId", p.provider, p.status, p.amount, p.currency, p.reference,
  p.external_reference AS "externalReference", p.actor_id AS "actorId", p.settled_at AS "settledAt",
  p.own_merchant AS "ownMerchant", p.checkout_public_key AS "checkoutPublicKey",
  p.integrity_signature AS "integritySignature", p.provider_transaction_id AS "providerTransactionId",
  p.fee, p.checks, p.next_check_at AS "nextCheckAt", p.submitted_at AS "submittedAt",
  p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

const donationOf = (row: Donation): Donation => ({
  ...row,
  amount: BigInt(row.amount),
  fee: BigInt(row.fee),
  total: BigInt(row.total),
  refundedAmount: BigInt(row.refundedAmount),
});

export const paymentOf = (row: Payment): Payment => ({
  ...row,
  amount: BigInt(row.amount),
  fee: BigInt(row.fee),
});

/**
 * A donation read and locked with raw SQL, so the same code settles it in a
 * request's unit of work and in a system path's transaction. Whatever changes
 * a donation locks its payment first, then the donation: one order, no deadlocks.
 */
export async function lockDonationRow(
  sql: SqlExecutor,
  id: string,
  organizationId?: string,
): Promise<Donation | undefined> {
  const [row] = await sql.query<Donation>(Prisma.sql`
    SELECT ${DONATION_COLUMNS} FROM donations d
    WHERE d.id = ${id}::uuid
      ${organizationId ? Prisma.sql`AND d.organization_id = ${organizationId}::uuid` : Prisma.empty}
    FOR UPDATE`);
  return row && donationOf(row);
}

/** The donation's latest payment in the given states, locked. */
export async function lockDonationPayment(
  sql: SqlExecutor,
  donationId: string,
  organizationId: string,
  where: Prisma.Sql,
): Promise<Payment | undefined> {
  const [row] = await sql.query<Payment>(Prisma.sql`
    SELECT ${PAYMENT_COLUMNS} FROM payments p
    WHERE p.donation_id = ${donationId}::uuid AND p.organization_id = ${organizationId}::uuid AND ${where}
    ORDER BY p.created_at DESC LIMIT 1
    FOR UPDATE`);
  return row && paymentOf(row);
}

/** What a gift's notices say about where it went. */
export interface GiftContext {
  campaignTitle: string;
  organizationName: string;
  legalName: string | null;
  taxId: string | null;
}

export async function giftContext(sql: SqlExecutor, donation: Donation): Promise<GiftContext> {
  const [row] = await sql.query<GiftContext>(Prisma.sql`
    SELECT c.title AS "campaignTitle", o.name AS "organizationName", o.legal_name AS "legalName",
           o.tax_id AS "taxId"
    FROM campaigns c JOIN organizations o ON o.id = c.organization_id
    WHERE c.id = ${donation.campaignId}::uuid`);
  return row ?? { campaignTitle: '', organizationName: '', legalName: null, taxId: null };
}
