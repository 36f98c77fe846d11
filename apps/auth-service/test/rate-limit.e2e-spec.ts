import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, randomIp, startTestApp, uniqueEmail, type TestApp } from './support/test-app.js';

describe('rate limits without Redis', () => {
  let app: TestApp;

  beforeAll(async () => {
    // Nothing listens on port 1: every Redis command fails at once.
    app = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1/0' });
  });
  afterAll(() => app.close());

  it('falls back to the in-memory limiter instead of failing open', async () => {
    const call = client(app);
    const email = uniqueEmail('insured');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await call('/v1/auth/login', {
        body: { email, password: 'some guess 1234' },
        ip: randomIp(),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });
});
