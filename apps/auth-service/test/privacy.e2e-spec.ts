import { localStack } from '@trivance/shared/testing';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { Redis } from 'ioredis';
import { MongoClient, ObjectId } from 'mongodb';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, createVerifiedAccount, PASSWORD, signIn } from './support/accounts.js';
import { tokenFromMail, waitForMails } from './support/maildev.js';
import { enableSecondFactor } from './support/second-factor.js';
import { client, startTestApp, type Call, type TestApp } from './support/test-app.js';
import { TEST_ENV } from './support/test-env.js';

/**
 * A database and Redis db of this spec's own: it reads what deletion left in
 * the store, and counts exports against the per-account limit.
 */
const PRIVACY_ENV = {
  MONGODB_URI: localStack.mongoUrl('trivance_auth_privacy_test'),
  REDIS_URL: localStack.redisUrl(13),
};

/**
 * The Management API's side of the export contract, played by a small HTTP
 * server: it accepts only a service token the Auth Service signed for
 * audience management-internal (checked against the Auth Service's real
 * JWKS), and answers a Management part. The end-to-end run against the real
 * Management API is apps/management-api/test/privacy.e2e-spec.ts.
 */
class ManagementStandIn {
  readonly tokens: JWTPayload[] = [];
  unreachable = false;
  private server?: Server;
  url = '';

  async start(jwksUrl: () => string, issuer: string): Promise<void> {
    this.server = createServer((request, response) => {
      if (this.unreachable) {
        request.socket.destroy();
        return;
      }
      void (async () => {
        const match = /^\/internal\/v1\/accounts\/([0-9a-f]{24})\/export$/.exec(request.url ?? '');
        const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
        try {
          if (!match || !token) throw new Error('not found');
          const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(jwksUrl())), {
            issuer,
            audience: 'management-internal',
            subject: 'auth-service',
            algorithms: ['EdDSA'],
          });
          this.tokens.push(payload);
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              userId: match[1],
              generatedAt: new Date().toISOString(),
              sections: { memberProfiles: [], orders: [{ id: 'order-1', total: 2500000 }] },
            }),
          );
        } catch {
          response.writeHead(403).end();
        }
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const SECRET_FIELDS = [
  'passwordHash',
  'tokenHash',
  'codeHash',
  'encryptedSecret',
  'secret',
  'recoveryCodes',
  'outbox',
  'idempotencyKey',
  'requestHash',
];

function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => keysOf(item, into));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.add(key);
      keysOf(item, into);
    }
  }
  return into;
}

