import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SuperAdminService } from '../src/users/super-admin.service.js';
import {
  claimsOf,
  createVerifiedAccount,
  PASSWORD,
  signIn,
  type Account,
} from './support/accounts.js';
import { mailsTo, sleep, tokenFromMail, waitForMails } from './support/maildev.js';
import { client, startTestApp, uniqueEmail, type Call, type TestApp } from './support/test-app.js';

const CLIENT = { clientId: 'management-api', clientSecret: 'dev-management-api-client-secret' };

describe('service tokens, memberships, organizations, invitations and audit', () => {
  let app: TestApp;
  let call: Call;
  let serviceToken: string;

  beforeAll(async () => {
    app = await startTestApp();
    call = client(app);
    const res = await call('/v1/auth/service-token', { body: CLIENT });
    serviceToken = res.body.accessToken;
  });
  afterAll(() => app.close());

  const setMember = (organizationId: string, userId: string, role: string) =>
    call(`/internal/v1/organizations/${organizationId}/members/${userId}`, {
      method: 'PUT',
      token: serviceToken,
      body: { role },
    });

  async function enter(account: Account, organizationId: string) {
    return call('/v1/auth/switch-organization', {
      token: account.accessToken,
      body: { organizationId },
    });
  }

  describe('service tokens', () => {
    it('exchanges client credentials for a 5-minute token with audience auth-internal', async () => {
      const res = await call('/v1/auth/service-token', { body: CLIENT });
      expect(res.status).toBe(200);
      expect(res.body.expiresIn).toBe(300);
      const { payload } = claimsOf(res.body.accessToken);
      expect(payload.aud).toBe('auth-internal');
      expect(payload.sub).toBe('management-api');
      expect(payload.exp! - payload.iat!).toBe(300);
    });

    it('refuses a wrong secret or unknown client with INVALID_CLIENT', async () => {
      for (const body of [
        { ...CLIENT, clientSecret: 'wrong-secret-value' },
        { clientId: 'nobody', clientSecret: CLIENT.clientSecret },
      ]) {
        const res = await call('/v1/auth/service-token', { body });
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('INVALID_CLIENT');
      }
    });

    it('guards /internal/v1: no token 401, user token 403, service token 200', async () => {
      const account = await createVerifiedAccount(call, 'internal');
      const path = `/internal/v1/users/${account.userId}`;
      expect((await call(path)).status).toBe(401);
      const asUser = await call(path, { token: account.accessToken });
      expect(asUser.status).toBe(403);
      expect(asUser.body.code).toBe('FORBIDDEN');
      const asService = await call(path, { token: serviceToken });
      expect(asService.status).toBe(200);
      expect(asService.body).toMatchObject({
        id: account.userId,
        email: account.email,
        emailVerified: true,
      });
      expect(asService.body.passwordHash).toBeUndefined();
      const missing = await call('/internal/v1/users/000000000000000000000000', {
        token: serviceToken,
      });
      expect(missing.status).toBe(404);
    });
  });

  describe('memberships and switching organization', () => {
    it('adds a member, scopes tokens to the organization, and applies role changes at refresh', async () => {
      const org = randomUUID();
      const member = await createVerifiedAccount(call, 'member');
      const added = await setMember(org, member.userId, 'moderator');
      expect(added.status).toBe(200);
      expect(added.body).toMatchObject({
        organizationId: org,
        userId: member.userId,
        role: 'moderator',
      });
      expect((await setMember(org, member.userId, 'moderator')).status).toBe(200);

      const me = await call('/v1/auth/me', { token: member.accessToken });
      expect(me.body.memberships).toEqual([{ organizationId: org, role: 'moderator' }]);

      const switched = await enter(member, org);
      expect(switched.status).toBe(200);
      expect(claimsOf(switched.body.accessToken).payload).toMatchObject({ org, role: 'moderator' });
      // The old session was replaced.
      expect((await call('/v1/auth/me', { token: member.accessToken })).status).toBe(401);

      expect((await setMember(org, member.userId, 'admin')).body.role).toBe('admin');
      const refreshed = await call('/v1/auth/refresh', {
        body: { refreshToken: switched.body.refreshToken },
      });
      expect(claimsOf(refreshed.body.accessToken).payload).toMatchObject({ org, role: 'admin' });
    });

    it('gives staff sessions the shorter lifetimes (12 h sliding) and end users 30 days', async () => {
      const org = randomUUID();
      const admin = await createVerifiedAccount(call, 'staff-life');
      await setMember(org, admin.userId, 'admin');
      const staff = (await enter(admin, org)).body;
      const [staffSession] = (
        await call<{ expiresAt: string }[]>('/v1/auth/sessions', { token: staff.accessToken })
      ).body;
      const hours = (Date.parse(staffSession!.expiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(11.9);
      expect(hours).toBeLessThanOrEqual(12);

      const endUser = await createVerifiedAccount(call, 'user-life');
      const [userSession] = (
        await call<{ expiresAt: string }[]>('/v1/auth/sessions', { token: endUser.accessToken })
      ).body;
      const days = (Date.parse(userSession!.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29.9);
      expect(days).toBeLessThanOrEqual(30);
    });

    it('refuses switching to an organization the user is not a member of', async () => {
      const account = await createVerifiedAccount(call, 'outsider');
      const res = await enter(account, randomUUID());
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('NOT_A_MEMBER');
    });

    it("revokes the member's sessions in the organization on removal", async () => {
      const org = randomUUID();
      const member = await createVerifiedAccount(call, 'removed');
      await setMember(org, member.userId, 'user');
      const scoped = (await enter(member, org)).body;
      const unscoped = await signIn(call, member.email, PASSWORD);
      const removed = await call(`/internal/v1/organizations/${org}/members/${member.userId}`, {
        method: 'DELETE',
        token: serviceToken,
      });
      expect(removed.status).toBe(204);
      expect((await call('/v1/auth/me', { token: scoped.accessToken })).status).toBe(401);
      const refreshed = await call('/v1/auth/refresh', {
        body: { refreshToken: scoped.refreshToken },
      });
      expect(refreshed.body.code).toBe('INVALID_REFRESH_TOKEN');
      expect((await call('/v1/auth/me', { token: unscoped.accessToken })).status).toBe(200);
      const me = await call('/v1/auth/me', { token: unscoped.accessToken });
      expect(me.body.memberships).toEqual([]);
    });

    it("lists an organization's active members with their accounts, a page at a time", async () => {
      const org = randomUUID();
      const accounts = await Promise.all(
        ['roster-a', 'roster-b', 'roster-c', 'roster-gone'].map((label) =>
          createVerifiedAccount(call, label),
        ),
      );
      for (const account of accounts) await setMember(org, account.userId, 'user');
      const gone = accounts.pop()!;
      await call(`/internal/v1/organizations/${org}/members/${gone.userId}`, {
        method: 'DELETE',
        token: serviceToken,
      });

      const path = `/internal/v1/organizations/${org}/members`;
      const first = await call(`${path}?limit=2`, { token: serviceToken });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toBe(first.body.items[1].userId);
      const second = await call(`${path}?limit=2&after=${first.body.nextCursor}`, {
        token: serviceToken,
      });
      expect(second.body.nextCursor).toBeNull();
      const listed = [...first.body.items, ...second.body.items];
      const expected = accounts
        .map((a) => ({ userId: a.userId, email: a.email, role: 'user', emailVerified: true }))
        .sort((a, b) => a.userId.localeCompare(b.userId));
      expect(listed).toEqual(expected.map((member) => expect.objectContaining(member)));
      expect((await call(`${path}?limit=0`, { token: serviceToken })).status).toBe(400);
      expect((await call(`${path}?after=nope`, { token: serviceToken })).status).toBe(400);
    });

    it('finds a verified account by email for a service, and nothing else', async () => {
      const verified = await createVerifiedAccount(call, 'by-email');
      const found = await call(
        `/internal/v1/users?email=${encodeURIComponent(verified.email.toUpperCase())}`,
        {
          token: serviceToken,
        },
      );
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ id: verified.userId, email: verified.email });
      const unverified = uniqueEmail('unverified');
      await call('/v1/auth/register', {
        body: { email: unverified, password: PASSWORD, name: 'Not Yet' },
      });
      for (const email of [unverified, uniqueEmail('nobody')]) {
        expect(
          (
            await call(`/internal/v1/users?email=${encodeURIComponent(email)}`, {
              token: serviceToken,
            })
          ).status,
        ).toBe(404);
      }
      expect(
        (await call(`/internal/v1/users?email=${verified.email}`, { token: verified.accessToken }))
          .status,
      ).toBe(403);
      expect(
        (await call('/internal/v1/users?email=not-an-email', { token: serviceToken })).status,
      ).toBe(400);
    });

    it('validates internal input', async () => {
      const account = await createVerifiedAccount(call, 'validate');
      const badOrg = await setMember('not-a-uuid', account.userId, 'admin');
      expect(badOrg.status).toBe(400);
      expect(badOrg.body.errors.organizationId).toBeDefined();
      const badRole = await setMember(randomUUID(), account.userId, 'owner');
      expect(badRole.status).toBe(400);
      const unknownUser = await setMember(randomUUID(), '000000000000000000000000', 'user');
      expect(unknownUser.status).toBe(404);
    });

    it('lets a super admin (made by the command) enter any organization', async () => {
      const email = uniqueEmail('root');
      await app.app
        .get(SuperAdminService)
        .createOrPromote({ email, name: 'Root', password: PASSWORD });
      const root = await signIn(call, email, PASSWORD);
      expect(claimsOf(root.accessToken).payload.role).toBe('super_admin');
      const org = randomUUID();
      const entered = await enter(root, org);
      expect(entered.status).toBe(200);
      expect(claimsOf(entered.body.accessToken).payload).toMatchObject({
        org,
        role: 'super_admin',
      });
    });
  });

  describe('invitations', () => {
    it('invites by email; accepting creates a verified account with the membership', async () => {
      const org = randomUUID();
      const email = uniqueEmail('invitee');
      const created = await call('/internal/v1/invitations', {
        token: serviceToken,
        body: { organizationId: org, email, role: 'moderator' },
      });
      expect(created.status).toBe(201);
      const [mail] = await waitForMails(email);
      const token = tokenFromMail(mail!, '/accept-invitation');

      const missing = await call('/v1/auth/invitations/accept', { body: { token } });
      expect(missing.status).toBe(400);
      expect(Object.keys(missing.body.errors).sort()).toEqual(['name', 'password']);

      const accepted = await call('/v1/auth/invitations/accept', {
        body: { token, name: 'Grace', password: PASSWORD },
      });
      expect(accepted.status).toBe(200);
      expect(claimsOf(accepted.body.accessToken).payload).toMatchObject({
        org,
        role: 'moderator',
        email_verified: true,
      });
      const again = await call('/v1/auth/invitations/accept', {
        body: { token, name: 'Grace', password: PASSWORD },
      });
      expect(again.body.code).toBe('INVALID_TOKEN');
      await signIn(call, email, PASSWORD);
    });

    it("links an existing account only with that account's password", async () => {
      const org = randomUUID();
      const existing = await createVerifiedAccount(call, 'existing-invitee');
      await call('/internal/v1/invitations', {
        token: serviceToken,
        body: { organizationId: org, email: existing.email, role: 'user' },
      });
      const mails = await waitForMails(existing.email, 2);
      const token = tokenFromMail(mails.at(-1)!, '/accept-invitation');
      const wrong = await call('/v1/auth/invitations/accept', {
        body: { token, password: 'not the right one 1' },
      });
      expect(wrong.status).toBe(401);
      const ok = await call('/v1/auth/invitations/accept', { body: { token, password: PASSWORD } });
      expect(ok.status).toBe(200);
      const me = await call('/v1/auth/me', { token: ok.body.accessToken });
      expect(me.body.memberships).toEqual([{ organizationId: org, role: 'user' }]);
    });

    it('creates one invitation and one mail for a retried request with the same idempotency key', async () => {
      const org = randomUUID();
      const email = uniqueEmail('idempotent');
      const key = randomUUID();
      const send = () =>
        call('/internal/v1/invitations', {
          token: serviceToken,
          body: { organizationId: org, email, role: 'user' },
          headers: { 'idempotency-key': key },
        });
      const first = await send();
      const second = await send();
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.id).toBe(first.body.id);
      await waitForMails(email, 1);
      await sleep(500);
      expect(await mailsTo(email)).toHaveLength(1);
    });

    it('refuses invitation creation with a user token', async () => {
      const account = await createVerifiedAccount(call, 'not-a-service');
      const res = await call('/internal/v1/invitations', {
        token: account.accessToken,
        body: { organizationId: randomUUID(), email: uniqueEmail('x'), role: 'user' },
      });
      expect(res.status).toBe(403);
    });
  });

  describe('audit', () => {
    it("shows an org admin their organization's members' events and nothing of another org", async () => {
      const orgA = randomUUID();
      const orgB = randomUUID();
      const adminA = await createVerifiedAccount(call, 'admin-a');
      const memberA = await createVerifiedAccount(call, 'member-a');
      const memberB = await createVerifiedAccount(call, 'member-b');
      await setMember(orgA, adminA.userId, 'admin');
      await setMember(orgA, memberA.userId, 'user');
      await setMember(orgB, memberB.userId, 'user');
      await call('/v1/auth/login', { body: { email: memberB.email, password: 'wrong guess 12' } });

      const scoped = (await enter(adminA, orgA)).body;
      const page = await call('/v1/auth/audit?limit=100', { token: scoped.accessToken });
      expect(page.status).toBe(200);
      const userIds = new Set(page.body.items.map((e: { userId: string }) => e.userId));
      expect(userIds.has(memberA.userId)).toBe(true);
      expect(userIds.has(memberB.userId)).toBe(false);
      for (const event of page.body.items) {
        expect([adminA.userId, memberA.userId]).toContain(event.userId ?? adminA.userId);
        if (event.organizationId) expect(event.organizationId).toBe(orgA);
      }
      const filtered = await call(`/v1/auth/audit?userId=${memberB.userId}`, {
        token: scoped.accessToken,
      });
      expect(filtered.body.items).toEqual([]);
    });

    it('refuses the audit log to plain users and to admins without an organization scope', async () => {
      const org = randomUUID();
      const admin = await createVerifiedAccount(call, 'unscoped-admin');
      await setMember(org, admin.userId, 'admin');
      const res = await call('/v1/auth/audit', { token: admin.accessToken });
      expect(res.status).toBe(403);
      const member = await createVerifiedAccount(call, 'plain');
      await setMember(org, member.userId, 'user');
      const scoped = (await enter(member, org)).body;
      expect((await call('/v1/auth/audit', { token: scoped.accessToken })).status).toBe(403);
    });

    it('shows a super admin everything, paginated', async () => {
      const email = uniqueEmail('auditor');
      await app.app
        .get(SuperAdminService)
        .createOrPromote({ email, name: 'Auditor', password: PASSWORD });
      const root = await signIn(call, email, PASSWORD);
      const first = await call('/v1/auth/audit?limit=2', { token: root.accessToken });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await call(`/v1/auth/audit?limit=2&cursor=${first.body.nextCursor}`, {
        token: root.accessToken,
      });
      expect(second.body.items).toHaveLength(2);
      expect(second.body.items[0].id < first.body.items[1].id).toBe(true);
      const badLimit = await call('/v1/auth/audit?limit=1000', { token: root.accessToken });
      expect(badLimit.status).toBe(400);
    });
  });
});
