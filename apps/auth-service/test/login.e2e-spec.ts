import { hash } from '@node-rs/argon2';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, PasswordHasher } from '../src/credentials/password-hasher.js';
import { claimsOf, createVerifiedAccount, PASSWORD, withoutRequestId } from './support/accounts.js';
import { sleep } from './support/maildev.js';
import {
  client,
  randomIp,
  startTestApp,
  uniqueEmail,
  type Call,
  type TestApp,
} from './support/test-app.js';
import { TEST_ENV } from './support/test-env.js';

describe('login', () => {
  let app: TestApp;
  let call: Call;

  beforeAll(async () => {
    app = await startTestApp();
    call = client(app);
  });
  afterAll(() => app.close());

  describe('happy', () => {
    it('issues an EdDSA access token with the contract claims and a refresh token', async () => {
      const account = await createVerifiedAccount(call, 'login');
      const res = await call('/v1/auth/login', {
        body: { email: account.email.toUpperCase(), password: PASSWORD },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(Buffer.from(res.body.refreshToken, 'base64url')).toHaveLength(32);
      const { header, payload } = claimsOf(res.body.accessToken);
      expect(header).toMatchObject({ alg: 'EdDSA', kid: expect.any(String) });
      expect(payload).toMatchObject({
        sub: account.userId,
        sid: expect.stringMatching(/^[0-9a-f]{24}$/),
        email_verified: true,
        iss: TEST_ENV.JWT_ISSUER,
        aud: TEST_ENV.JWT_AUDIENCE,
        jti: expect.any(String),
      });
      expect(payload.exp! - payload.iat!).toBe(900);
      expect(payload.org).toBeUndefined();
      expect(payload.role).toBeUndefined();
    });

    it('rehashes a hash made with older parameters on the next successful login', async () => {
      const account = await createVerifiedAccount(call, 'rehash');
      const db = app.app.get<Connection>(getConnectionToken()).db!;
      const old = await hash(PASSWORD, { ...ARGON2_PARAMS, memoryCost: 4096, timeCost: 1 });
      await db
        .collection('users')
        .updateOne({ email: account.email }, { $set: { passwordHash: old } });
      const res = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      expect(res.status).toBe(200);
      const stored = await db.collection('users').findOne({ email: account.email });
      expect(stored!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    });
  });

  describe('error', () => {
    it('answers a wrong password with 401 INVALID_CREDENTIALS', async () => {
      const account = await createVerifiedAccount(call, 'wrongpw');
      const res = await call('/v1/auth/login', {
        body: { email: account.email, password: 'not the password at all' },
      });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    });

    it('says EMAIL_NOT_VERIFIED only after the correct password', async () => {
      const email = uniqueEmail('unverified');
      await call('/v1/auth/register', { body: { email, password: PASSWORD, name: 'U' } });
      const wrong = await call('/v1/auth/login', {
        body: { email, password: 'wrong password 123' },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
      const right = await call('/v1/auth/login', { body: { email, password: PASSWORD } });
      expect(right.status).toBe(403);
      expect(right.body.code).toBe('EMAIL_NOT_VERIFIED');
    });
  });

  describe('security', () => {
    it('treats an unknown email and a wrong password alike: body and hash verifications', async () => {
      const account = await createVerifiedAccount(call, 'enum');
      const hasher = app.app.get(PasswordHasher);

      const before1 = hasher.verifications;
      const wrong = await call('/v1/auth/login', {
        body: { email: account.email, password: 'not the password at all' },
      });
      const wrongCount = hasher.verifications - before1;

      const before2 = hasher.verifications;
      const unknown = await call('/v1/auth/login', {
        body: { email: uniqueEmail('nobody'), password: 'not the password at all' },
      });
      const unknownCount = hasher.verifications - before2;

      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(withoutRequestId(wrong.body)).toEqual({
        ...(withoutRequestId(unknown.body) as object),
      });
      expect(wrongCount).toBe(1);
      expect(unknownCount).toBe(wrongCount);
    });

    it('slows an email with no account down after 10 failures, then lets it try again', async () => {
      const email = uniqueEmail('ghost');
      const attempt = () =>
        call('/v1/auth/login', { body: { email, password: 'guess number one' }, ip: randomIp() });
      for (let i = 0; i < 10; i++) expect((await attempt()).status).toBe(401);
      const blocked = await attempt();
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe('RATE_LIMITED');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // The test base block is 1 s; once it has passed the key may try again.
      await sleep(1_100 * Number(blocked.headers.get('retry-after')));
      expect((await attempt()).status).toBe(401);
      // The 11th failure doubles the block (read from the audit event: Retry-After counts down).
      const again = await attempt();
      expect(again.status).toBe(429);
      const audit = app.app.get<Connection>(getConnectionToken()).db!.collection('audit_events');
      const blocks = await audit
        .find({ type: 'login.throttled', 'data.email': email })
        .sort({ _id: 1 })
        .toArray();
      expect(blocks.map((event) => event.data.blockSeconds)).toEqual([1, 2]);
    });

    it('blocks the right password too while slowed down; success then clears the count', async () => {
      const account = await createVerifiedAccount(call, 'victim');
      for (let i = 0; i < 10; i++) {
        await call('/v1/auth/login', {
          body: { email: account.email, password: 'guess number two' },
          ip: randomIp(),
        });
      }
      const blocked = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      expect(blocked.status).toBe(429);
      await sleep(1_100 * Number(blocked.headers.get('retry-after')));
      const ok = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      expect(ok.status).toBe(200);
      // Cleared: one more failure is an ordinary 401, not a block.
      const wrong = await call('/v1/auth/login', {
        body: { email: account.email, password: 'guess number three' },
      });
      expect(wrong.status).toBe(401);
      const audit = app.app.get<Connection>(getConnectionToken()).db!.collection('audit_events');
      expect(await audit.countDocuments({ type: 'login.throttled', userId: account.userId })).toBe(
        1,
      );
      expect(
        await audit.countDocuments({ type: 'rate_limit.exceeded', userId: null }),
      ).toBeGreaterThan(0);
    });

    it('takes the client IP from X-Forwarded-For only through a trusted proxy', async () => {
      const account = await createVerifiedAccount(call, 'proxy');
      const login = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
        ip: '192.0.2.77',
        headers: { 'user-agent': 'TrivanceTest/1.0' },
      });
      const sessions = await call('/v1/auth/sessions', { token: login.body.accessToken });
      expect(sessions.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ip: '192.0.2.77', device: 'TrivanceTest/1.0', current: true }),
        ]),
      );

      const untrusting = await startTestApp({ TRUST_PROXY: '' });
      try {
        const direct = client(untrusting);
        const res = await direct('/v1/auth/login', {
          body: { email: account.email, password: PASSWORD },
          ip: '192.0.2.88',
        });
        const list = await direct('/v1/auth/sessions', { token: res.body.accessToken });
        const current = list.body.find((s: { current: boolean }) => s.current);
        expect(current.ip).toBe('127.0.0.1');
      } finally {
        await untrusting.close();
      }
    });
  });
});
