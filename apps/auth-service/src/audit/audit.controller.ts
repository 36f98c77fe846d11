import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError } from '@trivance/shared';
import type { UserAuthContext } from '../common/auth-context.js';
import { CurrentUser } from '../common/decorators.js';
import { ApiProblems } from '../common/problem-responses.js';
import { MembershipsRepository } from '../memberships/memberships.repository.js';
import { AuditService } from './audit.service.js';
import { AuditPageDto, AuditQueryDto } from './dto/audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth('user')
@Controller('v1/auth/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly memberships: MembershipsRepository,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Security events, newest first',
    description:
      'super_admin sees every event; an organization admin (token scoped to the organization) ' +
      'sees events about that organization and its members.',
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN')
  async list(
    @CurrentUser() auth: UserAuthContext,
    @Query() query: AuditQueryDto,
  ): Promise<AuditPageDto> {
    const scope = await this.scopeFor(auth);
    const page = await this.audit.list({
      limit: query.limit ?? 50,
      before: query.cursor,
      type: query.type,
      userId: query.userId,
      scope,
    });
    return {
      items: page.items.map((event) => ({
        id: String(event._id),
        type: event.type,
        userId: event.userId,
        organizationId: event.organizationId,
        actor: event.actor,
        ip: event.ip,
        userAgent: event.userAgent,
        data: event.data ?? {},
        createdAt: event.createdAt,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Everything for super_admin; that organization's events for its current admins; else 403. */
  private async scopeFor(auth: UserAuthContext) {
    if (auth.role === 'super_admin') return undefined;
    if (auth.organizationId && auth.role === 'admin') {
      const membership = await this.memberships.find(auth.organizationId, auth.userId);
      if (membership?.role === 'admin') return { organizationId: auth.organizationId };
    }
    throw new AppError('FORBIDDEN', 'Only platform and organization admins can read the audit log');
  }
}
