import { getConnectionToken } from '@nestjs/mongoose';
import { AUTH_EVENTS_STREAM, fromStreamFields, type DomainEvent } from '@trivance/shared';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../src/domain-events/outbox-relay.js';
import { createVerifiedAccount } from './support/accounts.js';
import { sleep } from './support/maildev.js';
import { client, startTestApp, type Call, type TestApp } from './support/test-app.js';
import { EVENTS_TEST_ENV } from './support/test-env.js';

describe('domain events to the Redis Stream', () => {
  let app: TestApp;
  let call: Call;
  let redis: Redis;
  let serviceToken: string;

  beforeAll(async () => {
    app = await startTestApp(EVENTS_TEST_ENV);
    call = client(app);
    redis = new Redis(EVENTS_TEST_ENV.REDIS_URL!);
    serviceToken = (
      await call('/v1/auth/service-token', {
        body: { clientId: 'management-api', clientSecret: 'dev-management-api-client-secret' },
      })
    ).body.accessToken;
  });
  afterAll(async () => {
    redis.disconnect();
    await app.close();
  });

  async function eventsFor(userId: string, count: number): Promise<DomainEvent[]> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const entries = (await redis.xrange(AUTH_EVENTS_STREAM, '-', '+')) as [string, string[]][];
      const events = entries
        .map(([, fields]) => fromStreamFields(fields))
        .filter((event) => event.payload.userId === userId);
      if (events.length >= count || Date.now() > deadline) return events;
      await sleep(100);
    }
  }

  it('publishes user.registered and user.verified once each', async () => {
    const account = await createVerifiedAccount(call, 'events');
    const events = await eventsFor(account.userId, 2);
    expect(events.map((e) => e.type)).toEqual(['user.registered', 'user.verified']);
    expect(events[0]!.payload).toEqual({
      userId: account.userId,
      email: account.email,
      name: 'Test User',
      emailVerified: false,
    });
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    // Later passes (any instance) do not append them again.
    await app.app.get(OutboxRelay).relayOnce();
    await app.app.get(OutboxRelay).relayOnce();
    expect(await eventsFor(account.userId, 0)).toHaveLength(2);
    // The relay never writes to the account, so the verification it raced with stands.
    const db = app.app.get<Connection>(getConnectionToken()).db!;
    const { Types } = await import('mongoose');
    const user = await db.collection('users').findOne({ _id: new Types.ObjectId(account.userId) });
    expect(user!.emailVerifiedAt).toBeInstanceOf(Date);
    expect(user!.outbox.map((e: DomainEvent) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('publishes membership.changed for add, role change and removal (role null)', async () => {
    const account = await createVerifiedAccount(call, 'member-events');
    const org = randomUUID();
    const path = `/internal/v1/organizations/${org}/members/${account.userId}`;
    await call(path, { method: 'PUT', token: serviceToken, body: { role: 'user' } });
    await call(path, { method: 'PUT', token: serviceToken, body: { role: 'admin' } });
    await call(path, { method: 'DELETE', token: serviceToken });
    // Re-adding after removal is a new membership again.
    await call(path, { method: 'PUT', token: serviceToken, body: { role: 'moderator' } });
    const events = (await eventsFor(account.userId, 6)).filter(
      (e) => e.type === 'membership.changed',
    );
    expect(events.map((e) => (e.payload as { role: string | null }).role)).toEqual([
      'user',
      'admin',
      null,
      'moderator',
    ]);
    expect(events[0]!.payload).toMatchObject({
      organizationId: org,
      email: account.email,
      emailVerified: true,
    });
    const me = await call('/v1/auth/me', { token: account.accessToken });
    expect(me.body.memberships).toEqual([{ organizationId: org, role: 'moderator' }]);
  });
});
