import { Controller, Get, Query, Res } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/access.decorators.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { CurrentTenant } from '../tenancy/current-tenant.decorator.js';
import { ScopedCsv } from '../tenancy/scoped-csv.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { DONATIONS_CSV } from './donation-exports.queries.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED'];

/** The organization's donations as CSV, for its admins; optionally one campaign's, or one status. */
@Controller('api/exports')
@Roles('admin')
export class DonationExportsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly csv: ScopedCsv,
  ) {}

  @Get('donations.csv')
  async donations(
    @CurrentTenant() scope: TenantScope,
    @Query('campaignId') campaignId: unknown,
    @Query('status') status: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const errors: Record<string, string[]> = {};
    if (campaignId !== undefined && !(typeof campaignId === 'string' && UUID.test(campaignId))) {
      errors.campaignId = ['must be a UUID'];
    }
    if (status !== undefined && !(typeof status === 'string' && STATUSES.includes(status))) {
      errors.status = [`must be one of ${STATUSES.join(', ')}`];
    }
    if (Object.keys(errors).length > 0) {
      throw new AppError('VALIDATION_FAILED', 'The export has invalid filters', { errors });
    }
    const campaign = campaignId as string | undefined;
    // Another organization's campaign, published or not, is not found.
    if (campaign) await this.campaigns.get(scope, campaign);
    const rows = await this.csv.stream(DONATIONS_CSV, {
      campaign_id: campaign ?? '',
      status: (status as string | undefined) ?? '',
    });
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${campaign ? `campaign-${campaign}-donations` : 'donations'}.csv"`,
      )
      .header('cache-control', 'no-store')
      .send(rows);
  }
}
