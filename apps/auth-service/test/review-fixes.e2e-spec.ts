import { verify } from '@node-rs/argon2';
import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import { requestContext } from '@trivance/shared';
import { randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditEvent } from '../src/audit/audit-event.schema.js';
import { AuditService } from '../src/audit/audit.service.js';
import { BackgroundTasks } from '../src/common/background-tasks.js';
import { PasswordHasher } from '../src/credentials/password-hasher.js';
import { MailService } from '../src/mail/mail.service.js';
import { RateLimitService } from '../src/rate-limit/rate-limit.service.js';
import { OneTimeTokensRepository } from '../src/tokens/one-time-tokens.repository.js';
import { UsersRepository } from '../src/users/users.repository.js';
import {
  claimsOf,
  createVerifiedAccount,
  PASSWORD,
  signIn,
  type Account,
} from './support/accounts.js';
import { tokenFromMail, waitForMails } from './support/maildev.js';
import {
  client,
  randomIp,
  startTestApp,
  uniqueEmail,
  type Call,
  type TestApp,
} from './support/test-app.js';

const CLIENT = { clientId: 'management-api', clientSecret: 'dev-management-api-client-secret' };

describe('what a review under attack found', () => {
  let app: TestApp;
  let call: Call;
  let serviceToken: string;
  let db: NonNullable<Connection['db']>;

  beforeAll(async () => {
    app = await startTestApp();
    call = client(app);
    serviceToken = (await call('/v1/auth/service-token', { body: CLIENT })).body.accessToken;
    db = app.app.get<Connection>(getConnectionToken()).db!;
  });
  afterAll(() => app.close());
  afterEach(() => vi.restoreAllMocks());

  const setMember = (organizationId: string, userId: string, role: string) =>
    call(`/internal/v1/organizations/${organizationId}/members/${userId}`, {
      method: 'PUT',
      token: serviceToken,
      body: { role },
    });
  const enter = async (account: Account, organizationId: string) =>
    (
      await call('/v1/auth/switch-organization', {
        token: account.accessToken,
        body: { organizationId },
      })
    ).body as { accessToken: string; refreshToken: string };

  it('counts parallel guesses before checking them: of 30 at once, no more than the limit reach the hash', async () => {
    const account = await createVerifiedAccount(call, 'parallel');
    const hasher = app.app.get(PasswordHasher);
    const before = hasher.verifications;
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call('/v1/auth/login', {
          body: { email: account.email, password: `parallel guess number ${i}` },
        }),
      ),
    );
    const hashed = hasher.verifications - before;
    expect(hashed).toBeLessThanOrEqual(10);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(hashed);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - hashed);
    // The right password is slowed down too until the block passes.
    const right = await call('/v1/auth/login', {
      body: { email: account.email, password: PASSWORD },
    });
    expect(right.status).toBe(429);
  });

  it("shows an organization's admin only that organization's events, never a member's events elsewhere", async () => {
    const orgA = randomUUID();
    const orgB = randomUUID();
    const adminA = await createVerifiedAccount(call, 'audit-admin');
    const member = await createVerifiedAccount(call, 'audit-both');
    await setMember(orgA, adminA.userId, 'admin');
    await setMember(orgA, member.userId, 'user');
    await setMember(orgB, member.userId, 'moderator');
    // The member signs in (IP, device) and switches into the other organization.
    const signedIn = await signIn(call, member.email, PASSWORD);
    await enter(signedIn, orgB);

    const scoped = await enter(adminA, orgA);
    const page = await call(`/v1/auth/audit?limit=100&userId=${member.userId}`, {
      token: scoped.accessToken,
    });
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeGreaterThan(0);
    for (const event of page.body.items) expect(event.organizationId).toBe(orgA);
    const types = page.body.items.map((event: { type: string }) => event.type);
    expect(types).toContain('membership.added');
    expect(types).not.toContain('login.succeeded');
    expect(types).not.toContain('organization.switched');
  });

  it('voids every outstanding reset link when the password is changed', async () => {
    const account = await createVerifiedAccount(call, 'reset-then-change');
    await call('/v1/auth/password/forgot', { body: { email: account.email } });
    const mails = await waitForMails(account.email, 2);
    const token = tokenFromMail(
      mails.find((m) => m.subject.startsWith('Reset'))!,
      '/reset-password',
    );
    const changed = await call('/v1/auth/password/change', {
      token: account.accessToken,
      body: { currentPassword: PASSWORD, newPassword: 'a newer passphrase for this 9' },
    });
    expect(changed.status).toBe(204);
    const reset = await call('/v1/auth/password/reset', {
      body: { token, password: 'the attackers own passphrase 1' },
    });
    expect(reset.status).toBe(400);
    expect(reset.body.code).toBe('INVALID_TOKEN');
    await signIn(call, account.email, 'a newer passphrase for this 9');
  });

  it("voids a reset link issued before a change even if it was not marked (the link's time decides)", async () => {
    const account = await createVerifiedAccount(call, 'reset-unmarked');
    await call('/v1/auth/password/forgot', { body: { email: account.email } });
    const mails = await waitForMails(account.email, 2);
    const token = tokenFromMail(
      mails.find((m) => m.subject.startsWith('Reset'))!,
      '/reset-password',
    );
    await call('/v1/auth/password/change', {
      token: account.accessToken,
      body: { currentPassword: PASSWORD, newPassword: 'a newer passphrase for this 9' },
    });
    // As if the marking write had been lost in a race: the token looks unused.
    await db
      .collection('one_time_tokens')
      .updateMany(
        { userId: account.userId, purpose: 'reset_password' },
        { $set: { usedAt: null } },
      );
    const reset = await call('/v1/auth/password/reset', {
      body: { token, password: 'the attackers own passphrase 1' },
    });
    expect(reset.body.code).toBe('INVALID_TOKEN');
  });

  it('sends an address that has not confirmed it no text the requester chose', async () => {
    const email = uniqueEmail('stranger');
    const name = 'Support: your order is on hold, pay at https://evil.example';
    const res = await call('/v1/auth/register', { body: { email, password: PASSWORD, name } });
    expect(res.status).toBe(202);
    const [mail] = await waitForMails(email);
    for (const part of [mail!.subject, mail!.text, mail!.html]) {
      expect(part).not.toContain('evil.example');
      expect(part).not.toContain('order is on hold');
    }
    // Registering again (a taken address) sends the notice, also without it.
    await call('/v1/auth/register', { body: { email, password: PASSWORD, name } });
    const [, notice] = await waitForMails(email, 2);
    expect(notice!.text).not.toContain('evil.example');
  });

  it('does the same work in the request for a taken and a free email', async () => {
    const background = app.app.get(BackgroundTasks);
    const watched = {
      users: app.app.get(UsersRepository),
      tokens: app.app.get(OneTimeTokensRepository),
      mail: app.app.get(MailService),
      audit: app.app.get(AuditService),
      hasher: app.app.get(PasswordHasher),
      limits: app.app.get(RateLimitService),
    };
    const inRequest: string[] = [];
    const methods: [keyof typeof watched, string][] = [
      ['users', 'create'],
      ['users', 'findByEmail'],
      ['tokens', 'issue'],
      ['mail', 'enqueue'],
      ['audit', 'record'],
      ['hasher', 'hash'],
      ['limits', 'consume'],
      ['limits', 'tryConsume'],
    ];
    for (const [owner, method] of methods) {
      const target = watched[owner] as unknown as Record<string, (...args: unknown[]) => unknown>;
      const original = target[method]!.bind(target);
      vi.spyOn(target, method).mockImplementation((...args: unknown[]) => {
        // Work done as part of answering the request, as opposed to after it.
        if (requestContext.current()) inRequest.push(`${owner}.${method}`);
        return original(...args);
      });
    }
    const taken = await createVerifiedAccount(call, 'taken');
    await background.drain();
    const workFor = async (email: string) => {
      inRequest.length = 0;
      const res = await call('/v1/auth/register', {
        body: { email, password: PASSWORD, name: 'Same Work' },
        ip: randomIp(),
      });
      expect(res.status).toBe(202);
      const work = [...inRequest];
      await background.drain();
      return { work, body: res.body };
    };
    const free = await workFor(uniqueEmail('free'));
    const existing = await workFor(taken.email);
    expect(existing.work).toEqual(free.work);
    expect(free.work.filter((step) => step === 'hasher.hash')).toHaveLength(1);
    expect(existing.body).toEqual(free.body);
  });

  it('never gives an invitee’s membership to an account registered at the same moment by someone else', async () => {
    const org = randomUUID();
    const invitee = 'the invitees own passphrase 31';
    const attacker = 'the attackers own passphrase 7';
    const emails = Array.from({ length: 8 }, () => uniqueEmail('race'));
    for (const email of emails) {
      await call('/internal/v1/invitations', {
        token: serviceToken,
        body: { organizationId: org, email, role: 'admin' },
      });
    }
    const tokens = await Promise.all(
      emails.map(async (email) =>
        tokenFromMail((await waitForMails(email))[0]!, '/accept-invitation'),
      ),
    );
    const results = await Promise.all(
      emails.map(async (email, index) => {
        const [accepted] = await Promise.all([
          call('/v1/auth/invitations/accept', {
            body: { token: tokens[index], name: 'Invitee', password: invitee },
            ip: randomIp(),
          }),
          call('/v1/auth/register', {
            body: { email, password: attacker, name: 'Attacker' },
            ip: randomIp(),
          }),
        ]);
        return { email, accepted };
      }),
    );
    await app.app.get(BackgroundTasks).drain();
    for (const { email, accepted } of results) {
      const user = await db.collection('users').findOne({ email });
      const membership = await db
        .collection('memberships')
        .findOne({ organizationId: org, userId: String(user!._id), removedAt: null });
      const inviteeOwnsIt = await verify(user!.passwordHash, invitee);
      if (accepted.status === 200) {
        // Whoever got in proved this account's password: the invitee's.
        expect(inviteeOwnsIt).toBe(true);
        expect(claimsOf(accepted.body.accessToken).payload.sub).toBe(String(user!._id));
      } else {
        expect(accepted.body.code).toBe('INVALID_CREDENTIALS');
      }
      // The membership exists only on an account whose password the invitee knows.
      if (membership) expect(inviteeOwnsIt).toBe(true);
    }
  });

  it('takes only UUIDs as organization ids when switching organization', async () => {
    const root = uniqueEmail('switch-root');
    const { SuperAdminService } = await import('../src/users/super-admin.service.js');
    await app.app
      .get(SuperAdminService)
      .createOrPromote({ email: root, name: 'Root', password: PASSWORD });
    const operator = await signIn(call, root, PASSWORD);
    for (const organizationId of ['../../x?$ne=1', 'not-a-uuid', '{"$ne":1}', '']) {
      const res = await call('/v1/auth/switch-organization', {
        token: operator.accessToken,
        body: { organizationId },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('marks token answers no-store and sends standard security headers', async () => {
    const account = await createVerifiedAccount(call, 'headers');
    const login = await call('/v1/auth/login', {
      body: { email: account.email, password: PASSWORD },
    });
    const refresh = await call('/v1/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    const service = await call('/v1/auth/service-token', { body: CLIENT });
    for (const res of [login, refresh, service]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const me = await call('/v1/auth/me', { token: refresh.body.accessToken });
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(me.headers.get('x-content-type-options')).toBe('nosniff');
    expect(me.headers.get('strict-transport-security')).toContain('max-age=');
    expect(me.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(me.headers.get('content-security-policy')).toContain("default-src 'self'");
    const error = await call('/v1/auth/me');
    expect(error.headers.get('x-content-type-options')).toBe('nosniff');
    // The JWKS stays publicly cacheable.
    const jwks = await call('/.well-known/jwks.json');
    expect(jwks.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('records service_token.issued', async () => {
    const ip = randomIp();
    const issued = await call('/v1/auth/service-token', { body: CLIENT, ip });
    expect(issued.status).toBe(200);
    const event = await db
      .collection('audit_events')
      .findOne({ type: 'service_token.issued', ip }, { sort: { _id: -1 } });
    expect(event).toMatchObject({
      actor: 'service:management-api',
      data: { clientId: 'management-api' },
    });
  });

  it('keeps the audit log append-only for the application', async () => {
    const events = app.app.get<Model<AuditEvent>>(getModelToken(AuditEvent.name));
    const account = await createVerifiedAccount(call, 'append-only');
    const filter = { userId: account.userId };
    const before = await events.countDocuments(filter).exec();
    expect(before).toBeGreaterThan(0);
    const rewrites = [
      () => events.updateOne(filter, { $set: { type: 'login.failed' } }).exec(),
      () => events.updateMany(filter, { $set: { ip: '0.0.0.0' } }).exec(),
      () => events.findOneAndUpdate(filter, { $set: { actor: null } }).exec(),
      () => events.replaceOne(filter, { type: 'login.failed' }).exec(),
      () => events.deleteOne(filter).exec(),
      () => events.deleteMany(filter).exec(),
      () => events.findOneAndDelete(filter).exec(),
      () => events.bulkWrite([{ deleteMany: { filter } }]),
      async () => {
        const loaded = await events.findOne(filter).exec();
        loaded!.type = 'login.failed';
        await loaded!.save();
      },
    ];
    for (const rewrite of rewrites) await expect(rewrite()).rejects.toThrow(/append-only/);
    expect(await events.countDocuments(filter).exec()).toBe(before);
    const unchanged = await events.find(filter).lean().exec();
    expect(unchanged.some((event) => event.type === 'login.succeeded')).toBe(true);
  });

  it('serves no API documentation in production unless enabled', async () => {
    const production = {
      NODE_ENV: 'production',
      KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      SERVICE_CLIENTS: `management-api:${'a'.repeat(64)}`,
      METRICS_TOKEN: 'a-metrics-token-for-tests',
    };
    const closed = await startTestApp(production);
    try {
      for (const path of ['/api-docs', '/api-docs-json', '/api-docs/']) {
        expect((await client(closed)(path)).status).toBe(404);
      }
    } finally {
      await closed.close();
    }
    const opened = await startTestApp({ ...production, API_DOCS_ENABLED: 'true' });
    try {
      expect((await client(opened)('/api-docs-json')).status).toBe(200);
    } finally {
      await opened.close();
    }
    expect((await call('/api-docs-json')).status).toBe(200);
  });
});
