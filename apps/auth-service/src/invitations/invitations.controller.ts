import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { ClientInfo, ServiceAuthContext } from '../common/auth-context.js';
import { Client, CurrentService, ServiceOnly } from '../common/decorators.js';
import { parseIdempotencyKey } from '../common/idempotency.js';
import { ApiProblems } from '../common/problem-responses.js';
import { Public } from '../common/public.decorator.js';
import { requireIds } from '../common/validators.js';
import { MfaChallengeDto } from '../mfa/dto/mfa.dto.js';
import { TokenPairDto } from '../sessions/dto/token-pair.dto.js';
import {
  AcceptInvitationDto,
  CreateInvitationDto,
  InvitationDto,
  InvitationPageDto,
  InvitationPageQueryDto,
  RevokeInvitationQueryDto,
} from './dto/invitation.dto.js';
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
      'the organization, or, for an account with a second factor, an MFA challenge to finish ' +
      'at POST /v1/auth/mfa/verify.',
  })
  @ApiExtraModels(TokenPairDto, MfaChallengeDto)
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(TokenPairDto) }, { $ref: getSchemaPath(MfaChallengeDto) }],
    },
  })
  @ApiProblems(
    'VALIDATION_FAILED',
    'INVALID_TOKEN',
    'WEAK_PASSWORD',
    'INVALID_CREDENTIALS',
    'ACCOUNT_DISABLED',
    'RATE_LIMITED',
  )
  accept(
    @Body() body: AcceptInvitationDto,
    @Client() client: ClientInfo,
  ): Promise<TokenPairDto | MfaChallengeDto> {
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
    description:
      'Scoped to the calling client and the organization, and bound to the request: a retry ' +
      'with the same body returns the first invitation (no new mail); the same key with a ' +
      'different body is 409 CONFLICT, reason IDEMPOTENCY_KEY_REUSED',
  })
  @ApiCreatedResponse({ type: InvitationDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT')
  create(
    @Body() body: CreateInvitationDto,
    @CurrentService() service: ServiceAuthContext,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<InvitationDto> {
    return this.invitations.create(body, service.clientId, parseIdempotencyKey(idempotencyKey));
  }

  @ServiceOnly()
  @ApiBearerAuth('service')
  @ApiTags('internal')
  @Get('internal/v1/organizations/:organizationId/invitations')
  @ApiOperation({ summary: "An organization's pending invitations, newest first" })
  @ApiOkResponse({ type: InvitationPageDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN')
  list(
    @Param('organizationId') organizationId: string,
    @Query() query: InvitationPageQueryDto,
  ): Promise<InvitationPageDto> {
    requireIds({ organizationId });
    return this.invitations.listPending(organizationId, query);
  }

  @ServiceOnly()
  @ApiBearerAuth('service')
  @ApiTags('internal')
  @Delete('internal/v1/organizations/:organizationId/invitations/:invitationId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Withdraw a pending invitation (idempotent); its link stops working at once',
  })
  @ApiOkResponse({ type: InvitationDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND')
  revoke(
    @Param('organizationId') organizationId: string,
    @Param('invitationId') invitationId: string,
    @Query() query: RevokeInvitationQueryDto,
    @CurrentService() service: ServiceAuthContext,
  ): Promise<InvitationDto> {
    requireIds({ organizationId, invitationId });
    return this.invitations.revoke(
      organizationId,
      invitationId,
      service.clientId,
      query.revokedByUserId,
    );
  }
}
