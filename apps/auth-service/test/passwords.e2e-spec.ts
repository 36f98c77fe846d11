import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAccount, PASSWORD, signIn, withoutRequestId } from './support/accounts.js';
import { mailsTo, sleep, tokenFromMail, waitForMails } from './support/maildev.js';
import { client, startTestApp, uniqueEmail, type Call, type TestApp } from './support/test-app.js';

const NEW_PASSWORD = 'an entirely new passphrase 99';

describe('password forgot, reset and change', () => {
  let app: TestApp;
  let call: Call;

  beforeAll(async () => {
    app = await startTestApp();
    call = client(app);
  });
  afterAll(() => app.close());

  async function resetToken(email: string, mailCount: number): Promise<string> {
    const res = await call('/v1/auth/password/forgot', { body: { email } });
    expect(res.status).toBe(202);
    const mails = await waitForMails(email, mailCount);
    const reset = mails.filter((m) => m.subject === 'Reset your Trivance password').at(-1)!;
    return tokenFromMail(reset, '/reset-password');
  }

  describe('happy', () => {
    it('resets with the emailed token, revokes every session, and signs in with the new password', async () => {
      const account = await createVerifiedAccount(call, 'reset');
      const token = await resetToken(account.email, 2);
      const res = await call('/v1/auth/password/reset', {
        body: { token, password: NEW_PASSWORD },
      });
      expect(res.status).toBe(204);
      expect((await call('/v1/auth/me', { token: account.accessToken })).status).toBe(401);
      const refreshed = await call('/v1/auth/refresh', {
        body: { refreshToken: account.refreshToken },
      });
      expect(refreshed.status).toBe(401);
      const old = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      expect(old.status).toBe(401);
      await signIn(call, account.email, NEW_PASSWORD);
    });

    it('changes the password with the current one and revokes only the other sessions', async () => {
      const account = await createVerifiedAccount(call, 'change');
      const other = await signIn(call, account.email, PASSWORD);
      const res = await call('/v1/auth/password/change', {
        token: account.accessToken,
        body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      });
      expect(res.status).toBe(204);
      expect((await call('/v1/auth/me', { token: account.accessToken })).status).toBe(200);
      expect((await call('/v1/auth/me', { token: other.accessToken })).status).toBe(401);
      await signIn(call, account.email, NEW_PASSWORD);
      const mails = await waitForMails(account.email, 2);
      expect(mails.map((m) => m.subject)).toContain('Your Trivance password was changed');
    });
  });

  describe('error', () => {
    it('refuses a used, unknown or wrong-purpose token with INVALID_TOKEN', async () => {
      const account = await createVerifiedAccount(call, 'reuse-reset');
      const token = await resetToken(account.email, 2);
      expect(
        (await call('/v1/auth/password/reset', { body: { token, password: NEW_PASSWORD } })).status,
      ).toBe(204);
      const again = await call('/v1/auth/password/reset', {
        body: { token, password: 'yet another passphrase 5' },
      });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('INVALID_TOKEN');

      const email = uniqueEmail('purpose');
      await call('/v1/auth/register', { body: { email, password: PASSWORD, name: 'P' } });
      const verifyToken = tokenFromMail((await waitForMails(email))[0]!, '/verify-email');
      const wrongPurpose = await call('/v1/auth/password/reset', {
        body: { token: verifyToken, password: NEW_PASSWORD },
      });
      expect(wrongPurpose.body.code).toBe('INVALID_TOKEN');
    });

    it('refuses a weak new password without using up the token', async () => {
      const account = await createVerifiedAccount(call, 'weak-reset');
      const token = await resetToken(account.email, 2);
      const weak = await call('/v1/auth/password/reset', { body: { token, password: 'iloveyou' } });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('WEAK_PASSWORD');
      const ok = await call('/v1/auth/password/reset', { body: { token, password: NEW_PASSWORD } });
      expect(ok.status).toBe(204);
    });

    it('refuses a wrong current password and a weak new one on change', async () => {
      const account = await createVerifiedAccount(call, 'change-err');
      const wrong = await call('/v1/auth/password/change', {
        token: account.accessToken,
        body: { currentPassword: 'not my password 1', newPassword: NEW_PASSWORD },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('INVALID_CURRENT_PASSWORD');
      const weak = await call('/v1/auth/password/change', {
        token: account.accessToken,
        body: { currentPassword: PASSWORD, newPassword: 'qwerty123' },
      });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('WEAK_PASSWORD');
      expect(weak.body.errors.newPassword).toHaveLength(1);
      const anonymous = await call('/v1/auth/password/change', {
        body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      });
      expect(anonymous.status).toBe(401);
    });
  });

  describe('security', () => {
    it('answers forgot the same for an unknown and a known address, mailing only the account', async () => {
      const account = await createVerifiedAccount(call, 'forgot-known');
      const unknownEmail = uniqueEmail('forgot-unknown');
      const known = await call('/v1/auth/password/forgot', { body: { email: account.email } });
      const unknown = await call('/v1/auth/password/forgot', { body: { email: unknownEmail } });
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(withoutRequestId(known.body)).toEqual(withoutRequestId(unknown.body));
      await waitForMails(account.email, 2);
      await sleep(300);
      expect(await mailsTo(unknownEmail)).toHaveLength(0);
    });

    it('drops extra reset mails silently (one a minute per address) but still answers 202', async () => {
      const account = await createVerifiedAccount(call, 'forgot-throttle');
      for (let i = 0; i < 3; i++) {
        const res = await call('/v1/auth/password/forgot', { body: { email: account.email } });
        expect(res.status).toBe(202);
      }
      await waitForMails(account.email, 2);
      await sleep(500);
      expect(await mailsTo(account.email)).toHaveLength(2);
    });

    it('clears the login slow-down with a password reset', async () => {
      const account = await createVerifiedAccount(call, 'reset-clears');
      for (let i = 0; i < 10; i++) {
        await call('/v1/auth/login', {
          body: { email: account.email, password: 'a wrong guess 77' },
        });
      }
      const blocked = await call('/v1/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      expect(blocked.status).toBe(429);
      const token = await resetToken(account.email, 2);
      await call('/v1/auth/password/reset', { body: { token, password: NEW_PASSWORD } });
      const after = await call('/v1/auth/login', {
        body: { email: account.email, password: NEW_PASSWORD },
      });
      expect(after.status).toBe(200);
    });
  });
});
