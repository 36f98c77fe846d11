import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { certificateOf, yearWindow } from './donation-certificate.js';
import { renderCertificatePdf } from './donation-certificate.pdf.js';
import { DonationCertificatesRepository } from './donation-certificates.repository.js';

/** The caller's yearly certificate of their gifts to one organization, as a PDF. */
@Injectable()
export class DonationCertificates {
  constructor(private readonly repository: DonationCertificatesRepository) {}

  /** NOT_FOUND when the caller has nothing given to it that year (or it does not exist). */
  async pdf(organizationId: string, year: number): Promise<Buffer> {
    const [issuer, gifts] = await Promise.all([
      this.repository.issuer(organizationId),
      this.repository.giftsOfCaller(organizationId, yearWindow(year)),
    ]);
    const certificate = issuer && certificateOf(year, issuer, gifts);
    if (!certificate) throw new AppError('NOT_FOUND', 'No gifts to certify in that year');
    return renderCertificatePdf(certificate);
  }
}
