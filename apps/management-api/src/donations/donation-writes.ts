import type { Donation } from '../generated/prisma/client.js';
import { Prisma } from '../generated/prisma/client.js';

/** The insert of a new gift, to run with its payment in one round trip. */
export function insertDonation(donation: Donation): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO donations (id, organization_id, user_id, campaign_id, frequency, status, amount, fee, total,
                           currency, anonymous, message, tribute_kind, tribute_name, donor_email, donor_name,
                           donor_tax_id, guest, recurring_donation_id, cycle, created_at, updated_at)
    VALUES (${donation.id}::uuid, ${donation.organizationId}::uuid, ${donation.userId}, ${donation.campaignId}::uuid,
            ${donation.frequency}::donation_frequency, 'PENDING', ${donation.amount}, ${donation.fee},
            ${donation.total}, ${donation.currency}, ${donation.anonymous}, ${donation.message},
            ${donation.tributeKind}::tribute_kind, ${donation.tributeName}, ${donation.donorEmail},
            ${donation.donorName}, ${donation.donorTaxId}, ${donation.guest},
            ${donation.recurringDonationId}::uuid, ${donation.cycle}, ${donation.createdAt}, ${donation.updatedAt})`;
}
