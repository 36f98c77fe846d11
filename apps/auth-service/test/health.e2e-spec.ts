import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, startTestApp, type Call, type TestApp } from './support/test-app.js';

describe('health, errors and documentation', () => {
  let app: TestApp;
  let call: Call;

  beforeAll(async () => {
    app = await startTestApp();
    call = client(app);
  });
  afterAll(() => app.close());

  it('answers liveness with 200', async () => {
    const res = await call('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('checks MongoDB and Redis for readiness', async () => {
    const res = await call('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.details.mongodb.status).toBe('up');
    expect(res.body.details.redis.status).toBe('up');
  });

  it('answers 503 when a dependency is down', async () => {
    const broken = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1/0' });
    try {
      const res = await client(broken)('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('error');
      expect(res.body.details.redis.status).toBe('down');
      expect(res.body.details.mongodb.status).toBe('up');
    } finally {
      await broken.close();
    }
  });

  it('echoes a safe x-request-id and makes one otherwise', async () => {
    const echoed = await call('/health', { headers: { 'x-request-id': 'req-12345' } });
    expect(echoed.headers.get('x-request-id')).toBe('req-12345');
    const made = await call('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with problem+json 404', async () => {
    const res = await call('/does-not-exist', { headers: { 'x-request-id': 'req-404' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      requestId: 'req-404',
      instance: '/does-not-exist',
    });
  });

  it('refuses a wrong content type with 415 problem+json', async () => {
    const res = await call('/v1/auth/login', {
      body: 'email=a@b.c',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses an oversize body with 413 problem+json', async () => {
    const res = await call('/v1/auth/login', {
      body: { email: 'a@example.test', password: 'x'.repeat(20_000) },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses malformed JSON with 400 problem+json', async () => {
    const res = await call('/v1/auth/login', { body: '{"email":' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('serves Prometheus metrics with HTTP latency by route template', async () => {
    await call('/v1/auth/login', {
      body: { email: 'nobody@example.test', password: 'x'.repeat(12) },
    });
    const res = await fetch(`${app.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('trivance_auth_logins_total{outcome="invalid_credentials"}');
    expect(text).toContain('route="/v1/auth/login"');
    expect(text).toContain('trivance_auth_mail_queue_jobs');
  });

  it('guards metrics with METRICS_TOKEN when one is set', async () => {
    const guarded = await startTestApp({ METRICS_TOKEN: 'a-metrics-token-of-length' });
    try {
      expect((await fetch(`${guarded.baseUrl}/metrics`)).status).toBe(401);
      const ok = await fetch(`${guarded.baseUrl}/metrics`, {
        headers: { authorization: 'Bearer a-metrics-token-of-length' },
      });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('serves Swagger UI and the OpenAPI JSON', async () => {
    const ui = await call('/api-docs');
    expect(ui.status).toBe(200);
    const json = await call('/api-docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.paths['/health/ready']).toBeDefined();
  });
});
