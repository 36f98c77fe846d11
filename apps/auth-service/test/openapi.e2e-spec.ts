import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortedOpenApiJson } from '../src/openapi-document.js';
import { client, startTestApp, type TestApp } from './support/test-app.js';

const COMMITTED = new URL('../openapi.json', import.meta.url);

describe('OpenAPI contract', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('matches the committed openapi.json (run `npm run openapi -w @trivance/auth-service`)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(sortedOpenApiJson(app.openApi));
  });

  it('serves the same document at /api-docs-json', async () => {
    const served = await client(app)('/api-docs-json');
    expect(sortedOpenApiJson(served.body)).toBe(sortedOpenApiJson(app.openApi));
  });

  it('documents every contract path and error code with problem+json', () => {
    const paths = Object.keys(app.openApi.paths);
    for (const path of [
      '/v1/auth/register',
      '/v1/auth/verify-email',
      '/v1/auth/verify-email/resend',
      '/v1/auth/login',
      '/v1/auth/refresh',
      '/v1/auth/logout',
      '/v1/auth/logout-all',
      '/v1/auth/sessions',
      '/v1/auth/sessions/{id}',
      '/v1/auth/password/forgot',
      '/v1/auth/password/reset',
      '/v1/auth/password/change',
      '/v1/auth/me',
      '/v1/auth/switch-organization',
      '/v1/auth/invitations/accept',
      '/v1/auth/audit',
      '/.well-known/jwks.json',
      '/v1/auth/service-token',
      '/v1/auth/mfa/totp/enroll',
      '/v1/auth/mfa/totp/confirm',
      '/v1/auth/mfa/totp',
      '/v1/auth/mfa/verify',
      '/v1/auth/mfa/step-up',
      '/v1/admin/users',
      '/v1/admin/users/{id}/disable',
      '/v1/admin/users/{id}/enable',
      '/internal/v1/organizations/{organizationId}/invitations',
      '/internal/v1/organizations/{organizationId}/invitations/{invitationId}',
      '/internal/v1/organizations/{organizationId}/members/{userId}/sessions',
      '/internal/v1/organizations/{organizationId}/security',
    ]) {
      expect(paths).toContain(path);
    }
    const text = JSON.stringify(app.openApi);
    for (const code of [
      'WEAK_PASSWORD',
      'INVALID_TOKEN',
      'INVALID_CREDENTIALS',
      'EMAIL_NOT_VERIFIED',
      'RATE_LIMITED',
      'INVALID_REFRESH_TOKEN',
      'INVALID_CURRENT_PASSWORD',
      'NOT_A_MEMBER',
      'INVALID_CLIENT',
      'ACCOUNT_DISABLED',
      'INVALID_MFA_CODE',
    ]) {
      expect(text).toContain(`"${code}"`);
    }
    expect(text).toContain('application/problem+json');
    for (const item of Object.values(app.openApi.paths)) {
      for (const operation of Object.values(item as Record<string, Record<string, unknown>>)) {
        const responses = operation.responses as Record<string, unknown>;
        expect(responses['500']).toBeDefined();
        if (operation.requestBody) {
          expect(responses['413']).toBeDefined();
          expect(responses['415']).toBeDefined();
        }
      }
    }
  });
});
