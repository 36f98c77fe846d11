import { Controller, Get, Header, Param, Req, UseGuards } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { Public } from '../auth/access.decorators.js';
import { type AccountExport, AccountExportReader } from './account-export.system-path.js';
import { InternalServiceTokenGuard, type InternalRequest } from './internal-service-token.guard.js';

const ACCOUNT_ID = /^[0-9a-f]{24}$/;

/**
 * The Management API's part of an account holder's export, for the Auth
 * Service (which answers GET /v1/auth/me/export). No end-user token reaches
 * it: the user-token guard is skipped (@Public) and the service-token guard
 * admits only the Auth Service.
 */
@Controller('internal/v1/accounts')
@Public()
@UseGuards(InternalServiceTokenGuard)
export class AccountExportController {
  constructor(private readonly reader: AccountExportReader) {}

  @Get(':userId/export')
  @Header('cache-control', 'no-store')
  export(@Param('userId') userId: string, @Req() request: InternalRequest): Promise<AccountExport> {
    if (!ACCOUNT_ID.test(userId)) {
      throw new AppError('VALIDATION_FAILED', 'The account id is not valid', {
        errors: { userId: ['must be a 24-character lower-case hex account id'] },
      });
    }
    return this.reader.read(userId, `service:${request.internalCaller?.service ?? 'unknown'}`);
  }
}
