import helmet from '@fastify/helmet';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { ProblemDetailsFilter } from '../errors/problem-details.filter.js';
import { createValidationPipe } from '../errors/validation.pipe.js';
import { requestContext } from '../context/request-context.js';
import { refuseNonJsonBodies } from './json-bodies-only.js';
import { generateRequestId, REQUEST_ID_HEADER } from './request-id.js';

export interface HttpAppOptions {
  /** Request body limit in bytes. */
  bodyLimit?: number;
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDRs). */
  trustProxy?: string[];
  corsOrigins?: string[];
  /**
   * Content-Security-Policy: helmet's default (same-origin scripts, which the
   * Swagger UI needs) unless told otherwise; `false` drops the header (an
   * in-browser IDE that loads its scripts from a CDN, in development only).
   */
  contentSecurityPolicy?: boolean;
  /** Keep each JSON body's exact bytes as `request.rawBody` (signed webhooks hash them). */
  rawBody?: boolean;
}

/**
 * Builds a NestJS application on Fastify with what every service shares:
 * request ids (taken from or set as x-request-id), the pino logger, problem
 * details errors, strict validation, standard security headers (helmet: HSTS,
 * nosniff, frame denial, referrer policy, CSP) and graceful shutdown.
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    genReqId: generateRequestId,
    bodyLimit: options.bodyLimit ?? 100 * 1024,
    trustProxy: options.trustProxy?.length ? options.trustProxy : false,
    // Our logger is pino through nestjs-pino; Fastify's own would log twice.
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: true,
    rawBody: options.rawBody ?? false,
  });
  app.useLogger(app.get(Logger));
  await app.register(helmet, {
    contentSecurityPolicy: options.contentSecurityPolicy === false ? false : undefined,
  });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  if (options.corsOrigins?.length) app.enableCors({ origin: options.corsOrigins });
  app.enableShutdownHooks();
  const instance = app.getHttpAdapter().getInstance();
  instance.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    // Everything after this hook, handlers included, runs inside the context.
    requestContext.run({ requestId: String(request.id) }, done);
  });
  refuseNonJsonBodies(instance);
  return app;
}

export type { INestApplication };
