import { Injectable } from '@nestjs/common';
import { requestContext } from '@trivance/shared';
import { TenantDatabase } from '../../tenancy/tenant-database.js';
import type { CertificateGift, CertificateIssuer } from './donation-certificate.js';

/**
 * What a certificate is made of, read as the donor: through the scoped
 * client (row-level security holds a customer to their own gifts) and
 * filtered to the caller's account in the same statement, so a staff token
 * of the organization still certifies only its bearer's own gifts.
 */
@Injectable()
export class DonationCertificatesRepository {
  constructor(private readonly db: TenantDatabase) {}

  /** The organization's public profile (legal name and tax id included), or null. */
  issuer(organizationId: string): Promise<CertificateIssuer | null> {
    return this.db.public.organization.findUnique({
      where: { id: organizationId },
      select: { name: true, legalName: true, taxId: true },
    });
  }

  /** The caller's gifts to the organization that succeeded in the window and were not all refunded. */
  async giftsOfCaller(
    organizationId: string,
    window: { from: Date; to: Date },
  ): Promise<CertificateGift[]> {
    const { userId } = requestContext.principal();
    const rows = await this.db.client.donation.findMany({
      where: {
        organizationId,
        userId,
        status: { in: ['SUCCEEDED', 'PARTIALLY_REFUNDED'] },
        succeededAt: { gte: window.from, lt: window.to },
      },
      orderBy: [{ succeededAt: 'asc' }, { receiptNumber: 'asc' }],
      select: {
        amount: true,
        refundedAmount: true,
        currency: true,
        receiptNumber: true,
        succeededAt: true,
        donorName: true,
        donorEmail: true,
        donorTaxId: true,
        campaign: { select: { title: true } },
      },
    });
    return rows.map(({ campaign, succeededAt, ...gift }) => ({
      ...gift,
      // Filtered on above: a succeeded gift always has its moment.
      succeededAt: succeededAt!,
      campaignTitle: campaign.title,
    }));
  }
}
