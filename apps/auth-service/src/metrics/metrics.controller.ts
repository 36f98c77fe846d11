import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { assertMetricsAccess } from '@trivance/shared';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/public.decorator.js';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { MailService } from '../mail/mail.service.js';
import { Metrics } from './metrics.js';

/** Prometheus scrape endpoint: behind METRICS_TOKEN when set, and never open in production. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly mail: MailService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    assertMetricsAccess(authorization, this.config);
    const depth = await this.mail.queueDepth();
    for (const [state, count] of Object.entries(depth)) {
      this.metrics.mailQueueDepth.set({ state }, count);
    }
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
