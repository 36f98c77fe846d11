import { Module } from '@nestjs/common';
import { DonationCertificatesController } from './donation-certificates.controller.js';
import { DonationCertificatesRepository } from './donation-certificates.repository.js';
import { DonationCertificates } from './donation-certificates.service.js';

@Module({
  providers: [DonationCertificatesRepository, DonationCertificates],
  controllers: [DonationCertificatesController],
})
export class DonationCertificatesModule {}
