import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { AccountDeletionService } from './account-deletion.service.js';
import { AccountExportService } from './account-export.service.js';
import { AccountRecordsRepository } from './account-records.repository.js';
import { ManagementExportClient } from './management-export.client.js';
import { PrivacyController } from './privacy.controller.js';

/** The account holder's export of everything both services hold, and deleting the account. */
@Module({
  imports: [KeysModule, RateLimitModule],
  controllers: [PrivacyController],
  providers: [
    AccountRecordsRepository,
    AccountExportService,
    AccountDeletionService,
    ManagementExportClient,
  ],
})
export class PrivacyModule {}
