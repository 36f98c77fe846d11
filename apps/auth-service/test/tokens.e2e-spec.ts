import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningKeysService } from '../src/keys/signing-keys.service.js';
import { claimsOf, createVerifiedAccount, type Account } from './support/accounts.js';
import { client, startTestApp, type Call, type TestApp } from './support/test-app.js';
import { TEST_ENV } from './support/test-env.js';

describe('access tokens and signing keys', () => {
  let app: TestApp;
  let call: Call;
  let account: Account;

  beforeAll(async () => {
    app = await startTestApp();
    call = client(app);
    account = await createVerifiedAccount(call, 'tokens');
  });
  afterAll(() => app.close());

  /** Signs with the service's real active key, so only the chosen claim is wrong. */
  async function forge(
    claims: Record<string, unknown>,
    options: { exp?: number; aud?: string } = {},
  ) {
    const { kid, privateKey } = await app.app.get(SigningKeysService).signingKey();
    const payload = claimsOf(account.accessToken).payload;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sid: payload.sid, email_verified: true, ...claims })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setSubject(account.userId)
      .setIssuer(TEST_ENV.JWT_ISSUER!)
      .setAudience(options.aud ?? TEST_ENV.JWT_AUDIENCE!)
      .setIssuedAt(now - 60)
      .setExpirationTime(options.exp ?? now + 600)
      .setJti(randomUUID())
      .sign(privateKey);
  }

  async function expectUnauthenticated(token: string | undefined) {
    const res = await call('/v1/auth/me', { token });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  }

  describe('happy', () => {
    it('publishes the public signing keys at /.well-known/jwks.json', async () => {
      const res = await call('/.well-known/jwks.json');
      expect(res.status).toBe(200);
      const kid = claimsOf(account.accessToken).header.kid;
      const key = res.body.keys.find((k: { kid: string }) => k.kid === kid);
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(key.d).toBeUndefined();
    });

    it('accepts a correctly forged-for-test token (the forging helper itself is sound)', async () => {
      expect((await call('/v1/auth/me', { token: await forge({}) })).status).toBe(200);
    });

    it('rotates keys: publishes the new key first, signs with it later, keeps live tokens valid', async () => {
      const keys = app.app.get(SigningKeysService);
      const oldKid = claimsOf(account.accessToken).header.kid;
      const rotated = await keys.rotate();
      expect(rotated.kid).not.toBe(oldKid);
      expect(rotated.activatesAt.getTime()).toBeGreaterThan(Date.now());
      const jwks = await call('/.well-known/jwks.json');
      const kids = jwks.body.keys.map((k: { kid: string }) => k.kid);
      expect(kids).toEqual(expect.arrayContaining([oldKid, rotated.kid]));

      // Until every instance has published it, the new key does not sign.
      const early = await call('/v1/auth/refresh', {
        body: { refreshToken: account.refreshToken },
      });
      expect(claimsOf(early.body.accessToken).header.kid).toBe(oldKid);

      const { getConnectionToken } = await import('@nestjs/mongoose');
      const db = app.app.get<import('mongoose').Connection>(getConnectionToken()).db!;
      await db
        .collection('signing_keys')
        .updateOne({ kid: rotated.kid }, { $set: { activatesAt: new Date(Date.now() - 1000) } });
      await keys.refresh();
      const late = await call('/v1/auth/refresh', {
        body: { refreshToken: early.body.refreshToken },
      });
      expect(claimsOf(late.body.accessToken).header.kid).toBe(rotated.kid);
      // Tokens signed with the retired key still verify.
      expect((await call('/v1/auth/me', { token: early.body.accessToken })).status).toBe(200);
      expect((await call('/v1/auth/me', { token: late.body.accessToken })).status).toBe(200);
      account = { ...account, ...late.body };
    });

    it('stores private keys only encrypted', async () => {
      const { getConnectionToken } = await import('@nestjs/mongoose');
      const db = app.app.get<import('mongoose').Connection>(getConnectionToken()).db!;
      const keys = await db.collection('signing_keys').find({}).toArray();
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(JSON.stringify(key)).not.toMatch(/"d"\s*:/);
        expect(key.encryptedPrivateJwk).toEqual(expect.any(String));
      }
    });
  });

  describe('security', () => {
    it('refuses a missing or malformed bearer', async () => {
      await expectUnauthenticated(undefined);
      await expectUnauthenticated('not-a-jwt');
    });

    it('refuses alg none', async () => {
      const payload = claimsOf(account.accessToken).payload;
      const unsecured = new UnsecuredJWT({ ...payload }).encode();
      await expectUnauthenticated(unsecured);
    });

    it('refuses an unknown kid', async () => {
      const parts = account.accessToken.split('.');
      const header = { alg: 'EdDSA', kid: 'no-such-kid', typ: 'at+jwt' };
      const tampered = [
        Buffer.from(JSON.stringify(header)).toString('base64url'),
        parts[1],
        parts[2],
      ];
      await expectUnauthenticated(tampered.join('.'));
    });

    it('refuses a bad signature: changed claims, or another key under our kid', async () => {
      const [header, payload, signature] = account.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const elevated = Buffer.from(JSON.stringify({ ...claims, role: 'super_admin' })).toString(
        'base64url',
      );
      await expectUnauthenticated([header, elevated, signature].join('.'));

      const { privateKey } = generateKeyPairSync('ed25519');
      const kid = claimsOf(account.accessToken).header.kid!;
      const foreign = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .sign(privateKey);
      await expectUnauthenticated(foreign);
    });

    it('refuses an expired token', async () => {
      await expectUnauthenticated(await forge({}, { exp: Math.floor(Date.now() / 1000) - 5 }));
    });

    it('refuses another audience (a service token too)', async () => {
      await expectUnauthenticated(await forge({}, { aud: 'some-other-api' }));
      const service = await call('/v1/auth/service-token', {
        body: { clientId: 'management-api', clientSecret: 'dev-management-api-client-secret' },
      });
      expect(service.status).toBe(200);
      await expectUnauthenticated(service.body.accessToken);
    });

    it('refuses a token whose session has been revoked', async () => {
      const second = await createVerifiedAccount(call, 'revoked');
      await call('/v1/auth/logout', { body: { refreshToken: second.refreshToken } });
      await expectUnauthenticated(second.accessToken);
    });
  });
});
