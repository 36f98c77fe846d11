import { Body, Controller, Delete, Get, Header, HttpCode } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ClientInfo, UserAuthContext } from '../common/auth-context.js';
import { Client, CurrentUser } from '../common/decorators.js';
import { ApiProblems } from '../common/problem-responses.js';
import { AccountDeletionService } from './account-deletion.service.js';
import { AccountExportService } from './account-export.service.js';
import { AccountExportDto } from './dto/account-export.dto.js';
import { DeleteAccountDto } from './dto/delete-account.dto.js';

@ApiTags('privacy')
@Controller('v1/auth')
export class PrivacyController {
  constructor(
    private readonly exports: AccountExportService,
    private readonly deletion: AccountDeletionService,
  ) {}

  @Get('me/export')
  @Header('content-disposition', 'attachment; filename="trivance-account-export.json"')
  @ApiBearerAuth('user')
  @ApiOperation({
    summary: 'Download everything both services hold about you',
    description:
      'One JSON document: the account, sessions, second factors (that they exist, never their ' +
      'secrets), memberships, invitations to your email and security events about you, with ' +
      "the Management API's part (member profiles, orders, tickets, donations, monthly gifts, " +
      'notifications). 5 exports per account per hour; audited as account.exported. When the ' +
      'Management API cannot answer: 503 SERVICE_UNAVAILABLE, never a partial document.',
  })
  @ApiOkResponse({ type: AccountExportDto })
  @ApiProblems('UNAUTHENTICATED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  export(
    @CurrentUser() auth: UserAuthContext,
    @Client() client: ClientInfo,
  ): Promise<AccountExportDto> {
    return this.exports.export(auth, client);
  }

  @Delete('me')
  @HttpCode(204)
  @ApiBearerAuth('user')
  @ApiOperation({
    summary: 'Delete your account',
    description:
      'Needs the current password and, when an authenticator app is set up, exactly one of ' +
      'code or recoveryCode (checked only after a correct password, as at sign-in; both count ' +
      'against the sign-in limits). Every session ends at once everywhere; credentials, second ' +
      'factors, memberships and pending invitations are deleted; user.deleted tells the ' +
      'Management API to remove your profiles, cancel monthly gifts and strip your personal ' +
      'data from orders, tickets and donations (amounts and receipts stay). The email is free ' +
      'again: registering it later creates a new, unrelated account.',
  })
  @ApiNoContentResponse({ description: 'Deleted; every token of the account stops working' })
  @ApiProblems(
    'VALIDATION_FAILED',
    'INVALID_CURRENT_PASSWORD',
    'INVALID_MFA_CODE',
    'UNAUTHENTICATED',
    'RATE_LIMITED',
  )
  async delete(
    @CurrentUser() auth: UserAuthContext,
    @Body() body: DeleteAccountDto,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.deletion.delete(auth, body, client);
  }
}
