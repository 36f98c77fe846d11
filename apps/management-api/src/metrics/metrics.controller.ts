import { Controller, Get, Headers, Res } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { Metrics } from './metrics.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

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
    const token = this.config.METRICS_TOKEN;
    if (token) {
      if (!sameSecret(authorization ?? '', `Bearer ${token}`))
        throw new AppError('UNAUTHENTICATED');
    } else if (this.config.NODE_ENV === 'production') {
      throw new AppError('NOT_FOUND');
    }
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
