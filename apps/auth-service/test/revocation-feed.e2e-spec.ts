import { randomUUID } from 'node:crypto';
import { RevocationList, type Principal } from '@trivance/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimsOf,
  createVerifiedAccount,
  PASSWORD,
  signIn,
  type Account,
} from './support/accounts.js';
import { sleep, tokenFromMail, waitForMails } from './support/maildev.js';
import { client, startTestApp, type Call, type TestApp } from './support/test-app.js';
import { TEST_ENV } from './support/test-env.js';

const CLIENT = { clientId: 'management-api', clientSecret: 'dev-management-api-client-secret' };

/** What a verifier knows of a token, from its claims. */
function principalOf(token: string): Principal {
  const { payload } = claimsOf(token);
  return {
    userId: payload.sub!,
    sessionId: String(payload.sid),
    emailVerified: true,
    aal: 'aal1',
    amr: ['pwd'],
    authTime: new Date(Number(payload.auth_time) * 1000),
    organizationRequiresMfa: false,
    tokenId: String(payload.jti),
    issuedAt: new Date(payload.iat! * 1000),
    expiresAt: new Date(payload.exp! * 1000),
  };
}

describe('the revocation feed, as a verifier sees it', () => {
  let app: TestApp;
  let call: Call;
  let feed: RevocationList;
  let serviceToken: string;

  beforeAll(async () => {
    app = await startTestApp();
    call = client(app);
    feed = new RevocationList({ redisUrl: TEST_ENV.REDIS_URL! });
    await feed.start();
    serviceToken = (await call('/v1/auth/service-token', { body: CLIENT })).body.accessToken;
  });
  afterAll(async () => {
    await feed.stop();
    await app.close();
  });

  async function refusedSoon(token: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        feed.assertActive(principalOf(token));
      } catch (error) {
        expect(error).toMatchObject({ code: 'UNAUTHENTICATED' });
        return;
      }
      if (Date.now() > deadline) throw new Error('the token is still honoured after 5 s');
      await sleep(25);
    }
  }

  it('announces logout-all, logout and a revoked session', async () => {
    const account = await createVerifiedAccount(call, 'feed-logout');
    const second = await signIn(call, account.email, PASSWORD);
    const third = await signIn(call, account.email, PASSWORD);
    expect(() => feed.assertActive(principalOf(account.accessToken))).not.toThrow();
    await call('/v1/auth/logout', { body: { refreshToken: third.refreshToken } });
    await refusedSoon(third.accessToken);
    const sid = String(claimsOf(second.accessToken).payload.sid);
    await call(`/v1/auth/sessions/${sid}`, { method: 'DELETE', token: account.accessToken });
    await refusedSoon(second.accessToken);
    await call('/v1/auth/logout-all', { method: 'POST', token: account.accessToken });
    await refusedSoon(account.accessToken);
  });

  it("announces a member's removal, a password reset and refresh-token reuse", async () => {
    const org = randomUUID();
    const member = await createVerifiedAccount(call, 'feed-member');
    await call(`/internal/v1/organizations/${org}/members/${member.userId}`, {
      method: 'PUT',
      token: serviceToken,
      body: { role: 'moderator' },
    });
    const scoped = (
      await call('/v1/auth/switch-organization', {
        token: member.accessToken,
        body: { organizationId: org },
      })
    ).body;
    // The replaced session is announced too.
    await refusedSoon(member.accessToken);
    await call(`/internal/v1/organizations/${org}/members/${member.userId}`, {
      method: 'DELETE',
      token: serviceToken,
    });
    await refusedSoon(scoped.accessToken);

    const reused: Account = await signIn(call, member.email, PASSWORD);
    await call('/v1/auth/refresh', { body: { refreshToken: reused.refreshToken } });
    await sleep(5_100); // past the grace for a client's duplicate refresh
    await call('/v1/auth/refresh', { body: { refreshToken: reused.refreshToken } });
    await refusedSoon(reused.accessToken);

    const signedIn = await signIn(call, member.email, PASSWORD);
    await call('/v1/auth/password/forgot', { body: { email: member.email } });
    const mails = await waitForMails(member.email, 2);
    const token = tokenFromMail(
      mails.find((m) => m.subject.startsWith('Reset'))!,
      '/reset-password',
    );
    await call('/v1/auth/password/reset', {
      body: { token, password: 'a brand new passphrase 77' },
    });
    await refusedSoon(signedIn.accessToken);
  });

  it('announces a disabled account: every token issued until then is refused', async () => {
    const target = await createVerifiedAccount(call, 'feed-disabled');
    const { SuperAdminService } = await import('../src/users/super-admin.service.js');
    const { enableSecondFactor, signInWithSecondFactor } =
      await import('./support/second-factor.js');
    const email = `feed-root-${randomUUID().slice(0, 8)}@example.test`;
    await app.app
      .get(SuperAdminService)
      .createOrPromote({ email, name: 'Root', password: PASSWORD });
    const root = await signIn(call, email, PASSWORD);
    const pair = await signInWithSecondFactor(call, root, await enableSecondFactor(call, root));
    await call(`/v1/admin/users/${target.userId}/disable`, {
      method: 'POST',
      token: pair.accessToken,
    });
    await refusedSoon(target.accessToken);
  });

  it('bounds trust while the feed is down: only tokens issued within the bound pass', async () => {
    const down = new RevocationList({
      redisUrl: 'redis://127.0.0.1:1/0',
      maxTokenAgeWhileDownSeconds: 30,
    });
    await down.start(200);
    try {
      expect(down.isHealthy).toBe(false);
      const account = await createVerifiedAccount(call, 'feed-down');
      const fresh = principalOf(account.accessToken);
      expect(() => down.assertActive(fresh)).not.toThrow();
      const old = { ...fresh, issuedAt: new Date(Date.now() - 31_000) };
      expect(() => down.assertActive(old)).toThrow(/cannot be confirmed/);
      expect(() => feed.assertActive(old)).not.toThrow();
    } finally {
      await down.stop();
    }
  });
});
