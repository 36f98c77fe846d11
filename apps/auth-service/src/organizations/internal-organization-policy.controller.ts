import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import type { ServiceAuthContext } from '../common/auth-context.js';
import { CurrentService, ServiceOnly } from '../common/decorators.js';
import { ApiProblems } from '../common/problem-responses.js';
import { requireIds } from '../common/validators.js';
import { OrganizationPolicyDto, SetOrganizationPolicyDto } from './dto/organization-policy.dto.js';
import { OrganizationPoliciesRepository } from './organization-policies.repository.js';

@ApiTags('internal')
@ApiBearerAuth('service')
@ServiceOnly()
@Controller('internal/v1/organizations/:organizationId/security')
export class InternalOrganizationPolicyController {
  constructor(
    private readonly policies: OrganizationPoliciesRepository,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: "An organization's security settings" })
  @ApiOkResponse({ type: OrganizationPolicyDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN')
  get(@Param('organizationId') organizationId: string): Promise<OrganizationPolicyDto> {
    requireIds({ organizationId });
    return this.policies.get(organizationId);
  }

  @Put()
  @ApiOperation({ summary: "Change an organization's security settings (idempotent)" })
  @ApiOkResponse({ type: OrganizationPolicyDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN')
  async set(
    @Param('organizationId') organizationId: string,
    @Body() body: SetOrganizationPolicyDto,
    @CurrentService() service: ServiceAuthContext,
  ): Promise<OrganizationPolicyDto> {
    requireIds({ organizationId });
    const actor = body.changedByUserId ?? `service:${service.clientId}`;
    const before = await this.policies.get(organizationId);
    const after = await this.policies.set(
      organizationId,
      { requireMfaForStaff: body.requireMfaForStaff },
      actor,
    );
    if (before.requireMfaForStaff !== after.requireMfaForStaff) {
      await this.audit.record({
        type: 'organization.security_changed',
        organizationId,
        actor,
        data: { requireMfaForStaff: after.requireMfaForStaff },
      });
    }
    return after;
  }
}