describe('privacy: the account holder exports and deletes their account', () => {
  const standIn = new ManagementStandIn();
  let app: TestApp;
  let call: Call;
  let mongo: MongoClient;

  beforeAll(async () => {
    await standIn.start(() => `${app.baseUrl}/.well-known/jwks.json`, TEST_ENV.JWT_ISSUER!);
    app = await startTestApp({ ...PRIVACY_ENV, MANAGEMENT_API_URL: standIn.url });
    call = client(app);
    mongo = await MongoClient.connect(PRIVACY_ENV.MONGODB_URI);
  });
  afterAll(async () => {
    await app?.close();
    await standIn.stop();
    await mongo?.close();
  });

  const users = () => mongo.db().collection('users');

  describe('export', () => {
    it('answers one document with both parts, with secrets only as their existence', async () => {
      const account = await createVerifiedAccount(call, 'privacy-export');
      const factor = await enableSecondFactor(call, account);
      const exported = await call('/v1/auth/me/export', { token: account.accessToken });
      expect(exported.status, JSON.stringify(exported.body)).toBe(200);
      expect(exported.headers.get('cache-control')).toBe('no-store');
      const body = exported.body;
      expect(body.account).toMatchObject({
        id: account.userId,
        email: account.email,
        name: 'Test User',
        emailVerified: true,
        hasPassword: true,
      });
      expect(body.sessions).toEqual([
        expect.objectContaining({
          active: true,
          device: expect.any(String),
          ip: expect.any(String),
        }),
      ]);
      expect(body.secondFactors).toEqual([
        expect.objectContaining({ kind: 'totp', confirmedAt: expect.any(String) }),
        expect.objectContaining({ kind: 'recovery_codes', total: 10, unused: 10 }),
      ]);
      expect(body.memberships).toEqual([]);
      expect(body.invitations).toEqual([]);
      const auditTypes = body.auditEvents.map((event: { type: string }) => event.type);
      expect(auditTypes).toEqual(expect.arrayContaining(['login.succeeded', 'mfa.totp_enabled']));
      expect(body.management).toMatchObject({
        memberProfiles: [],
        orders: [{ id: 'order-1', total: 2500000 }],
      });

      // No secret, no hash, no token in any form.
      const keys = keysOf(body);
      for (const field of SECRET_FIELDS) expect(keys.has(field), field).toBe(false);
      const text = JSON.stringify(body);
      const stored = await users().findOne({ email: account.email });
      expect(text).not.toContain(stored!.passwordHash);
      expect(text).not.toContain(factor.app.secret);
      for (const code of factor.recoveryCodes) expect(text).not.toContain(code);
      expect(text).not.toContain(account.refreshToken);
      expect(text).not.toContain(account.accessToken);

      // The Management API was asked with a short-lived service token of its own audience.
      const token = standIn.tokens.at(-1)!;
      expect(token).toMatchObject({ aud: 'management-internal', sub: 'auth-service' });
      expect(token.exp! - token.iat!).toBeLessThanOrEqual(60);
    });

    it('is refused without a token, and limited to 5 an hour per account', async () => {
      expect((await call('/v1/auth/me/export')).status).toBe(401);
      const account = await createVerifiedAccount(call, 'privacy-limit');
      for (let i = 0; i < 5; i++) {
        const ok = await call('/v1/auth/me/export', { token: account.accessToken });
        expect(ok.status).toBe(200);
      }
      const limited = await call('/v1/auth/me/export', { token: account.accessToken });
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    it('answers 503 and no partial document when the Management API cannot be reached', async () => {
      const account = await createVerifiedAccount(call, 'privacy-outage');
      standIn.unreachable = true;
      try {
        const refused = await call('/v1/auth/me/export', { token: account.accessToken });
        expect(refused.status).toBe(503);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        expect(refused.body.code).toBe('SERVICE_UNAVAILABLE');
        expect(refused.body).not.toHaveProperty('account');
        expect(JSON.stringify(refused.body)).not.toContain(account.email);
      } finally {
        standIn.unreachable = false;
      }
    });
  });

  describe('deletion', () => {
    it('refuses a wrong password, and a missing or wrong second factor', async () => {
      const account = await createVerifiedAccount(call, 'privacy-refuse');
      const factor = await enableSecondFactor(call, account);
      const del = (body: unknown) =>
        call('/v1/auth/me', { method: 'DELETE', token: account.accessToken, body });

      const wrongPassword = await del({ password: 'not the password at all', code: '000000' });
      expect(wrongPassword.status).toBe(400);
      expect(wrongPassword.body.code).toBe('INVALID_CURRENT_PASSWORD');
      // A wrong password says nothing about the code, right or wrong.
      const wrongPasswordRightCode = await del({
        password: 'not the password at all',
        code: await factor.app.code(),
      });
      expect(wrongPasswordRightCode.body.code).toBe('INVALID_CURRENT_PASSWORD');

      const missing = await del({ password: PASSWORD });
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('INVALID_MFA_CODE');
      const wrongCode = await del({ password: PASSWORD, recoveryCode: 'AAAA-BBBB-CCCC-DDDD' });
      expect(wrongCode.status).toBe(400);
      expect(wrongCode.body.code).toBe('INVALID_MFA_CODE');
      const both = await del({ password: PASSWORD, code: '123456', recoveryCode: 'AAAA-BBBB' });
      expect(both.status).toBe(400);
      expect(both.body.code).toBe('VALIDATION_FAILED');
      const unknownField = await del({ password: PASSWORD, everything: true });
      expect(unknownField.status).toBe(400);

      // Nothing was deleted.
      expect((await call('/v1/auth/me', { token: account.accessToken })).status).toBe(200);
      const audit = await mongo
        .db()
        .collection('audit_events')
        .find({ userId: account.userId, type: 'mfa.failed' })
        .toArray();
      expect(audit).toHaveLength(1);
    });

    it('deletes the account: tokens refused, the email free for a new, unrelated account', async () => {
      const account = await createVerifiedAccount(call, 'privacy-delete');
      const factor = await enableSecondFactor(call, account);

      const deleted = await call('/v1/auth/me', {
        method: 'DELETE',
        token: account.accessToken,
        body: { password: PASSWORD, recoveryCode: factor.recoveryCodes[0] },
      });
      expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);

      expect((await call('/v1/auth/me', { token: account.accessToken })).status).toBe(401);
      const refresh = await call('/v1/auth/refresh', {
        body: { refreshToken: account.refreshToken },
      });
      expect(refresh.status).toBe(401);
      const login = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      expect(login.status).toBe(401);
      expect(login.body.code).toBe('INVALID_CREDENTIALS');

      // What stays is a tombstone carrying user.deleted, with no personal data.
      const db = mongo.db();
      const tombstone = await db.collection('users').findOne({ _id: new ObjectId(account.userId) });
      expect(tombstone).toMatchObject({ name: '', passwordHash: '' });
      expect(tombstone!.email).not.toContain(account.email.split('@')[0]);
      expect(tombstone!.outbox).toEqual([
        expect.objectContaining({ type: 'user.deleted', payload: { userId: account.userId } }),
      ]);
      for (const collection of [
        'sessions',
        'refresh_tokens',
        'totp_factors',
        'recovery_codes',
        'memberships',
      ]) {
        const left = await db
          .collection(collection)
          .countDocuments({ userId: account.userId })
          .catch(() => 0);
        expect(left, collection).toBe(0);
      }
      const deletedAudit = await db
        .collection('audit_events')
        .findOne({ userId: account.userId, type: 'account.deleted' });
      expect(deletedAudit).toMatchObject({ ip: null, userAgent: null });

      // The same address registers again: a different account. (The one-mail-a-minute
      // throttle of the address is per address, not per account: let it pass now.)
      const redis = new Redis(PRIVACY_ENV.REDIS_URL);
      const emailKey = createHash('sha256').update(account.email).digest('hex');
      await redis.del(`rl:mailPerAddress:verify:${emailKey}`);
      redis.disconnect();
      const registered = await call('/v1/auth/register', {
        body: { email: account.email, password: PASSWORD, name: 'Someone New' },
      });
      expect(registered.status).toBe(202);
      // The first verification mail's token was used long ago; the new one confirms the address.
      const mails = await waitForMails(account.email, 4);
      const verifications = mails.filter((mail) => mail.text.includes('/verify-email?token='));
      expect(verifications).toHaveLength(2);
      const outcomes = await Promise.all(
        verifications.map(async (mail) => {
          const answer = await call('/v1/auth/verify-email', {
            body: { token: tokenFromMail(mail, '/verify-email') },
          });
          return answer.status;
        }),
      );
      expect(outcomes.sort()).toEqual([200, 400]);
      const fresh = await signIn(call, account.email, PASSWORD);
      expect(fresh.userId).not.toBe(account.userId);
      const me = await call('/v1/auth/me', { token: fresh.accessToken });
      expect(me.body).toMatchObject({ id: fresh.userId, name: 'Someone New', memberships: [] });
      expect(claimsOf(fresh.accessToken).payload.aal).toBe('aal1');
    });

    it('deletes an account without a second factor with the password alone', async () => {
      const account = await createVerifiedAccount(call, 'privacy-plain');
      const deleted = await call('/v1/auth/me', {
        method: 'DELETE',
        token: account.accessToken,
        body: { password: PASSWORD },
      });
      expect(deleted.status).toBe(204);
      expect((await call('/v1/auth/me', { token: account.accessToken })).status).toBe(401);
    });
  });
});
