import { getConnectionToken } from '@nestjs/mongoose';
import { AUTH_EVENTS_STREAM, fromStreamFields } from '@trivance/shared';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SuperAdminService } from '../src/users/super-admin.service.js';
import {
  claimsOf,
  createVerifiedAccount,
  PASSWORD,
  signIn,
  type Account,
} from './support/accounts.js';
import { sleep, tokenFromMail, waitForMails } from './support/maildev.js';
import { enableSecondFactor, signInWithSecondFactor } from './support/second-factor.js';
import { client, startTestApp, uniqueEmail, type Call, type TestApp } from './support/test-app.js';
import { TEST_ENV } from './support/test-env.js';

const CLIENT = { clientId: 'management-api', clientSecret: 'dev-management-api-client-secret' };

describe('admin controls, profile and idempotency', () => {
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

  const internal = (
    path: string,
    options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => call(`/internal/v1${path}`, { token: serviceToken, ...options });
  const invite = (organizationId: string, email: string, role = 'user', headers = {}) =>
    internal('/invitations', { body: { organizationId, email, role }, headers });

  async function operator(): Promise<{ account: Account; aal2: string; aal1: string }> {
    const email = uniqueEmail('operator');
    await app.app
      .get(SuperAdminService)
      .createOrPromote({ email, name: 'Operator', password: PASSWORD });
    const account = await signIn(call, email, PASSWORD);
    const factor = await enableSecondFactor(call, account);
    const pair = await signInWithSecondFactor(call, account, factor);
    return { account, aal2: pair.accessToken, aal1: account.accessToken };
  }

  describe('invitations', () => {
    it("lists an organization's pending invitations newest first, in pages both ways", async () => {
      const org = randomUUID();
      const emails = Array.from({ length: 5 }, () => uniqueEmail('pending'));
      const ids: string[] = [];
      for (const email of emails) ids.push((await invite(org, email)).body.id);
      await invite(randomUUID(), uniqueEmail('elsewhere'));
      const first = await internal(`/organizations/${org}/invitations?first=2`);
      expect(first.status).toBe(200);
      expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([ids[4], ids[3]]);
      expect(first.body).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const next = await internal(`/organizations/${org}/invitations?first=10&after=${ids[3]}`);
      expect(next.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[1], ids[0]]);
      expect(next.body.hasNextPage).toBe(false);
      const back = await internal(`/organizations/${org}/invitations?last=2&before=${ids[1]}`);
      expect(back.body.items.map((i: { id: string }) => i.id)).toEqual([ids[3], ids[2]]);
      expect(back.body.hasPreviousPage).toBe(true);
      expect(first.body.items[0]).toMatchObject({
        email: emails[4],
        role: 'user',
        revokedAt: null,
      });
    });

    it('revokes a pending invitation: its link stops working and it leaves the list', async () => {
      const org = randomUUID();
      const email = uniqueEmail('revoked-invitee');
      const created = (await invite(org, email, 'admin')).body;
      const token = tokenFromMail((await waitForMails(email))[0]!, '/accept-invitation');
      const admin = await createVerifiedAccount(call, 'revoker');
      const revoked = await internal(
        `/organizations/${org}/invitations/${created.id}?revokedByUserId=${admin.userId}`,
        { method: 'DELETE' },
      );
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ id: created.id, revokedAt: expect.any(String) });
      const again = await internal(`/organizations/${org}/invitations/${created.id}`, {
        method: 'DELETE',
      });
      expect(again.status).toBe(200);
      const accepted = await call('/v1/auth/invitations/accept', {
        body: { token, name: 'Too Late', password: PASSWORD },
      });
      expect(accepted.body.code).toBe('INVALID_TOKEN');
      const list = await internal(`/organizations/${org}/invitations`);
      expect(list.body.items).toEqual([]);
      const event = await db
        .collection('audit_events')
        .findOne({ type: 'invitation.revoked', organizationId: org });
      expect(event).toMatchObject({ actor: admin.userId, data: { invitationId: created.id } });
    });

    it("keeps another organization's invitation out of reach, and an accepted one accepted", async () => {
      const org = randomUUID();
      const email = uniqueEmail('other-org');
      const created = (await invite(org, email)).body;
      const foreign = await internal(`/organizations/${randomUUID()}/invitations/${created.id}`, {
        method: 'DELETE',
      });
      expect(foreign.status).toBe(404);
      const token = tokenFromMail((await waitForMails(email))[0]!, '/accept-invitation');
      const accepted = await call('/v1/auth/invitations/accept', {
        body: { token, name: 'Quick', password: PASSWORD },
      });
      expect(accepted.status).toBe(200);
      const late = await internal(`/organizations/${org}/invitations/${created.id}`, {
        method: 'DELETE',
      });
      expect(late.status).toBe(404);
      const bad = await internal(`/organizations/${org}/invitations/not-an-id`, {
        method: 'DELETE',
      });
      expect(bad.status).toBe(400);
    });

    it("withdraws a removed member's pending invitations to the organization", async () => {
      const org = randomUUID();
      const member = await createVerifiedAccount(call, 'removed-with-invite');
      await internal(`/organizations/${org}/members/${member.userId}`, {
        method: 'PUT',
        body: { role: 'user' },
      });
      await invite(org, member.email, 'admin');
      const mails = await waitForMails(member.email, 2);
      const token = tokenFromMail(mails.at(-1)!, '/accept-invitation');
      const removed = await internal(`/organizations/${org}/members/${member.userId}`, {
        method: 'DELETE',
      });
      expect(removed.status).toBe(204);
      const accepted = await call('/v1/auth/invitations/accept', {
        body: { token, password: PASSWORD },
      });
      expect(accepted.body.code).toBe('INVALID_TOKEN');
      const me = await call('/v1/auth/me', { token: member.accessToken });
      expect(me.body.memberships).toEqual([]);
    });
  });

  describe('idempotency keys cannot leak', () => {
    it('replays the first result for the same request and refuses the same key with another', async () => {
      const org = randomUUID();
      const key = randomUUID();
      const email = uniqueEmail('idem');
      const first = await invite(org, email, 'user', { 'idempotency-key': key });
      const replay = await invite(org, email.toUpperCase(), 'user', { 'idempotency-key': key });
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      const other = await invite(org, uniqueEmail('idem-other'), 'admin', {
        'idempotency-key': key,
      });
      expect(other.status).toBe(409);
      expect(other.headers.get('content-type')).toContain('application/problem+json');
      expect(other.body).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
      expect(JSON.stringify(other.body)).not.toContain(email);
    });

    it("never answers with another organization's invitation for the same key", async () => {
      const key = `invite-member:${randomUUID()}`;
      const orgA = randomUUID();
      const orgB = randomUUID();
      const a = await invite(orgA, uniqueEmail('tenant-a'), 'admin', { 'idempotency-key': key });
      const b = await invite(orgB, uniqueEmail('tenant-b'), 'user', { 'idempotency-key': key });
      expect(b.status).toBe(201);
      expect(b.body.id).not.toBe(a.body.id);
      expect(b.body.organizationId).toBe(orgB);
      const list = await internal(`/organizations/${orgB}/invitations`);
      expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([b.body.id]);
    });

    it('refuses a malformed key instead of cutting it', async () => {
      const res = await invite(randomUUID(), uniqueEmail('long-key'), 'user', {
        'idempotency-key': 'k'.repeat(201),
      });
      expect(res.status).toBe(400);
    });
  });

  describe("ending a member's sessions", () => {
    it('ends the member’s sessions in the organization only', async () => {
      const org = randomUUID();
      const member = await createVerifiedAccount(call, 'ended');
      await internal(`/organizations/${org}/members/${member.userId}`, {
        method: 'PUT',
        body: { role: 'moderator' },
      });
      const scoped = (
        await call('/v1/auth/switch-organization', {
          token: member.accessToken,
          body: { organizationId: org },
        })
      ).body;
      const elsewhere = await signIn(call, member.email, PASSWORD);
      const admin = await createVerifiedAccount(call, 'ender');
      const ended = await internal(
        `/organizations/${org}/members/${member.userId}/sessions?endedByUserId=${admin.userId}`,
        { method: 'DELETE' },
      );
      expect(ended.status).toBe(200);
      expect(ended.body).toEqual({ revoked: 1 });
      expect((await call('/v1/auth/me', { token: scoped.accessToken })).status).toBe(401);
      const refresh = await call('/v1/auth/refresh', {
        body: { refreshToken: scoped.refreshToken },
      });
      expect(refresh.body.code).toBe('INVALID_REFRESH_TOKEN');
      expect((await call('/v1/auth/me', { token: elsewhere.accessToken })).status).toBe(200);
      // Still a member: they may sign in to the organization again.
      expect(
        (
          await call('/v1/auth/switch-organization', {
            token: elsewhere.accessToken,
            body: { organizationId: org },
          })
        ).status,
      ).toBe(200);
      const event = await db
        .collection('audit_events')
        .findOne({ type: 'session.ended_by_admin', userId: member.userId });
      expect(event).toMatchObject({ organizationId: org, actor: admin.userId });
    });
  });

  describe('platform operators', () => {
    it('finds accounts by email or name, for super admins with a second factor only', async () => {
      const { aal1, aal2 } = await operator();
      const tag = randomUUID().slice(0, 8);
      const target = await createVerifiedAccount(call, `findme-${tag}`);
      const found = await call(`/v1/admin/users?search=${encodeURIComponent(`FINDME-${tag}`)}`, {
        token: aal2,
      });
      expect(found.status).toBe(200);
      expect(found.body.items).toEqual([
        expect.objectContaining({
          id: target.userId,
          email: target.email,
          disabled: false,
          mfaEnabled: false,
        }),
      ]);
      expect(JSON.stringify(found.body)).not.toContain('passwordHash');
      const literal = await call(`/v1/admin/users?search=${encodeURIComponent('.*')}`, {
        token: aal2,
      });
      expect(literal.body.items).toEqual([]);
      const withoutFactor = await call('/v1/admin/users', { token: aal1 });
      expect(withoutFactor.status).toBe(403);
      expect(withoutFactor.body).toMatchObject({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' });
      const plain = await createVerifiedAccount(call, 'not-operator');
      expect((await call('/v1/admin/users', { token: plain.accessToken })).status).toBe(403);
    });

    it('disables an account: sessions end, sign-in is refused, then enables it again', async () => {
      const { account: root, aal2 } = await operator();
      const target = await createVerifiedAccount(call, 'disabled');
      const disabled = await call(`/v1/admin/users/${target.userId}/disable`, {
        method: 'POST',
        token: aal2,
      });
      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({ id: target.userId, disabled: true });
      expect((await call('/v1/auth/me', { token: target.accessToken })).status).toBe(401);
      expect(
        (await call('/v1/auth/refresh', { body: { refreshToken: target.refreshToken } })).status,
      ).toBe(401);
      const wrong = await call('/v1/auth/login', {
        body: { email: target.email, password: 'a wrong passphrase 5' },
      });
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
      const refused = await call('/v1/auth/login', {
        body: { email: target.email, password: PASSWORD },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('ACCOUNT_DISABLED');

      const self = await call(`/v1/admin/users/${root.userId}/disable`, {
        method: 'POST',
        token: aal2,
      });
      expect(self.body.reason).toBe('CANNOT_DISABLE_SELF');
      const missing = await call('/v1/admin/users/000000000000000000000000/disable', {
        method: 'POST',
        token: aal2,
      });
      expect(missing.status).toBe(404);

      const enabled = await call(`/v1/admin/users/${target.userId}/enable`, {
        method: 'POST',
        token: aal2,
      });
      expect(enabled.body.disabled).toBe(false);
      await signIn(call, target.email, PASSWORD);
      const types = (
        await db
          .collection('audit_events')
          .find({ userId: target.userId, actor: root.userId })
          .toArray()
      ).map((event) => event.type);
      expect(types).toEqual(expect.arrayContaining(['account.disabled', 'account.enabled']));
    });
  });

  describe('own profile', () => {
    it('changes name and language, announced with user.updated', async () => {
      const account = await createVerifiedAccount(call, 'profile');
      const me = await call('/v1/auth/me', { token: account.accessToken });
      expect(me.body).toMatchObject({ locale: 'es', mfaEnabled: false });
      const patched = await call('/v1/auth/me', {
        method: 'PATCH',
        token: account.accessToken,
        body: { name: '  Ada Byron ', locale: 'en' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ name: 'Ada Byron', locale: 'en', email: account.email });
      const bad = await call('/v1/auth/me', {
        method: 'PATCH',
        token: account.accessToken,
        body: { locale: 'fr' },
      });
      expect(bad.status).toBe(400);
      const unknown = await call('/v1/auth/me', {
        method: 'PATCH',
        token: account.accessToken,
        body: { email: 'x@y.z' },
      });
      expect(unknown.status).toBe(400);
      const redis = new Redis(TEST_ENV.REDIS_URL!);
      try {
        const deadline = Date.now() + 5_000;
        let updated;
        while (!updated && Date.now() < deadline) {
          const entries = (await redis.xrange(AUTH_EVENTS_STREAM, '-', '+')) as [
            string,
            string[],
          ][];
          updated = entries
            .map(([, fields]) => fromStreamFields(fields))
            .find(
              (event) => event.type === 'user.updated' && event.payload.userId === account.userId,
            );
          if (!updated) await sleep(100);
        }
        expect(updated?.payload).toEqual({
          userId: account.userId,
          email: account.email,
          name: 'Ada Byron',
          emailVerified: true,
        });
      } finally {
        redis.disconnect();
      }
    });

    it('refuses a password that is easy to guess from the account’s own name and email', async () => {
      const email = uniqueEmail('zxcvbn');
      // Each of these is strong for a stranger, weak for this account (zxcvbn with its name).
      for (const password of ['GabrielaMistral1945', 'contraseña123']) {
        const res = await call('/v1/auth/register', {
          body: { email, password, name: 'Gabriela Mistral' },
        });
        expect(res.status, password).toBe(400);
        expect(res.body.code).toBe('WEAK_PASSWORD');
      }
      expect(claimsOf((await createVerifiedAccount(call, 'strong')).accessToken).payload.aal).toBe(
        'aal1',
      );
    });
  });
});
