import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from './support/running-app.js';
import { testConfig } from './support/test-env.js';

describe('standard security headers', () => {
  let api: RunningApp;

  beforeAll(async () => {
    api = await startApp();
  });
  afterAll(() => api.close());

  it('sends them on every answer, errors included', async () => {
    for (const response of [
      await fetch(`${api.url}/health`),
      await fetch(`${api.url}/no-such-route`),
      await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      }),
    ]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('keeps a content security policy in production (GraphiQL, which needs a CDN, is off there)', async () => {
    const production = await startApp(
      testConfig({
        NODE_ENV: 'production',
        AUTH_CLIENT_SECRET: 'a-production-client-secret',
        WOMPI_PRIVATE_KEY: 'prv_prod_key',
        WOMPI_EVENTS_SECRET: 'prod-events-secret',
        WOMPI_INTEGRITY_SECRET: 'prod-integrity-secret',
        TICKET_SIGNING_KEY: 'a-production-ticket-signing-key-0123456789',
        SETTINGS_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
      }),
    );
    try {
      const response = await fetch(`${production.url}/health`);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    } finally {
      await production.close();
    }
    const development = await fetch(`${api.url}/health`);
    expect(development.headers.get('content-security-policy')).toBeNull();
  });
});
