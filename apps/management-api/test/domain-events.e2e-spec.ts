import { randomUUID } from 'node:crypto';
import {
  AUTH_EVENTS_DEAD_LETTER_STREAM,
  AUTH_EVENTS_STREAM,
  type DomainEvent,
  toStreamFields,
} from '@trivance/shared';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSUMER_GROUP } from '../src/domain-events/auth-events.consumer.js';
import { SHARED_REDIS_URL } from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { createOrganization, profilesOf, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, withSuperuser } from './support/test-env.js';
import { eventually } from './support/eventually.js';

const hex24 = () => randomUUID().replaceAll('-', '').slice(0, 24);

const wasHandled = (eventId: string) =>
  withSuperuser(
    TEST_DATABASE,
    async (db) =>
      Number(
        (await db.query('SELECT count(*) FROM processed_events WHERE event_id = $1', [eventId]))
          .rows[0].count,
      ) === 1,
  );

const processedCount = () =>
  withSuperuser(TEST_DATABASE, async (db) =>
    Number((await db.query('SELECT count(*) FROM processed_events')).rows[0].count),
  );

describe('domain events from the Auth Service', () => {
  let api: RunningApp;
  let redis: Redis;
  let organization: TestOrganization;
  const publish = (event: DomainEvent) =>
    redis.xadd(AUTH_EVENTS_STREAM, '*', ...toStreamFields(event));
  const event = <T extends DomainEvent['type']>(
    type: T,
    payload: Extract<DomainEvent, { type: T }>['payload'],
    occurredAt = new Date(),
  ) => ({ id: randomUUID(), type, occurredAt: occurredAt.toISOString(), payload }) as DomainEvent;
  /** Publishes in this order and waits until the consumer has handled every one. */
  const publishAll = async (...events: DomainEvent[]) => {
    for (const published of events) await publish(published);
    for (const published of events) await eventually(() => wasHandled(published.id), Boolean);
  };
  const account = (label: string) => {
    const userId = hex24();
    return { userId, email: `${label}-${userId}@example.test`, name: label, emailVerified: true };
  };
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

  beforeAll(async () => {
    redis = new Redis(SHARED_REDIS_URL);
    organization = await createOrganization('events');
    api = await startApp();
  });
  afterAll(async () => {
    await api.close();
    redis.disconnect();
  });

  it('projects memberships, account changes, removal and deletion', async () => {
    const userId = hex24();
    const account = {
      userId,
      email: `ana-${userId}@example.test`,
      name: 'Ana Gómez',
      emailVerified: false,
    };
    await publish(
      event('membership.changed', {
        ...account,
        organizationId: organization.id,
        role: 'moderator',
      }),
    );
    await eventually(
      () => profilesOf(organization.id),
      (rows) => rows.length === 1,
    );
    expect(await profilesOf(organization.id)).toEqual([
      {
        user_id: userId,
        email: account.email,
        name: 'Ana Gómez',
        role: 'MODERATOR',
        email_verified: false,
      },
    ]);

    await publish(event('user.verified', { userId }));
    await publish(event('user.updated', { ...account, name: 'Ana G. Gómez', emailVerified: true }));
    await eventually(
      () => profilesOf(organization.id),
      (rows) => (rows[0] as { name: string } | undefined)?.name === 'Ana G. Gómez',
    );
    expect(await profilesOf(organization.id)).toMatchObject([{ email_verified: true }]);

    await publish(
      event('membership.changed', { ...account, organizationId: organization.id, role: null }),
    );
    await eventually(
      () => profilesOf(organization.id),
      (rows) => rows.length === 0,
    );
  });

  describe('in order, whatever order they arrive in', () => {
    let ordered: TestOrganization;
    beforeAll(async () => {
      ordered = await createOrganization('ordered');
    });

    it('never brings back a removed member with an older event that arrives late', async () => {
      const member = account('late-join');
      const joined = event(
        'membership.changed',
        { ...member, organizationId: ordered.id, role: 'user' },
        minutesAgo(2),
      );
      const removed = event(
        'membership.changed',
        { ...member, organizationId: ordered.id, role: null },
        minutesAgo(1),
      );
      await publishAll(joined, removed);
      // A redelivery of an older change (another id, as a retried write would produce).
      await publishAll({ ...joined, id: randomUUID() });
      const profiles = (await profilesOf(ordered.id)) as { user_id: string }[];
      expect(profiles.map((row) => row.user_id)).not.toContain(member.userId);
    });

    it('keeps a deleted account deleted, whatever membership event follows', async () => {
      const member = account('deleted');
      await publishAll(
        event(
          'membership.changed',
          { ...member, organizationId: ordered.id, role: 'moderator' },
          minutesAgo(3),
        ),
        event('user.deleted', { userId: member.userId }, minutesAgo(2)),
        event(
          'membership.changed',
          { ...member, organizationId: ordered.id, role: 'admin' },
          minutesAgo(2.5),
        ),
        event('membership.changed', { ...member, organizationId: ordered.id, role: 'admin' }),
      );
      const profiles = (await profilesOf(ordered.id)) as { user_id: string }[];
      expect(profiles.map((row) => row.user_id)).not.toContain(member.userId);
    });

    it('keeps the newest account details when an older snapshot arrives later', async () => {
      const member = account('renamed');
      await publishAll(
        event(
          'membership.changed',
          { ...member, organizationId: ordered.id, role: 'user' },
          minutesAgo(3),
        ),
        event('user.updated', { ...member, name: 'Newest Name' }, minutesAgo(1)),
        // A role change made before the rename, carrying the old name, delivered after it.
        event(
          'membership.changed',
          { ...member, name: 'Old Name', organizationId: ordered.id, role: 'moderator' },
          minutesAgo(2),
        ),
      );
      const profiles = (await profilesOf(ordered.id)) as {
        user_id: string;
        name: string;
        role: string;
      }[];
      expect(profiles.find((row) => row.user_id === member.userId)).toMatchObject({
        name: 'Newest Name',
        role: 'MODERATOR',
      });
    });

    it('sends a removal without an organization to the dead letters, deleting nothing anywhere', async () => {
      const member = account('cross-tenant');
      const elsewhere = await createOrganization('elsewhere');
      await publishAll(
        event('membership.changed', { ...member, organizationId: ordered.id, role: 'user' }),
        event('membership.changed', { ...member, organizationId: elsewhere.id, role: 'user' }),
      );
      const { organizationId: _dropped, ...withoutOrganization } = {
        ...member,
        organizationId: ordered.id,
        role: null,
      };
      const removal = {
        id: randomUUID(),
        type: 'membership.changed',
        occurredAt: new Date().toISOString(),
      };
      await redis.xadd(
        AUTH_EVENTS_STREAM,
        '*',
        'id',
        removal.id,
        'type',
        removal.type,
        'occurredAt',
        removal.occurredAt,
        'payload',
        JSON.stringify(withoutOrganization),
      );
      await eventually(
        () => redis.xrange(AUTH_EVENTS_DEAD_LETTER_STREAM, '-', '+'),
        (entries) => entries.some(([, fields]) => fields.includes(removal.id)),
      );
      for (const org of [ordered.id, elsewhere.id]) {
        const profiles = (await profilesOf(org)) as { user_id: string }[];
        expect(profiles.map((row) => row.user_id)).toContain(member.userId);
      }
    });
  });

  it('applies an event delivered twice only once, and survives a full replay', async () => {
    const userId = hex24();
    const joined = event('membership.changed', {
      userId,
      email: `dup-${userId}@example.test`,
      name: 'Duplicated',
      emailVerified: true,
      organizationId: organization.id,
      role: 'user',
    });
    await publish(joined);
    await eventually(
      () => profilesOf(organization.id),
      (rows) => rows.length === 1,
    );
    const renamed = event('user.updated', {
      userId,
      email: `dup-${userId}@example.test`,
      name: 'Renamed',
      emailVerified: true,
    });
    await publish(renamed);
    await eventually(
      () => profilesOf(organization.id),
      (rows) => (rows[0] as { name: string }).name === 'Renamed',
    );

    // The same join again (a redelivery) must not undo the rename that followed it.
    await publish(joined);
    const countBefore = await processedCount();
    // Replay the whole stream to the group, as after a lost offset.
    await redis.xgroup('SETID', AUTH_EVENTS_STREAM, CONSUMER_GROUP, '0');
    await eventually(
      () => redis.xinfo('GROUPS', AUTH_EVENTS_STREAM) as Promise<unknown[][]>,
      (groups) => {
        const group = groups.find((fields) => fields[1] === CONSUMER_GROUP)!;
        const lag = group[group.indexOf('lag') + 1];
        const pending = group[group.indexOf('pending') + 1];
        return lag === 0 && pending === 0;
      },
    );
    expect(await processedCount()).toBe(countBefore);
    expect(await profilesOf(organization.id)).toEqual([
      {
        user_id: userId,
        email: `dup-${userId}@example.test`,
        name: 'Renamed',
        role: 'USER',
        email_verified: true,
      },
    ]);
  });

  it('moves malformed and persistently failing events to the dead-letter stream', async () => {
    const malformedId = await redis.xadd(
      AUTH_EVENTS_STREAM,
      '*',
      'id',
      randomUUID(),
      'type',
      'user.exploded',
      'occurredAt',
      'x',
      'payload',
      '{}',
    );
    const orphan = event('membership.changed', {
      userId: hex24(),
      email: 'orphan@example.test',
      name: 'Orphan',
      emailVerified: true,
      organizationId: randomUUID(), // no such organization: the foreign key refuses it every time
      role: 'user',
    });
    await publish(orphan);
    const dead = await eventually(
      () => redis.xrange(AUTH_EVENTS_DEAD_LETTER_STREAM, '-', '+'),
      (entries) =>
        entries.some(([, fields]) => fields.includes(malformedId!)) &&
        entries.some(([, fields]) => fields.includes(orphan.id)),
      30_000,
    );
    const orphanEntry = dead.find(([, fields]) => fields.includes(orphan.id))!;
    expect(orphanEntry[1]).toContain('error');
  });

  it('resumes after the service restarts without losing an event', async () => {
    await api.close();
    const userId = hex24();
    await publish(
      event('membership.changed', {
        userId,
        email: `late-${userId}@example.test`,
        name: 'Arrived While Down',
        emailVerified: true,
        organizationId: organization.id,
        role: 'admin',
      }),
    );
    api = await startApp();
    await eventually(
      () => profilesOf(organization.id),
      (rows) => rows.some((row) => (row as { user_id: string }).user_id === userId),
    );
  });
});
