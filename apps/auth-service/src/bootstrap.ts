import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, observeHttpDurations } from '@trivance/shared';
import { AppModule } from './app.module.js';
import { addCommonProblems, ProblemDetailsDto } from './common/problem-responses.js';
import { apiDocsEnabled, type AuthConfig, loadAuthConfig } from './config/auth-config.js';
import { Metrics } from './metrics/metrics.js';

/** Request bodies are small JSON documents; anything larger is refused with 413. */
export const BODY_LIMIT_BYTES = 16 * 1024;

export interface AuthApp {
  app: NestFastifyApplication;
  config: AuthConfig;
  openApi: OpenAPIObject;
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const document = new DocumentBuilder()
    .setTitle('Trivance Auth Service')
    .setDescription(
      'Accounts, credentials, sessions, memberships and signing keys. Errors are RFC 9457 ' +
        'problem details (application/problem+json) with a stable `code` and `requestId`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'user')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'service')
    .build();
  const created = SwaggerModule.createDocument(app, document, {
    extraModels: [ProblemDetailsDto],
  });
  addCommonProblems(created as unknown as Parameters<typeof addCommonProblems>[0]);
  return created;
}

/**
 * Builds and initialises the Auth Service (used by main.ts, the tests and the
 * OpenAPI writer). The configuration is validated here, once, before anything starts.
 */
export async function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<AuthApp> {
  const config = loadAuthConfig(env);
  const app = await createHttpApp(AppModule.forRoot(config), {
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    corsOrigins: config.CORS_ORIGINS,
  });
  const instance = app.getHttpAdapter().getInstance();
  observeHttpDurations(instance, app.get(Metrics).httpDuration);
  // Answers carry tokens, sessions and account data: no cache may keep them,
  // unless a route says otherwise (the JWKS is public and cacheable).
  instance.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
  const openApi = buildOpenApiDocument(app);
  if (apiDocsEnabled(config)) {
    SwaggerModule.setup('api-docs', app, openApi, { jsonDocumentUrl: 'api-docs-json' });
  }
  await app.init();
  return { app, config, openApi };
}
