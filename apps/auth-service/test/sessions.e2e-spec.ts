import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/common/opaque-token.js';
import { PurgeExpiredJob } from '../src/tokens/purge-expired.job.js';
import { claimsOf, createVerifiedAccount, PASSWORD, signIn } from './support/accounts.js';
import { client, startTestApp, type Call, type TestApp } from './support/test-app.js';

describe('sessions and refresh tokens', () => {
  let app: TestApp;
  let call: Call;
  let db: NonNullable<Connection['db']>;

  beforeAll(async () => {
    app = await startTestApp();
    call = client(app);
    db = app.app.get<Connection>(getConnectionToken()).db!;
  });
  afterAll(() => app.close());

  const refresh = (refreshToken: string) => call('/v1/auth/refresh', { body: { refreshToken } });

  describe('happy', () => {
    it('rotates the refresh token on every use and keeps the session', async () => {
      const account = await createVerifiedAccount(call, 'refresh');
      const first = await refresh(account.refreshToken);
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(account.refreshToken);
      expect(claimsOf(first.body.accessToken).payload.sid).toBe(
        claimsOf(account.accessToken).payload.sid,
      );
      const second = await refresh(first.body.refreshToken);
      expect(second.status).toBe(200);
      const stored = await db
        .collection('refresh_tokens')
        .findOne({ tokenHash: sha256Hex(second.body.refreshToken) });
      expect(stored).not.toBeNull();
      expect(
        await db.collection('refresh_tokens').findOne({ tokenHash: second.body.refreshToken }),
      ).toBeNull();
    });

    it('shows the last refresh (time, device, address) in the sessions list', async () => {
      const account = await createVerifiedAccount(call, 'last-use');
      const before = await call<{ lastUsedAt: string }[]>('/v1/auth/sessions', {
        token: account.accessToken,
      });
      const refreshed = await call('/v1/auth/refresh', {
        body: { refreshToken: account.refreshToken },
        ip: '192.0.2.201',
        headers: { 'user-agent': 'TrivanceApp/9.9' },
      });
      const after = await call<{ lastUsedAt: string; ip: string; device: string }[]>(
        '/v1/auth/sessions',
        { token: refreshed.body.accessToken },
      );
      expect(after.body).toHaveLength(1);
      expect(after.body[0]).toMatchObject({ ip: '192.0.2.201', device: 'TrivanceApp/9.9' });
      expect(Date.parse(after.body[0]!.lastUsedAt)).toBeGreaterThanOrEqual(
        Date.parse(before.body[0]!.lastUsedAt),
      );
    });

    it("lists the caller's sessions and revokes one", async () => {
      const account = await createVerifiedAccount(call, 'list');
      const other = await signIn(call, account.email, PASSWORD);
      const list = await call<unknown[]>('/v1/auth/sessions', { token: account.accessToken });
      expect(list.status).toBe(200);
      expect(list.body).toHaveLength(2);
      for (const session of list.body) {
        expect(session).toEqual(
          expect.objectContaining({
            id: expect.any(String),
            device: expect.any(String),
            ip: expect.any(String),
            createdAt: expect.any(String),
            lastUsedAt: expect.any(String),
          }),
        );
      }
      const otherSid = claimsOf(other.accessToken).payload.sid as string;
      const del = await call(`/v1/auth/sessions/${otherSid}`, {
        method: 'DELETE',
        token: account.accessToken,
      });
      expect(del.status).toBe(204);
      expect((await refresh(other.refreshToken)).body.code).toBe('INVALID_REFRESH_TOKEN');
      expect((await call('/v1/auth/me', { token: other.accessToken })).status).toBe(401);
      expect((await call('/v1/auth/sessions', { token: account.accessToken })).body).toHaveLength(
        1,
      );
    });

    it('logs out one session, and all sessions', async () => {
      const account = await createVerifiedAccount(call, 'logout');
      const other = await signIn(call, account.email, PASSWORD);
      const out = await call('/v1/auth/logout', { body: { refreshToken: account.refreshToken } });
      expect(out.status).toBe(204);
      expect((await refresh(account.refreshToken)).status).toBe(401);
      expect((await call('/v1/auth/me', { token: other.accessToken })).status).toBe(200);

      const third = await signIn(call, account.email, PASSWORD);
      const all = await call('/v1/auth/logout-all', { method: 'POST', token: third.accessToken });
      expect(all.status).toBe(204);
      expect((await refresh(other.refreshToken)).status).toBe(401);
      expect((await refresh(third.refreshToken)).status).toBe(401);
      expect((await call('/v1/auth/me', { token: other.accessToken })).status).toBe(401);
    });

    it('purges expired refresh tokens and sessions', async () => {
      const account = await createVerifiedAccount(call, 'purge');
      const sid = claimsOf(account.accessToken).payload.sid as string;
      const past = new Date(Date.now() - 1000);
      const { Types } = await import('mongoose');
      await db
        .collection('sessions')
        .updateOne({ _id: new Types.ObjectId(sid) }, { $set: { absoluteExpiresAt: past } });
      await db
        .collection('refresh_tokens')
        .updateMany({ sessionId: sid }, { $set: { expiresAt: past } });
      expect((await refresh(account.refreshToken)).status).toBe(401);
      const counts = await app.app.get(PurgeExpiredJob).run();
      expect(counts.sessions).toBeGreaterThanOrEqual(1);
      expect(counts.refreshTokens).toBeGreaterThanOrEqual(1);
      expect(await db.collection('sessions').countDocuments({ _id: new Types.ObjectId(sid) })).toBe(
        0,
      );
      expect(await db.collection('refresh_tokens').countDocuments({ sessionId: sid })).toBe(0);
    });
  });

  describe('error', () => {
    it('refuses an unknown refresh token with INVALID_REFRESH_TOKEN', async () => {
      const res = await refresh('A'.repeat(43));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_REFRESH_TOKEN');
    });

    it('answers logout of an unknown token with 204 (no oracle)', async () => {
      expect(
        (await call('/v1/auth/logout', { body: { refreshToken: 'B'.repeat(43) } })).status,
      ).toBe(204);
    });

    it('requires a bearer for sessions, logout-all and me', async () => {
      for (const [path, method] of [
        ['/v1/auth/sessions', 'GET'],
        ['/v1/auth/logout-all', 'POST'],
        ['/v1/auth/me', 'GET'],
      ] as const) {
        const res = await call(path, { method });
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('UNAUTHENTICATED');
      }
    });
  });

  describe('security', () => {
    it('lets exactly one of several concurrent refreshes with the same token win', async () => {
      const account = await createVerifiedAccount(call, 'race');
      const results = await Promise.all(
        Array.from({ length: 4 }, () => refresh(account.refreshToken)),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 401, 401, 401]);
      expect(results.find((r) => r.status === 401)!.body.code).toBe('INVALID_REFRESH_TOKEN');
      // The winner's new pair works: a concurrent duplicate does not count as theft.
      const winner = results.find((r) => r.status === 200)!;
      expect((await refresh(winner.body.refreshToken)).status).toBe(200);
    });

    it('revokes the whole session when a rotated refresh token is reused, and audits it', async () => {
      const account = await createVerifiedAccount(call, 'reuse');
      const rotated = await refresh(account.refreshToken);
      expect(rotated.status).toBe(200);
      // Reuse later than the concurrent-request grace: move the rotation back in time.
      await db
        .collection('refresh_tokens')
        .updateOne(
          { tokenHash: sha256Hex(account.refreshToken) },
          { $set: { rotatedAt: new Date(Date.now() - 60_000) } },
        );
      const reuse = await refresh(account.refreshToken);
      expect(reuse.status).toBe(401);
      expect(reuse.body.code).toBe('INVALID_REFRESH_TOKEN');
      // The legitimate holder's newer token is dead too: the session is gone.
      expect((await refresh(rotated.body.refreshToken)).status).toBe(401);
      expect((await call('/v1/auth/me', { token: rotated.body.accessToken })).status).toBe(401);
      const event = await db
        .collection('audit_events')
        .findOne({ type: 'token.refresh_reused', userId: account.userId });
      expect(event?.data.sessionRevoked).toBe(true);
    });

    it("cannot revoke another user's session (NOT_FOUND)", async () => {
      const alice = await createVerifiedAccount(call, 'alice');
      const bob = await createVerifiedAccount(call, 'bob');
      const bobSid = claimsOf(bob.accessToken).payload.sid as string;
      const res = await call(`/v1/auth/sessions/${bobSid}`, {
        method: 'DELETE',
        token: alice.accessToken,
      });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect((await call('/v1/auth/me', { token: bob.accessToken })).status).toBe(200);
    });

    it('refuses a session idle past its sliding expiry (expiry checked on read)', async () => {
      const account = await createVerifiedAccount(call, 'idle');
      await db
        .collection('refresh_tokens')
        .updateOne(
          { tokenHash: sha256Hex(account.refreshToken) },
          { $set: { idleExpiresAt: new Date(Date.now() - 1000) } },
        );
      expect((await refresh(account.refreshToken)).body.code).toBe('INVALID_REFRESH_TOKEN');
      const list = await call<unknown[]>('/v1/auth/sessions', { token: account.accessToken });
      expect(list.body).toEqual([]);
    });
  });
});
