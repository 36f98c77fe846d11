import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from './support/running-app.js';
import { testConfig } from './support/test-env.js';

describe('health and HTTP conventions', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
  });
  afterAll(() => api.close());

  it('answers liveness without consulting dependencies', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('reports PostgreSQL and Redis up when both really answer', async () => {
    const response = await fetch(`${api.url}/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; info: Record<string, unknown> };
    expect(body.status).toBe('ok');
    expect(body.info).toEqual({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('echoes a safe x-request-id and replaces an unsafe one', async () => {
    const given = await fetch(`${api.url}/health`, { headers: { 'x-request-id': 'trace-42.a' } });
    expect(given.headers.get('x-request-id')).toBe('trace-42.a');

    const unsafe = await fetch(`${api.url}/health`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('measures request latency by route template in /metrics', async () => {
    await api.graphql('{ __typename }');
    const text = await (await fetch(`${api.url}/metrics`)).text();
    expect(text).toMatch(
      /trivance_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} [1-9]/,
    );
  });

  it('answers unknown routes with problem details carrying the request id', async () => {
    const response = await fetch(`${api.url}/no-such-route`, {
      headers: { 'x-request-id': 'req-404' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      requestId: 'req-404',
      instance: '/no-such-route',
    });
  });
});

describe('readiness with a dependency down', () => {
  let api: RunningApp;
  beforeAll(async () => {
    // Nothing listens on port 1: Redis is unreachable while PostgreSQL is fine.
    api = await startApp(testConfig({ REDIS_URL: 'redis://127.0.0.1:1' }));
  });
  afterAll(() => api.close());

  it('answers 503 and names Redis as down', async () => {
    const response = await fetch(`${api.url}/health/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as {
      status: string;
      details: Record<string, { status: string }>;
    };
    expect(body.status).toBe('error');
    expect(body.details.postgres?.status).toBe('up');
    expect(body.details.redis?.status).toBe('down');
  });
});

describe('request bodies', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
  });
  afterAll(() => api.close());

  it('refuses a body that is not JSON with 415', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{ __typename }',
    });
    expect(response.status).toBe(415);
    const body = (await response.json()) as { errors: { message: string; extensions: object }[] };
    expect(body.errors[0]).toMatchObject({
      message: 'Request bodies must be application/json',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { data: unknown; errors: unknown[] };
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
  });
});
