import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

export type HttpDurationHistogram = Histogram<'method' | 'route' | 'status'>;

/** HTTP latency by method, route template and status, in the service's registry. */
export function createHttpDurationHistogram(registry: Registry): HttpDurationHistogram {
  return new Histogram({
    name: 'trivance_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
}

/** Observes every response, labelled by route template (never the raw URL, which holds ids). */
export function observeHttpDurations(
  instance: FastifyInstance,
  histogram: HttpDurationHistogram,
): void {
  instance.addHook('onResponse', async (request, reply) => {
    histogram.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}
