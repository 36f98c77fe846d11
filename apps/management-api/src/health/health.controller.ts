import { Controller, Get, Res } from '@nestjs/common';
import { HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';
import { DependencyChecks } from './dependency-checks.js';

@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly checks: DependencyChecks,
  ) {}

  /** Liveness: the process answers. Dependencies are not consulted. */
  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis really answer; 503 names the one that does not. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    try {
      return await this.health.check([() => this.checks.postgres(), () => this.checks.redisPing()]);
    } catch (error) {
      void reply.status(503);
      return (error as { response?: unknown }).response ?? { status: 'error' };
    }
  }
}
