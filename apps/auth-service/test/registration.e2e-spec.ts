import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAccount, PASSWORD, withoutRequestId } from './support/accounts.js';
import { mailsTo, sleep, tokenFromMail, waitForMails } from './support/maildev.js';
import { client, startTestApp, uniqueEmail, type Call, type TestApp } from './support/test-app.js';

describe('registration and email verification', () => {
  let app: TestApp;
  let call: Call;

  beforeAll(async () => {
    app = await startTestApp();
    call = client(app);
  });
  afterAll(() => app.close());

  describe('happy', () => {
    it('registers, emails a verification link through SMTP, verifies and then signs in', async () => {
      const email = uniqueEmail('reg');
      const res = await call('/v1/auth/register', {
        body: { email: `  ${email.toUpperCase()} `, password: PASSWORD, name: 'Ada' },
      });
      expect(res.status).toBe(202);
      expect(res.body.message).toEqual(expect.any(String));

      const [mail] = await waitForMails(email);
      expect(mail!.subject).toBe('Confirm your email address');
      const token = tokenFromMail(mail!, '/verify-email');
      expect(mail!.text).toContain(`Or enter this code: ${token}`);
      expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);

      const before = await call('/v1/auth/login', { body: { email, password: PASSWORD } });
      expect(before.status).toBe(403);
      expect(before.body.code).toBe('EMAIL_NOT_VERIFIED');

      const verified = await call('/v1/auth/verify-email', { body: { token } });
      expect(verified.status).toBe(200);
      expect(verified.body).toEqual({ verified: true });

      const login = await call('/v1/auth/login', { body: { email, password: PASSWORD } });
      expect(login.status).toBe(200);
      const me = await call('/v1/auth/me', { token: login.body.accessToken });
      expect(me.body).toMatchObject({ email, name: 'Ada', emailVerified: true, memberships: [] });
    });

    it('resends a verification mail, at most one a minute per address', async () => {
      const email = uniqueEmail('resend');
      await call('/v1/auth/register', { body: { email, password: PASSWORD, name: 'Bo' } });
      await waitForMails(email, 1);
      const throttled = await call('/v1/auth/verify-email/resend', { body: { email } });
      expect(throttled.status).toBe(202);
      // The test interval is 2 s (MAIL_RESEND_INTERVAL_SECONDS); after it a new mail goes out.
      await sleep(2_200);
      const resent = await call('/v1/auth/verify-email/resend', { body: { email } });
      expect(resent.status).toBe(202);
      const mails = await waitForMails(email, 2);
      expect(mails).toHaveLength(2);
      // Both tokens are valid until used; using the newest verifies the account.
      const verified = await call('/v1/auth/verify-email', {
        body: { token: tokenFromMail(mails[1]!, '/verify-email') },
      });
      expect(verified.status).toBe(200);
    });
  });

  describe('error', () => {
    it('rejects invalid fields and unknown fields with VALIDATION_FAILED', async () => {
      const res = await call('/v1/auth/register', {
        body: { email: 'not-an-email', password: PASSWORD, name: 'X', role: 'admin' },
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.errors)).toEqual(expect.arrayContaining(['email', 'role']));
    });

    it('rejects short, overlong and common passwords with WEAK_PASSWORD', async () => {
      for (const password of ['short1!', 'x'.repeat(129), 'password123', 'Sunshine1']) {
        const res = await call('/v1/auth/register', {
          body: { email: uniqueEmail('weak'), password, name: 'W' },
        });
        expect(res.status, password).toBe(400);
        expect(res.body.code).toBe('WEAK_PASSWORD');
        expect(res.body.errors.password).toHaveLength(1);
      }
    });

    it('refuses bad, used and unknown verification tokens with INVALID_TOKEN', async () => {
      const email = uniqueEmail('used');
      await call('/v1/auth/register', { body: { email, password: PASSWORD, name: 'U' } });
      const token = tokenFromMail((await waitForMails(email))[0]!, '/verify-email');
      expect((await call('/v1/auth/verify-email', { body: { token } })).status).toBe(200);
      const again = await call('/v1/auth/verify-email', { body: { token } });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('INVALID_TOKEN');
      const unknown = await call('/v1/auth/verify-email', {
        body: { token: 'x'.repeat(43) },
      });
      expect(unknown.body.code).toBe('INVALID_TOKEN');
    });

    it('throttles registration per email with 429 and Retry-After', async () => {
      const email = uniqueEmail('flood');
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 6; i++) {
        last = await call('/v1/auth/register', {
          body: { email, password: PASSWORD, name: 'F' },
          ip: `203.0.113.${i + 1}`,
        });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
      expect(last!.body.code).toBe('RATE_LIMITED');
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });

  describe('security', () => {
    it('answers register the same whether or not the email is taken, and mails a notice', async () => {
      const existing = await createVerifiedAccount(call, 'taken');
      const fresh = uniqueEmail('fresh');
      const taken = await call('/v1/auth/register', {
        body: { email: existing.email.toUpperCase(), password: PASSWORD, name: 'Other' },
      });
      const created = await call('/v1/auth/register', {
        body: { email: fresh, password: PASSWORD, name: 'Other' },
      });
      expect(taken.status).toBe(created.status);
      expect(withoutRequestId(taken.body)).toEqual(withoutRequestId(created.body));
      const mails = await waitForMails(existing.email, 2);
      expect(mails.map((m) => m.subject)).toContain('You already have a Trivance account');
      expect(mails.find((m) => m.subject.startsWith('You already'))!.text).not.toMatch(/token=/);
    });

    it('answers resend the same for unknown, unverified and verified addresses', async () => {
      const verified = await createVerifiedAccount(call, 'resend-known');
      const answers = await Promise.all(
        [verified.email, uniqueEmail('resend-unknown')].map((email) =>
          call('/v1/auth/verify-email/resend', { body: { email } }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([202, 202]);
      expect(withoutRequestId(answers[0]!.body)).toEqual(withoutRequestId(answers[1]!.body));
      // A verified account gets no new verification mail.
      await sleep(500);
      expect(await mailsTo(verified.email)).toHaveLength(1);
    });

    it('stores only hashes of verification tokens', async () => {
      const email = uniqueEmail('hash');
      await call('/v1/auth/register', { body: { email, password: PASSWORD, name: 'H' } });
      const token = tokenFromMail((await waitForMails(email))[0]!, '/verify-email');
      const connection = app.app.get<import('mongoose').Connection>(
        (await import('@nestjs/mongoose')).getConnectionToken(),
      );
      const raw = await connection.db!.collection('one_time_tokens').findOne({ tokenHash: token });
      expect(raw).toBeNull();
      const user = await connection.db!.collection('users').findOne({ email });
      expect(user!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    });
  });
});
