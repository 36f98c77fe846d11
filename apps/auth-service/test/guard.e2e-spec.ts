import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, startTestApp, type TestApp } from './support/test-app.js';

/** Routes that answer without a token; everything else must be denied by default. */
const PUBLIC_OPERATIONS = [
  'GET /.well-known/jwks.json',
  'GET /health',
  'GET /health/ready',
  'POST /v1/auth/invitations/accept',
  'POST /v1/auth/login',
  'POST /v1/auth/logout',
  'POST /v1/auth/mfa/verify',
  'POST /v1/auth/password/forgot',
  'POST /v1/auth/password/reset',
  'POST /v1/auth/refresh',
  'POST /v1/auth/register',
  'POST /v1/auth/service-token',
  'POST /v1/auth/verify-email',
  'POST /v1/auth/verify-email/resend',
];

describe('deny by default', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  function operations() {
    const result: { key: string; method: string; path: string; secured: boolean }[] = [];
    for (const [path, item] of Object.entries(app.openApi.paths)) {
      for (const [method, operation] of Object.entries(item as Record<string, unknown>)) {
        const security = (operation as { security?: unknown[] }).security;
        result.push({
          key: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          secured: Array.isArray(security) && security.length > 0,
        });
      }
    }
    return result;
  }

  it('documents a bearer scheme on every route except the public ones', () => {
    const unsecured = operations()
      .filter((op) => !op.secured)
      .map((op) => op.key)
      .sort();
    expect(unsecured).toEqual([...PUBLIC_OPERATIONS].sort());
  });

  it('answers 401 UNAUTHENTICATED on every secured route called without a token', async () => {
    const call = client(app);
    const secured = operations().filter((op) => op.secured);
    expect(secured.length).toBeGreaterThan(10);
    for (const op of secured) {
      const path = op.path
        .replace('{organizationId}', '01936b1e-7c4e-7d2a-9b8e-2f4c6a8d0e1f')
        .replace(/\{[^}]+\}/g, '665f1c2b9a1e4b0012345678');
      const res = await call(path, {
        method: op.method,
        body: ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined,
      });
      expect(res.status, op.key).toBe(401);
      expect(res.body.code, op.key).toBe('UNAUTHENTICATED');
    }
  });
});
