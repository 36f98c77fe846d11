import { Controller, Get, Param, Res } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type { FastifyReply } from 'fastify';
import { Authenticated } from '../../auth/access.decorators.js';
import { currentYear, FIRST_CERTIFICATE_YEAR } from './donation-certificate.js';
import { DonationCertificates } from './donation-certificates.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A donor's yearly certificate of their gifts to an organization. Any
 * signed-in account may ask: it only ever covers that account's own gifts.
 */
@Controller('api/donations/certificates')
export class DonationCertificatesController {
  constructor(private readonly certificates: DonationCertificates) {}

  @Get(':organizationId/:year.pdf')
  @Authenticated()
  async certificate(
    @Param('organizationId') organizationId: string,
    @Param('year') year: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const errors: Record<string, string[]> = {};
    if (!UUID.test(organizationId)) errors.organizationId = ['must be a UUID'];
    const latest = currentYear();
    const number = /^\d{4}$/.test(year) ? Number(year) : NaN;
    if (!(number >= FIRST_CERTIFICATE_YEAR && number <= latest)) {
      errors.year = [`must be a year from ${FIRST_CERTIFICATE_YEAR} to ${latest}`];
    }
    if (Object.keys(errors).length > 0) {
      throw new AppError('VALIDATION_FAILED', 'The certificate path has invalid fields', {
        errors,
      });
    }
    const pdf = await this.certificates.pdf(organizationId, number);
    await reply
      .header('content-type', 'application/pdf')
      .header(
        'content-disposition',
        `attachment; filename="certificado-donaciones-${number}-${organizationId}.pdf"`,
      )
      .header('cache-control', 'no-store')
      .send(pdf);
  }
}
