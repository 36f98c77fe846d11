import { createHttpDurationHistogram } from '@trivance/shared';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/** The process's Prometheus registry and the counters the code increments. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = createHttpDurationHistogram(this.registry);
  readonly cacheLookups = new Counter({
    name: 'trivance_cache_lookups_total',
    help: 'Cache-aside lookups by cache and outcome (hit or miss)',
    labelNames: ['cache', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly domainEvents = new Counter({
    name: 'trivance_domain_events_total',
    help: 'Domain events consumed, by type and outcome',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'trivance_management_' });
  }
}
