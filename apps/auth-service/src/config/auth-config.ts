import { createHash } from 'node:crypto';
import {
  commonEnvShape,
  ConfigError,
  encryptionKeySetting,
  loadConfig,
  urlWithProtocol,
} from '@trivance/shared';
import { z } from 'zod';

/** Development-only values; production refuses to start while any of them is still set. */
export const DEV_KEY_ENCRYPTION_KEY = 'ZGV2LW9ubHkta2V5LWVuY3J5cHRpb24ta2V5LTMyYiE=';
export const DEV_MANAGEMENT_CLIENT_SECRET = 'dev-management-api-client-secret';
export const DEV_SERVICE_CLIENTS = `management-api:${sha256Hex(DEV_MANAGEMENT_CLIENT_SECRET)}`;

function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export interface ServiceClientConfig {
  clientId: string;
  /** SHA-256 (hex) of the client secret; the secret itself is never configured here. */
  secretHash: string;
}

const serviceClients = z
  .string()
  .default(DEV_SERVICE_CLIENTS)
  .transform((value, ctx): ServiceClientConfig[] => {
    const clients: ServiceClientConfig[] = [];
    for (const entry of value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)) {
      const match = /^([a-z0-9][a-z0-9._-]{1,63}):([0-9a-f]{64})$/.exec(entry);
      if (!match) {
        ctx.addIssue({
          code: 'custom',
          message: 'each entry must be <clientId>:<sha256 hex of the secret>',
        });
        return z.NEVER;
      }
      clients.push({ clientId: match[1]!, secretHash: match[2]! });
    }
    return clients;
  });

const keyEncryptionKey = encryptionKeySetting(DEV_KEY_ENCRYPTION_KEY);

const positiveSeconds = z.coerce.number().int().min(1).max(86_400);

export const authConfigSchema = z.object({
  ...commonEnvShape(3001),
  MONGODB_URI: urlWithProtocol('mongodb', 'mongodb+srv').default(
    'mongodb://127.0.0.1:27017/trivance_auth',
  ),
  SMTP_URL: urlWithProtocol('smtp', 'smtps').default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().min(3).default('Trivance <no-reply@trivance.local>'),
  PUBLIC_APP_URL: urlWithProtocol('http', 'https').default('http://localhost:5173'),
  JWT_ISSUER: z.string().min(1).default('http://localhost:3001'),
  JWT_AUDIENCE: z.string().min(1).default('trivance-api'),
  KEY_ENCRYPTION_KEY: keyEncryptionKey,
  SERVICE_CLIENTS: serviceClients,
  /** Base of the progressive slow-down after repeated login failures for one email. */
  LOGIN_FAILURE_BLOCK_SECONDS: positiveSeconds.default(30),
  /** Minimum gap between two verification or reset mails to one address. */
  MAIL_RESEND_INTERVAL_SECONDS: positiveSeconds.default(60),
  /**
   * How often each instance re-reads the signing keys; a rotated key starts
   * signing twice this long after it is published.
   */
  SIGNING_KEY_REFRESH_SECONDS: positiveSeconds.default(60),
  /** How often expired tokens, sessions and invitations are purged. */
  PURGE_INTERVAL_SECONDS: positiveSeconds.default(600),
  /**
   * Serve the Swagger UI and its JSON (internal routes included). Off in
   * production unless set to true; on elsewhere.
   */
  API_DOCS_ENABLED: z.enum(['true', 'false']).optional(),
  /** The Management API, asked for its part of an account holder's export (/internal/v1). */
  MANAGEMENT_API_URL: urlWithProtocol('http', 'https').default('http://127.0.0.1:3000'),
});

export type AuthConfig = z.output<typeof authConfigSchema>;

/** Whether /api-docs and /api-docs-json are served. */
export function apiDocsEnabled(config: AuthConfig): boolean {
  return config.API_DOCS_ENABLED
    ? config.API_DOCS_ENABLED === 'true'
    : config.NODE_ENV !== 'production';
}

/** Injection token of the validated configuration. */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const config = loadConfig(authConfigSchema, env, {
    secrets: [{ key: 'KEY_ENCRYPTION_KEY', developmentDefault: DEV_KEY_ENCRYPTION_KEY }],
  });
  // SERVICE_CLIENTS is parsed into objects, so its development default is checked here.
  const devHash = sha256Hex(DEV_MANAGEMENT_CLIENT_SECRET);
  if (
    config.NODE_ENV === 'production' &&
    config.SERVICE_CLIENTS.some((client) => client.secretHash === devHash)
  ) {
    throw new ConfigError(['SERVICE_CLIENTS: still has its development default in production']);
  }
  return config;
}
