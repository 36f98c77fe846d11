import { getConnectionToken } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptWithKek } from '@trivance/shared';
import { claimsOf, createVerifiedAccount, PASSWORD } from './support/accounts.js';
import { waitForMails } from './support/maildev.js';
import { enableSecondFactor, signInWithSecondFactor } from './support/second-factor.js';
import { client, randomIp, startTestApp, type Call, type TestApp } from './support/test-app.js';

const CLIENT = { clientId: 'management-api', clientSecret: 'dev-management-api-client-secret' };

describe('second factors and step-up', () => {
  let app: TestApp;
  let call: Call;
  let db: Connection['db'];

  beforeAll(async () => {
    // A long slow-down, so the limit tests do not depend on how fast requests follow each other.
    app = await startTestApp({ LOGIN_FAILURE_BLOCK_SECONDS: '120' });
    call = client(app);
    db = app.app.get<Connection>(getConnectionToken()).db;
  });
  afterAll(() => app.close());

  describe('happy', () => {
    it('enrols an authenticator app and then signs in with password and code at aal2', async () => {
      const account = await createVerifiedAccount(call, 'mfa-enrol');
      const before = claimsOf(account.accessToken).payload;
      expect(before).toMatchObject({ aal: 'aal1', amr: ['pwd'] });
      expect(before.auth_time).toEqual(expect.any(Number));

      const enrolled = await call('/v1/auth/mfa/totp/enroll', {
        token: account.accessToken,
        body: {},
      });
      expect(enrolled.status).toBe(200);
      expect(enrolled.body.secret).toMatch(/^[A-Z2-7]{32}$/);
      const uri = new URL(enrolled.body.otpauthUri);
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.searchParams.get('secret')).toBe(enrolled.body.secret);
      expect(uri.searchParams.get('issuer')).toBe('Trivance');
      // Until a code confirms it, sign-in is unchanged.
      const still = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      expect(still.body.accessToken).toEqual(expect.any(String));

      const factor = await enableSecondFactor(call, account);
      expect(factor.recoveryCodes).toHaveLength(10);
      expect(new Set(factor.recoveryCodes).size).toBe(10);
      for (const code of factor.recoveryCodes)
        expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
      const mails = await waitForMails(account.email, 2);
      expect(mails.map((m) => m.subject)).toContain('Two-step verification is on');

      const login = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      expect(login.status).toBe(200);
      expect(login.body).toEqual({
        mfaRequired: true,
        mfaToken: expect.any(String),
        methods: ['totp', 'recovery_code'],
      });
      expect(login.body.accessToken).toBeUndefined();
      const verified = await call('/v1/auth/mfa/verify', {
        body: { mfaToken: login.body.mfaToken, code: await factor.app.code() },
      });
      expect(verified.status).toBe(200);
      expect(verified.headers.get('cache-control')).toBe('no-store');
      const claims = claimsOf(verified.body.accessToken).payload;
      expect(claims).toMatchObject({
        sub: account.userId,
        aal: 'aal2',
        amr: ['pwd', 'otp', 'mfa'],
      });
      expect(Math.abs(Number(claims.auth_time) - Date.now() / 1000)).toBeLessThan(60);
      // The mfaToken is single use (refused before any code is looked at).
      const again = await call('/v1/auth/mfa/verify', {
        body: { mfaToken: login.body.mfaToken, code: '000000' },
      });
      expect(again.body.code).toBe('INVALID_TOKEN');
    });

    it('stores the secret encrypted and the recovery codes hashed', async () => {
      const account = await createVerifiedAccount(call, 'mfa-storage');
      const factor = await enableSecondFactor(call, account);
      const stored = await db!.collection('totp_factors').findOne({ userId: account.userId });
      expect(JSON.stringify(stored)).not.toContain(factor.app.secret);
      const key = Buffer.from(app.config.KEY_ENCRYPTION_KEY, 'base64');
      expect(decryptWithKek(key, stored!.encryptedSecret, `totp:${account.userId}`)).toBe(
        factor.app.secret,
      );
      const codes = await db!
        .collection('recovery_codes')
        .find({ userId: account.userId })
        .toArray();
      expect(codes).toHaveLength(10);
      const dump = JSON.stringify(codes);
      for (const code of factor.recoveryCodes) {
        expect(dump).not.toContain(code);
        expect(dump).not.toContain(code.replaceAll('-', ''));
      }
    });

    it('keeps aal, amr and auth_time through refresh and switch-organization, never raising them', async () => {
      const account = await createVerifiedAccount(call, 'mfa-keep');
      const org = randomUUID();
      const serviceToken = (await call('/v1/auth/service-token', { body: CLIENT })).body
        .accessToken;
      await call(`/internal/v1/organizations/${org}/members/${account.userId}`, {
        method: 'PUT',
        token: serviceToken,
        body: { role: 'admin' },
      });
      // aal1 stays aal1.
      const refreshed1 = await call('/v1/auth/refresh', {
        body: { refreshToken: account.refreshToken },
      });
      expect(claimsOf(refreshed1.body.accessToken).payload).toMatchObject({
        aal: 'aal1',
        amr: ['pwd'],
      });

      const factor = await enableSecondFactor(call, account);
      const pair = await signInWithSecondFactor(call, account, factor);
      const first = claimsOf(pair.accessToken).payload;
      const refreshed = await call('/v1/auth/refresh', {
        body: { refreshToken: pair.refreshToken },
      });
      const afterRefresh = claimsOf(refreshed.body.accessToken).payload;
      expect(afterRefresh).toMatchObject({
        aal: 'aal2',
        amr: first.amr,
        auth_time: first.auth_time,
      });
      const switched = await call('/v1/auth/switch-organization', {
        token: refreshed.body.accessToken,
        body: { organizationId: org },
      });
      expect(claimsOf(switched.body.accessToken).payload).toMatchObject({
        org,
        aal: 'aal2',
        amr: first.amr,
        auth_time: first.auth_time,
      });
    });

    it('steps a session up to aal2 with a fresh auth_time; later refreshes keep it', async () => {
      const account = await createVerifiedAccount(call, 'mfa-stepup');
      const factor = await enableSecondFactor(call, account);
      // A session signed in before the app was set up is aal1.
      expect(claimsOf(account.accessToken).payload.aal).toBe('aal1');
      const stepped = await call('/v1/auth/mfa/step-up', {
        token: account.accessToken,
        body: { code: await factor.app.code() },
      });
      expect(stepped.status).toBe(200);
      expect(stepped.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(stepped.headers.get('cache-control')).toBe('no-store');
      const claims = claimsOf(stepped.body.accessToken).payload;
      const original = claimsOf(account.accessToken).payload;
      expect(claims).toMatchObject({ sid: original.sid, aal: 'aal2', amr: ['pwd', 'otp', 'mfa'] });
      expect(Number(claims.auth_time)).toBeGreaterThanOrEqual(Number(original.auth_time));
      expect((await call('/v1/auth/me', { token: stepped.body.accessToken })).status).toBe(200);
      const refreshed = await call('/v1/auth/refresh', {
        body: { refreshToken: account.refreshToken },
      });
      expect(claimsOf(refreshed.body.accessToken).payload).toMatchObject({
        aal: 'aal2',
        auth_time: claims.auth_time,
      });
    });

    it('signs in once with each recovery code', async () => {
      const account = await createVerifiedAccount(call, 'mfa-recovery');
      const factor = await enableSecondFactor(call, account);
      const [code] = factor.recoveryCodes;
      const login = () =>
        call('/v1/auth/login', { body: { email: account.email, password: PASSWORD } });
      const first = await login();
      const used = await call('/v1/auth/mfa/verify', {
        body: {
          mfaToken: first.body.mfaToken,
          recoveryCode: code!.toLowerCase().replaceAll('-', ' '),
        },
      });
      expect(used.status).toBe(200);
      expect(claimsOf(used.body.accessToken).payload).toMatchObject({
        aal: 'aal2',
        amr: ['pwd', 'recovery_code', 'mfa'],
      });
      const second = await login();
      const reused = await call('/v1/auth/mfa/verify', {
        body: { mfaToken: second.body.mfaToken, recoveryCode: code },
      });
      expect(reused.status).toBe(400);
      expect(reused.body.code).toBe('INVALID_MFA_CODE');
      const mails = await waitForMails(account.email, 3);
      expect(mails.map((m) => m.subject)).toContain('A recovery code was used');
    });

    it('removes the app with a current code; sign-in needs only the password again', async () => {
      const account = await createVerifiedAccount(call, 'mfa-remove');
      const factor = await enableSecondFactor(call, account);
      const wrong = await call('/v1/auth/mfa/totp', {
        method: 'DELETE',
        token: account.accessToken,
        body: { code: '000000' },
      });
      expect(wrong.body.code).toBe('INVALID_MFA_CODE');
      const removed = await call('/v1/auth/mfa/totp', {
        method: 'DELETE',
        token: account.accessToken,
        body: { code: await factor.app.code() },
      });
      expect(removed.status).toBe(204);
      const login = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      expect(login.body.accessToken).toEqual(expect.any(String));
      expect(
        await db!.collection('recovery_codes').countDocuments({ userId: account.userId }),
      ).toBe(0);
      const mails = await waitForMails(account.email, 3);
      expect(mails.map((m) => m.subject)).toContain('Two-step verification is off');
    });
  });

  describe('error', () => {
    it('refuses a second enrolment, a confirmation without one, and step-up without an app', async () => {
      const account = await createVerifiedAccount(call, 'mfa-conflicts');
      const confirmFirst = await call('/v1/auth/mfa/totp/confirm', {
        token: account.accessToken,
        body: { code: '123456' },
      });
      expect(confirmFirst.status).toBe(409);
      expect(confirmFirst.body).toMatchObject({ code: 'CONFLICT', reason: 'MFA_NOT_ENROLLED' });
      const stepUp = await call('/v1/auth/mfa/step-up', {
        token: account.accessToken,
        body: { code: '123456' },
      });
      expect(stepUp.body).toMatchObject({ code: 'CONFLICT', reason: 'MFA_NOT_ENABLED' });
      await enableSecondFactor(call, account);
      const again = await call('/v1/auth/mfa/totp/enroll', {
        token: account.accessToken,
        body: {},
      });
      expect(again.status).toBe(409);
      expect(again.body.reason).toBe('MFA_ALREADY_ENABLED');
    });

    it('validates codes and asks for exactly one kind of proof', async () => {
      const account = await createVerifiedAccount(call, 'mfa-validate');
      await enableSecondFactor(call, account);
      const login = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      const both = await call('/v1/auth/mfa/verify', {
        body: {
          mfaToken: login.body.mfaToken,
          code: '123456',
          recoveryCode: 'AAAA-BBBB-CCCC-DDDD',
        },
      });
      expect(both.body.code).toBe('VALIDATION_FAILED');
      const neither = await call('/v1/auth/mfa/verify', {
        body: { mfaToken: login.body.mfaToken },
      });
      expect(neither.body.code).toBe('VALIDATION_FAILED');
      const letters = await call('/v1/auth/mfa/verify', {
        body: { mfaToken: login.body.mfaToken, code: 'abcdef' },
      });
      expect(letters.body.code).toBe('VALIDATION_FAILED');
      const unknownToken = await call('/v1/auth/mfa/verify', {
        body: { mfaToken: 'x'.repeat(43), code: '123456' },
      });
      expect(unknownToken.body.code).toBe('INVALID_TOKEN');
    });
  });

  describe('security', () => {
    it('accepts a code once: a replayed code is refused', async () => {
      const account = await createVerifiedAccount(call, 'mfa-replay');
      const factor = await enableSecondFactor(call, account);
      const login = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      const replayed = await call('/v1/auth/mfa/verify', {
        body: { mfaToken: login.body.mfaToken, code: factor.app.usedCode() },
      });
      expect(replayed.status).toBe(400);
      expect(replayed.body.code).toBe('INVALID_MFA_CODE');
      // Two requests with one fresh code at once: exactly one wins.
      const code = await factor.app.code();
      const logins = await Promise.all(
        [1, 2].map(() =>
          call('/v1/auth/login', { body: { email: account.email, password: PASSWORD } }),
        ),
      );
      const answers = await Promise.all(
        logins.map((l) =>
          call('/v1/auth/mfa/verify', { body: { mfaToken: l.body.mfaToken, code } }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    });

    it('counts wrong codes against the same per-account limit as passwords', async () => {
      const account = await createVerifiedAccount(call, 'mfa-guess');
      const factor = await enableSecondFactor(call, account);
      const login = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) {
        const res = await call('/v1/auth/mfa/verify', {
          body: { mfaToken: login.body.mfaToken, code: String(100000 + i) },
          ip: randomIp(),
        });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
      expect(statuses[10]).toBe(429);
      // The password is slowed down too: one account, one limit.
      const password = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
        ip: randomIp(),
      });
      expect(password.status).toBe(429);
      const code = await factor.app.code();
      const stillBlocked = await call('/v1/auth/mfa/verify', {
        body: { mfaToken: login.body.mfaToken, code },
      });
      expect(stillBlocked.status).toBe(429);
    });

    it('gives an account with a second factor no tokens for an accepted invitation without it', async () => {
      const account = await createVerifiedAccount(call, 'mfa-invited');
      const factor = await enableSecondFactor(call, account);
      const org = randomUUID();
      const serviceToken = (await call('/v1/auth/service-token', { body: CLIENT })).body
        .accessToken;
      await call('/internal/v1/invitations', {
        token: serviceToken,
        body: { organizationId: org, email: account.email, role: 'moderator' },
      });
      const mails = await waitForMails(account.email, 3);
      const invitation = mails.find((m) => m.subject.includes('invited'))!;
      const token = /accept-invitation\?token=([\w-]+)/.exec(invitation.text)![1]!;
      const accepted = await call('/v1/auth/invitations/accept', {
        body: { token, password: PASSWORD },
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body.accessToken).toBeUndefined();
      expect(accepted.body.mfaRequired).toBe(true);
      const verified = await call('/v1/auth/mfa/verify', {
        body: { mfaToken: accepted.body.mfaToken, code: await factor.app.code() },
      });
      expect(claimsOf(verified.body.accessToken).payload).toMatchObject({
        org,
        role: 'moderator',
        aal: 'aal2',
      });
    });

    it('voids a half-done sign-in when the password changes', async () => {
      const account = await createVerifiedAccount(call, 'mfa-half-done');
      const factor = await enableSecondFactor(call, account);
      const login = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      const changed = await call('/v1/auth/password/change', {
        token: account.accessToken,
        body: { currentPassword: PASSWORD, newPassword: 'a fresh passphrase for mfa 8' },
      });
      expect(changed.status).toBe(204);
      const late = await call('/v1/auth/mfa/verify', {
        body: { mfaToken: login.body.mfaToken, code: await factor.app.code() },
      });
      expect(late.body.code).toBe('INVALID_TOKEN');
    });

    it('does not let a plain password sign-in pass for aal2 anywhere', async () => {
      const account = await createVerifiedAccount(call, 'mfa-aal1');
      await enableSecondFactor(call, account);
      // The session from before enrolment stays aal1 until it steps up.
      const me = await call('/v1/auth/me', { token: account.accessToken });
      expect(me.body.mfaEnabled).toBe(true);
      const refreshed = await call('/v1/auth/refresh', {
        body: { refreshToken: account.refreshToken },
      });
      expect(claimsOf(refreshed.body.accessToken).payload.aal).toBe('aal1');
    });
  });
});
