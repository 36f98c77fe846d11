import { localStack } from '@trivance/shared/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_QUEUE } from '../src/mail/mail.service.js';
import { PASSWORD } from './support/accounts.js';
import { sleep } from './support/maildev.js';
import { client, startTestApp, uniqueEmail, type TestApp } from './support/test-app.js';
import { ISOLATED_REDIS_URL } from './support/test-env.js';

describe('mail delivery when SMTP is down', () => {
  let app: TestApp;
  let queue: Queue;

  beforeAll(async () => {
    // Nothing listens on port 1: every send fails. Its own Redis db, so no other spec's
    // worker (with a working SMTP) takes the job.
    app = await startTestApp({ SMTP_URL: 'smtp://127.0.0.1:1', REDIS_URL: ISOLATED_REDIS_URL });
    queue = new Queue(MAIL_QUEUE, {
      connection: {
        host: '127.0.0.1',
        port: localStack.redisPort,
        db: 6,
        maxRetriesPerRequest: null,
      },
    });
  });
  afterAll(async () => {
    await queue.close();
    await app.close();
  });

  it('still answers 202 and keeps the mail queued for a retry with backoff', async () => {
    const email = uniqueEmail('smtp-down');
    const res = await client(app)('/v1/auth/register', {
      body: { email, password: PASSWORD, name: 'Queued' },
    });
    expect(res.status).toBe(202);
    let retrying;
    for (let i = 0; i < 100 && !retrying; i++) {
      const delayed = await queue.getDelayed();
      retrying = delayed.find((job) => job.data.to === email);
      if (!retrying) await sleep(100);
    }
    expect(retrying).toBeDefined();
    expect(retrying!.attemptsMade).toBeGreaterThanOrEqual(1);
    expect(retrying!.opts.attempts).toBeGreaterThan(1);
    // Leave nothing behind for the next run's workers.
    await retrying!.remove();
  });
});
