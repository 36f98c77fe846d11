import { Injectable } from '@nestjs/common';
import { createHttpDurationHistogram } from '@trivance/shared';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/** The process's Prometheus registry and what the code counts. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = createHttpDurationHistogram(this.registry);

  readonly logins = new Counter({
    name: 'trivance_auth_logins_total',
    help: 'Password sign-ins by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly refreshes = new Counter({
    name: 'trivance_auth_refreshes_total',
    help: 'Refresh-token rotations by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'trivance_auth_rate_limited_total',
    help: 'Requests or mails refused by a rate limit, by limiter',
    labelNames: ['limiter'] as const,
    registers: [this.registry],
  });

  readonly mailQueueDepth = new Gauge({
    name: 'trivance_auth_mail_queue_jobs',
    help: 'Mail jobs by state (waiting, delayed, active, failed)',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'trivance_auth_' });
  }
}
