import { Prisma } from '../../generated/prisma/client.js';
import type { ExportSection } from './export-section.js';

interface DonationRow {
  id: string;
  [column: string]: unknown;
}
interface PaymentRow {
  donationId: string;
  [column: string]: unknown;
}

/** The account's gifts (one-time and each month of a monthly gift) with their payments. */
export const donationsSection: ExportSection = {
  name: 'donations',
  async read(sql, userId) {
    const donations = await sql.query<DonationRow>(Prisma.sql`
      SELECT id, organization_id AS "organizationId", campaign_id AS "campaignId", frequency,
             status, amount, fee, total, currency, anonymous, message, tribute_kind AS "tributeKind",
             tribute_name AS "tributeName", donor_email AS "donorEmail", donor_name AS "donorName",
             donor_tax_id AS "donorTaxId", recurring_donation_id AS "monthlyGiftId", cycle,
             receipt_number AS "receiptNumber", refunded_amount AS "refundedAmount",
             succeeded_at AS "succeededAt", created_at AS "createdAt"
      FROM donations
      WHERE user_id = ${userId}
      ORDER BY created_at, id`);
    if (donations.length === 0) return [];
    const payments = await sql.query<PaymentRow>(Prisma.sql`
      SELECT donation_id AS "donationId", id, provider, status, amount, currency, fee, reference,
             settled_at AS "settledAt", created_at AS "createdAt"
      FROM payments
      WHERE user_id = ${userId} AND donation_id = ANY(${donations.map((row) => row.id)}::uuid[])
      ORDER BY created_at, id`);
    return donations.map((donation) => ({
      ...donation,
      payments: payments
        .filter((payment) => payment.donationId === donation.id)
        .map(({ donationId: _donation, ...payment }) => payment),
    }));
  },
};

/** The account's monthly gifts: the provider's payment source id is not exported, its label is. */
export const monthlyGiftsSection: ExportSection = {
  name: 'monthlyGifts',
  read: (sql, userId) =>
    sql.query(Prisma.sql`
      SELECT id, organization_id AS "organizationId", campaign_id AS "campaignId", status, amount,
             currency, cover_fees AS "coverFees", anonymous, donor_email AS "donorEmail",
             donor_name AS "donorName", donor_tax_id AS "donorTaxId",
             payment_source_label AS "paymentSourceLabel", cycle, first_due_at AS "firstDueAt",
             next_charge_at AS "nextChargeAt", paused_until AS "pausedUntil",
             cancelled_at AS "cancelledAt", created_at AS "createdAt"
      FROM recurring_donations
      WHERE user_id = ${userId}
      ORDER BY created_at, id`),
};
