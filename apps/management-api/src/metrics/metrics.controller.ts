import { Controller, Get, Headers, Res } from '@nestjs/common';
import { assertMetricsAccess } from '@trivance/shared';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { Metrics } from './metrics.js';

/** Prometheus scrape endpoint; behind METRICS_TOKEN, and never open in production. */
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @InjectConfig() private readonly config: ManagementConfig,
  ) {}

  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    assertMetricsAccess(authorization, this.config);
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
