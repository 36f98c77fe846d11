import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
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
import { Public } from '../common/public.decorator.js';
import { RefreshTokenDto } from './dto/refresh-token.dto.js';
import { SessionDto } from './dto/session.dto.js';
import { SwitchOrganizationDto } from './dto/switch-organization.dto.js';
import { TokenPairDto } from './dto/token-pair.dto.js';
import { SessionsService } from './sessions.service.js';

@ApiTags('sessions')
@Controller('v1/auth')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate a refresh token for a new pair',
    description: 'A used (rotated) refresh token presented again revokes its whole session.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_REFRESH_TOKEN')
  refresh(@Body() body: RefreshTokenDto, @Client() client: ClientInfo): Promise<TokenPairDto> {
    return this.sessions.refresh(body.refreshToken, client);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: "End the refresh token's session" })
  @ApiNoContentResponse({ description: 'Signed out (also for an unknown token)' })
  @ApiProblems('VALIDATION_FAILED')
  async logout(@Body() body: RefreshTokenDto, @Client() client: ClientInfo): Promise<void> {
    await this.sessions.logout(body.refreshToken, client);
  }

  @Post('logout-all')
  @HttpCode(204)
  @ApiBearerAuth('user')
  @ApiOperation({ summary: "End all of the caller's sessions" })
  @ApiNoContentResponse({ description: 'Every session revoked' })
  @ApiProblems('UNAUTHENTICATED')
  async logoutAll(@CurrentUser() auth: UserAuthContext, @Client() client: ClientInfo) {
    await this.sessions.logoutAll(auth, client);
  }

  @Get('sessions')
  @ApiBearerAuth('user')
  @ApiOperation({ summary: "The caller's active sessions" })
  @ApiOkResponse({ type: [SessionDto] })
  @ApiProblems('UNAUTHENTICATED')
  list(@CurrentUser() auth: UserAuthContext): Promise<SessionDto[]> {
    return this.sessions.list(auth);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiBearerAuth('user')
  @ApiOperation({ summary: "Revoke one of the caller's sessions" })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems('UNAUTHENTICATED', 'NOT_FOUND')
  async revoke(
    @CurrentUser() auth: UserAuthContext,
    @Param('id') id: string,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.sessions.revokeOwn(auth, id, client);
  }

  @Post('switch-organization')
  @HttpCode(200)
  @ApiBearerAuth('user')
  @ApiOperation({
    summary: 'Get a token pair scoped to an organization the caller belongs to',
    description: 'super_admin may enter any organization. The current session is replaced.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_A_MEMBER')
  switchOrganization(
    @CurrentUser() auth: UserAuthContext,
    @Body() body: SwitchOrganizationDto,
    @Client() client: ClientInfo,
  ): Promise<TokenPairDto> {
    return this.sessions.switchOrganization(auth, body.organizationId, client);
  }
}
