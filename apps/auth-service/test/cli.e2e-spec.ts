import { getConnectionToken } from '@nestjs/mongoose';
import { AppError, RevocationList } from '@trivance/shared';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import { SigningKeysService } from '../src/keys/signing-keys.service.js';
import { claimsOf, createVerifiedAccount, PASSWORD, signIn } from './support/accounts.js';
import { sleep, waitForMails } from './support/maildev.js';
import { client, startTestApp, uniqueEmail, type Call, type TestApp } from './support/test-app.js';
import { KEYS_TEST_MONGODB_URI, TEST_ENV } from './support/test-env.js';

describe('operator commands', () => {
  let app: TestApp;
  let call: Call;

  beforeAll(async () => {
    app = await startTestApp();
    call = client(app);
  });
  afterAll(() => app.close());

  it('creates a verified super admin with the password from the environment', async () => {
    const email = uniqueEmail('cli-root');
    const result = await runCli(['create-super-admin', '--email', email, '--name', 'Root'], {
      ...TEST_ENV,
      SUPER_ADMIN_PASSWORD: PASSWORD,
    });
    expect(result.code).toBe(0);
    expect(result.output).toContain('Created super admin');
    const root = await signIn(call, email, PASSWORD);
    expect(claimsOf(root.accessToken).payload.role).toBe('super_admin');
  });

  it('promotes an existing account without touching its password', async () => {
    const account = await createVerifiedAccount(call, 'cli-promote');
    const result = await runCli(['create-super-admin', '--email', account.email], {
      ...TEST_ENV,
      SUPER_ADMIN_PASSWORD: 'a different password entirely',
    });
    expect(result.output).toContain('Promoted');
    const again = await signIn(call, account.email, PASSWORD);
    expect(claimsOf(again.accessToken).payload.role).toBe('super_admin');
  });

  it('refuses a new super admin without a password or with a weak one, and bad usage', async () => {
    const env = { ...TEST_ENV, SUPER_ADMIN_PASSWORD: undefined };
    await expect(
      runCli(['create-super-admin', '--email', uniqueEmail('cli-none'), '--name', 'N'], env),
    ).rejects.toBeInstanceOf(AppError);
    await expect(
      runCli(['create-super-admin', '--email', uniqueEmail('cli-weak'), '--name', 'W'], {
        ...env,
        SUPER_ADMIN_PASSWORD: 'password1',
      }),
    ).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
    expect((await runCli(['create-super-admin'], env)).code).toBe(64);
    expect((await runCli(['drop-everything'], env)).code).toBe(64);
  });

  it('rotates the signing key and audits it', async () => {
    const result = await runCli(['rotate-signing-key'], TEST_ENV);
    expect(result.code).toBe(0);
    const kid = /New signing key (\S+);/.exec(result.output)![1]!;
    // A running instance publishes it at its next key refresh (forced here).
    await app.app.get(SigningKeysService).refresh();
    const jwks = await call('/.well-known/jwks.json');
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toContain(kid);
    const db = app.app.get<Connection>(getConnectionToken()).db!;
    expect(
      await db
        .collection('audit_events')
        .countDocuments({ type: 'signing_key.rotated', 'data.kid': kid }),
    ).toBe(1);
  });

  it('refuses to promote an account that has not confirmed its address', async () => {
    const email = uniqueEmail('cli-unverified');
    await call('/v1/auth/register', { body: { email, password: PASSWORD, name: 'Squatter' } });
    await waitForMails(email);
    await expect(
      runCli(['create-super-admin', '--email', email], {
        ...TEST_ENV,
        SUPER_ADMIN_PASSWORD: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });
    const db = app.app.get<Connection>(getConnectionToken()).db!;
    expect((await db.collection('users').findOne({ email }))!.platformRole).toBeNull();
  });

  it('revokes a signing key at once: out of the JWKS, its tokens refused, a new key signs', async () => {
    // Its own database: revoking the key every other spec signs with would end their sessions.
    const env = { ...TEST_ENV, MONGODB_URI: KEYS_TEST_MONGODB_URI };
    const keysApp = await startTestApp(env);
    const call = client(keysApp);
    const feed = new RevocationList({ redisUrl: TEST_ENV.REDIS_URL! });
    const announced: string[] = [];
    const listening = new RevocationList({
      redisUrl: TEST_ENV.REDIS_URL!,
      onKeyRevoked: (kid) => announced.push(kid),
    });
    await Promise.all([feed.start(), listening.start()]);
    try {
      const account = await createVerifiedAccount(call, 'cli-revoke');
      const kid = claimsOf(account.accessToken).header.kid!;
      expect((await call('/v1/auth/me', { token: account.accessToken })).status).toBe(200);
      const result = await runCli(['revoke-signing-key', '--kid', kid], env);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain(`Revoked signing key ${kid}`);
      // The running instance hears it on the feed and re-reads its keys.
      const deadline = Date.now() + 5_000;
      while (!announced.includes(kid) && Date.now() < deadline) await sleep(50);
      expect(announced).toContain(kid);
      expect(feed.isKeyRevoked(kid)).toBe(true);
      for (;;) {
        const jwks = await call('/.well-known/jwks.json');
        const kids = jwks.body.keys.map((k: { kid: string }) => k.kid);
        if (!kids.includes(kid)) break;
        if (Date.now() > deadline) throw new Error('the revoked key is still published');
        await sleep(50);
      }
      expect((await call('/v1/auth/me', { token: account.accessToken })).status).toBe(401);
      const fresh = await signIn(call, account.email, PASSWORD);
      expect(claimsOf(fresh.accessToken).header.kid).not.toBe(kid);
      expect((await call('/v1/auth/me', { token: fresh.accessToken })).status).toBe(200);
      const db = keysApp.app.get<Connection>(getConnectionToken()).db!;
      expect(
        await db
          .collection('audit_events')
          .countDocuments({ type: 'signing_key.revoked', 'data.kid': kid }),
      ).toBe(1);
      expect((await runCli(['revoke-signing-key', '--kid', 'no-such-kid'], env)).code).toBe(1);
      expect((await runCli(['revoke-signing-key'], env)).code).toBe(64);
    } finally {
      await Promise.all([feed.stop(), listening.stop(), keysApp.close()]);
    }
  });
});
