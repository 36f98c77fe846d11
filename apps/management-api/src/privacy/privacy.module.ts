import { Module } from '@nestjs/common';
import { AccountErasure } from './account-erasure.system-path.js';
import { AccountExportController } from './account-export.controller.js';
import { AccountExportReader } from './account-export.system-path.js';
import { InternalServiceTokenGuard } from './internal-service-token.guard.js';

/** An account holder's export (for the Auth Service) and the erasure of a deleted account. */
@Module({
  controllers: [AccountExportController],
  providers: [AccountExportReader, AccountErasure, InternalServiceTokenGuard],
  exports: [AccountErasure],
})
export class PrivacyModule {}
