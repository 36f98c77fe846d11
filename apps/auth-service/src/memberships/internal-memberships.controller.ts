import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AppError } from '@trivance/shared';
import { Types } from 'mongoose';
import type { ServiceAuthContext } from '../common/auth-context.js';
import { CurrentService, ServiceOnly } from '../common/decorators.js';
import { ApiProblems } from '../common/problem-responses.js';
import { requireIds } from '../common/validators.js';
import {
  AccountByEmailQueryDto,
  AccountDto,
  EndSessionsQueryDto,
  EndedSessionsDto,
  MemberPageDto,
  MemberPageQueryDto,
  MembershipResponseDto,
  SetMembershipDto,
} from './dto/membership.dto.js';
import { MembershipsService } from './memberships.service.js';

function checkIds(organizationId: string, userId?: string): void {
  requireIds({ organizationId, userId });
}

@ApiTags('internal')
@ApiBearerAuth('service')
@ServiceOnly()
@Controller('internal/v1')
export class InternalMembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get('users')
  @ApiOperation({
    summary: 'Look a verified account up by its email (to hand a ticket to its owner)',
    description:
      'Only accounts whose email is verified are found; others answer 404 like no account.',
  })
  @ApiOkResponse({ type: AccountDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND')
  accountByEmail(@Query() query: AccountByEmailQueryDto): Promise<AccountDto> {
    return this.memberships.verifiedAccountByEmail(query.email);
  }

  @Get('users/:userId')
  @ApiOperation({ summary: 'Look an account up by id' })
  @ApiOkResponse({ type: AccountDto })
  @ApiProblems('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND')
  account(@Param('userId') userId: string): Promise<AccountDto> {
    if (!Types.ObjectId.isValid(userId)) throw new AppError('NOT_FOUND', 'No such account');
    return this.memberships.account(userId);
  }

  @Get('organizations/:organizationId/members')
  @ApiOperation({
    summary: "An organization's members with their accounts, by account id, a page at a time",
  })
  @ApiOkResponse({ type: MemberPageDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN')
  list(
    @Param('organizationId') organizationId: string,
    @Query() query: MemberPageQueryDto,
  ): Promise<MemberPageDto> {
    checkIds(organizationId);
    return this.memberships.page(organizationId, query.after, query.limit ?? 200);
  }

  @Put('organizations/:organizationId/members/:userId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Add a member or change their role (idempotent)',
    description:
      "A new role reaches the member's tokens at their next refresh (at most 15 minutes).",
  })
  @ApiOkResponse({ type: MembershipResponseDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND')
  set(
    @Param('organizationId') organizationId: string,
    @Param('userId') userId: string,
    @Body() body: SetMembershipDto,
    @CurrentService() service: ServiceAuthContext,
  ): Promise<MembershipResponseDto> {
    checkIds(organizationId, userId);
    return this.memberships.set(organizationId, userId, body.role, `service:${service.clientId}`);
  }

  @Delete('organizations/:organizationId/members/:userId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a member (idempotent)',
    description:
      'Their sessions in the organization end at once and their pending invitations to it are ' +
      'withdrawn.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN')
  async remove(
    @Param('organizationId') organizationId: string,
    @Param('userId') userId: string,
    @CurrentService() service: ServiceAuthContext,
  ): Promise<void> {
    checkIds(organizationId, userId);
    await this.memberships.remove(organizationId, userId, `service:${service.clientId}`);
  }

  @Delete('organizations/:organizationId/members/:userId/sessions')
  @HttpCode(200)
  @ApiOperation({
    summary: "End a member's sessions in the organization (idempotent)",
    description:
      'Their tokens scoped to the organization stop working everywhere within seconds; ' +
      'sessions elsewhere are untouched.',
  })
  @ApiOkResponse({ type: EndedSessionsDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND')
  endSessions(
    @Param('organizationId') organizationId: string,
    @Param('userId') userId: string,
    @Query() query: EndSessionsQueryDto,
    @CurrentService() service: ServiceAuthContext,
  ): Promise<EndedSessionsDto> {
    checkIds(organizationId, userId);
    return this.memberships.endSessions(
      organizationId,
      userId,
      query.endedByUserId ?? `service:${service.clientId}`,
    );
  }
}
