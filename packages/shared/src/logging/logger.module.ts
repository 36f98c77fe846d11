import { type DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { traceIdFrom } from '../http/request-id.js';

export interface LoggingOptions {
  service: string;
  level: string;
  /** Paths that are not worth a log line per request (health probes, metrics). */
  quietPaths?: string[];
}

/** Secrets never reach the logs, whichever object they travel in. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.secret',
];

/** The one logger: pino JSON lines with service, request id and trace id. */
export function createLoggerModule(options: LoggingOptions): DynamicModule {
  const quiet = new Set(options.quietPaths ?? ['/health', '/health/ready', '/metrics']);
  return LoggerModule.forRoot({
    // Every path, including routes that plugins such as GraphQL register with
    // Fastify directly (the module's default pattern misses them on Fastify).
    forRoutes: [{ path: '/*path', method: RequestMethod.ALL }],
    exclude: [...quiet].map((path) => ({ path, method: RequestMethod.GET })),
    pinoHttp: {
      level: options.level,
      base: { service: options.service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      customProps: (req: IncomingMessage) => {
        const traceId = traceIdFrom(req);
        return traceId ? { traceId } : {};
      },
      autoLogging: {
        ignore: (req: IncomingMessage & { originalUrl?: string }) =>
          quiet.has((req.originalUrl ?? req.url ?? '').split('?')[0] ?? ''),
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  });
}
