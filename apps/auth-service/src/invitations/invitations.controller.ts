import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ClientInfo, ServiceAuthContext } from '../common/auth-context.js';
import { Client, CurrentService, ServiceOnly } from '../common/decorators.js';
import { ApiProblems } from '../common/problem-responses.js';
import { Public } from '../common/public.decorator.js';
import { TokenPairDto } from '../sessions/dto/token-pair.dto.js';
import { AcceptInvitationDto, CreateInvitationDto, InvitationDto } from './dto/invitation.dto.js';
import { InvitationsService } from './invitations.service.js';

@ApiTags('invitations')
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Public()
  @Post('v1/auth/invitations/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept an invitation',
    description:
      'Creates the account when none exists (name and password required; the email counts as ' +
      'verified) or links the existing one (its password required). Returns a pair scoped to ' +
      'the organization.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(
    'VALIDATION_FAILED',
    'INVALID_TOKEN',
    'WEAK_PASSWORD',
    'INVALID_CREDENTIALS',
    'RATE_LIMITED',
  )
  accept(@Body() body: AcceptInvitationDto, @Client() client: ClientInfo): Promise<TokenPairDto> {
    return this.invitations.accept(body, client);
  }

  @ServiceOnly()
  @ApiBearerAuth('service')
  @ApiTags('internal')
  @Post('internal/v1/invitations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Invite an email address to an organization (sends the email)' })
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    description: 'A retried request with the same key returns the first invitation, no new mail',
  })
  @ApiCreatedResponse({ type: InvitationDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN')
  create(
    @Body() body: CreateInvitationDto,
    @CurrentService() service: ServiceAuthContext,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<InvitationDto> {
    const key = idempotencyKey?.trim().slice(0, 200) || undefined;
    return this.invitations.create(body, `service:${service.clientId}`, key);
  }
}
