import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppError } from '@trivance/shared';
import type { FastifyReply } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../common/public.decorator.js';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { MailService } from '../mail/mail.service.js';
import { Metrics } from './metrics.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

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
    const token = this.config.METRICS_TOKEN;
    if (token) {
      if (!sameSecret(authorization ?? '', `Bearer ${token}`)) {
        throw new AppError('UNAUTHENTICATED', 'The metrics token is required');
      }
    } else if (this.config.NODE_ENV === 'production') {
      throw new AppError('NOT_FOUND');
    }
    const depth = await this.mail.queueDepth();
    for (const [state, count] of Object.entries(depth)) {
      this.metrics.mailQueueDepth.set({ state }, count);
    }
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
