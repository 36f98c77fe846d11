import { localStack } from '@trivance/shared/testing';

/** The environment every auth e2e spec runs with: its own database, Redis db and fast throttles. */
export const TEST_ENV: NodeJS.ProcessEnv = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  MONGODB_URI: localStack.mongoUrl('trivance_auth_test'),
  REDIS_URL: localStack.redisUrl(5),
  SMTP_URL: localStack.smtpUrl,
  PUBLIC_APP_URL: 'https://app.trivance.test',
  JWT_ISSUER: 'https://auth.trivance.test',
  JWT_AUDIENCE: 'trivance-api',
  // Specs choose their client IP through X-Forwarded-For from loopback.
  TRUST_PROXY: '127.0.0.1',
  LOGIN_FAILURE_BLOCK_SECONDS: '1',
  MAIL_RESEND_INTERVAL_SECONDS: '2',
};

export const MAILDEV_URL = localStack.mailWebUrl;

/** A second Redis db for specs that must not share queues with the others. */
export const ISOLATED_REDIS_URL = localStack.redisUrl(6);

/** A database of its own for the spec that revokes signing keys. */
export const KEYS_TEST_MONGODB_URI = localStack.mongoUrl('trivance_auth_keys_test');

/**
 * A database and a Redis db of their own for the spec that counts what the
 * outbox relay appends to the stream: every instance relays the documents of
 * its database, so on the shared one another spec's instance, running at the
 * same time, could append the same event as well (consumers de-duplicate).
 */
export const EVENTS_TEST_ENV: NodeJS.ProcessEnv = {
  MONGODB_URI: localStack.mongoUrl('trivance_auth_events_test'),
  REDIS_URL: localStack.redisUrl(8),
};
