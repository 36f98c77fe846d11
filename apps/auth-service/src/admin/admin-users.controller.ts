import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ClientInfo, UserAuthContext } from '../common/auth-context.js';
import { Client, CurrentUser } from '../common/decorators.js';
import { ApiProblems } from '../common/problem-responses.js';
import { AccountDto } from '../memberships/dto/membership.dto.js';
import { AdminUsersService } from './admin-users.service.js';
import { AdminUsersPageDto, AdminUsersQueryDto } from './dto/admin-users.dto.js';

const OPERATORS_ONLY =
  'super_admin only, with a second factor (aal2); otherwise 403 FORBIDDEN (reason MFA_REQUIRED ' +
  'when only the second factor is missing). Audited.';

@ApiTags('platform administration')
@ApiBearerAuth('user')
@Controller('v1/admin/users')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  @Get()
  @ApiOperation({
    summary: 'Find accounts by email or name, newest first',
    description: OPERATORS_ONLY,
  })
  @ApiOkResponse({ type: AdminUsersPageDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN')
  search(
    @CurrentUser() auth: UserAuthContext,
    @Query() query: AdminUsersQueryDto,
    @Client() client: ClientInfo,
  ): Promise<AdminUsersPageDto> {
    return this.admin.search(auth, query, client);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disable an account',
    description: `Every session ends at once; sign-in is refused with ACCOUNT_DISABLED. ${OPERATORS_ONLY}`,
  })
  @ApiOkResponse({ type: AccountDto })
  @ApiProblems('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT')
  disable(
    @CurrentUser() auth: UserAuthContext,
    @Param('id') id: string,
    @Client() client: ClientInfo,
  ): Promise<AccountDto> {
    return this.admin.disable(auth, id, client);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled account again', description: OPERATORS_ONLY })
  @ApiOkResponse({ type: AccountDto })
  @ApiProblems('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND')
  enable(
    @CurrentUser() auth: UserAuthContext,
    @Param('id') id: string,
    @Client() client: ClientInfo,
  ): Promise<AccountDto> {
    return this.admin.enable(auth, id, client);
  }
}
