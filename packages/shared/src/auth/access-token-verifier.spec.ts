import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { JwksKeyStore } from './jwks-key-store.js';
import { JwksTestServer } from './jwks.test-server.js';

const ISSUER = 'https://auth.trivance.test';
const AUDIENCE = 'trivance-api';
const SUB = '665f1c2b9a1e4b001234567a';

async function signingKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', {
    crv: 'Ed25519',
    extractable: true,
  });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  return { privateKey, jwk, kid };
}
type Key = Awaited<ReturnType<typeof signingKey>>;

function token(
  key: Key,
  overrides: { exp?: string | number; aud?: string; iss?: string; claims?: object } = {},
) {
  return new SignJWT({
    sid: 'session-1',
    org: '0190c0de-0000-7000-8000-000000000001',
    role: 'admin',
    email_verified: true,
    ...overrides.claims,
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
    .setSubject(SUB)
    .setIssuer(overrides.iss ?? ISSUER)
    .setAudience(overrides.aud ?? AUDIENCE)
    .setIssuedAt()
    .setJti('jti-1')
    .setExpirationTime(overrides.exp ?? '15m')
    .sign(key.privateKey);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('AccessTokenVerifier', () => {
  const server = new JwksTestServer();
  let url: string;
  let current: Key;
  let verifier: AccessTokenVerifier;
  let store: JwksKeyStore;

  beforeAll(async () => {
    url = await server.start();
  });
  afterAll(() => server.stop());
  beforeEach(async () => {
    current = await signingKey('key-1');
    server.keys = [current.jwk];
    server.failing = false;
    server.requests = 0;
    store = new JwksKeyStore({ jwksUrl: url, unknownKidCooldownMs: 0, timeoutMs: 500 });
    verifier = new AccessTokenVerifier(store, { issuer: ISSUER, audience: AUDIENCE });
  });

  it('turns a valid token into the principal', async () => {
    await expect(verifier.verify(await token(current))).resolves.toMatchObject({
      userId: SUB,
      sessionId: 'session-1',
      role: 'admin',
      emailVerified: true,
    });
  });

  it('refuses alg none, a wrong kid, a bad signature, expiry, wrong audience or issuer', async () => {
    const valid = await token(current);
    const [, payload] = valid.split('.');
    const none = `${Buffer.from('{"alg":"none","kid":"key-1"}').toString('base64url')}.${payload}.`;
    const stranger = await signingKey('key-1'); // same kid, different key
    const unknownKid = await signingKey('key-unknown');
    const cases = [
      none,
      await token(stranger),
      await token(unknownKid),
      await token(current, { exp: Math.floor(Date.now() / 1000) - 60 }),
      await token(current, { aud: 'another-api' }),
      await token(current, { iss: 'https://evil.test' }),
      await token(current, { claims: { role: 'owner' } }),
      `${valid.slice(0, -4)}AAAA`,
    ];
    for (const candidate of cases) {
      expect((await rejection(verifier.verify(candidate))).code).toBe('UNAUTHENTICATED');
    }
  });

  it('stops accepting a remembered token once it expires', async () => {
    const strict = new AccessTokenVerifier(store, {
      issuer: ISSUER,
      audience: AUDIENCE,
      clockToleranceSeconds: 0,
    });
    const expiresAt = Math.floor(Date.now() / 1000) + 1;
    const shortLived = await token(current, { exp: expiresAt });
    await expect(strict.verify(shortLived)).resolves.toMatchObject({ userId: SUB });
    await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 50));
    expect((await rejection(strict.verify(shortLived))).code).toBe('UNAUTHENTICATED');
  });

  it('reads aal, amr, auth_time and org_mfa_required; tokens without them are aal1', async () => {
    const authTime = Math.floor(Date.now() / 1000) - 120;
    const stepped = await token(current, {
      claims: {
        aal: 'aal2',
        amr: ['pwd', 'otp', 'mfa'],
        auth_time: authTime,
        org_mfa_required: true,
      },
    });
    await expect(verifier.verify(stepped)).resolves.toMatchObject({
      aal: 'aal2',
      amr: ['pwd', 'otp', 'mfa'],
      authTime: new Date(authTime * 1000),
      organizationRequiresMfa: true,
    });
    const plain = await verifier.verify(await token(current));
    expect(plain).toMatchObject({ aal: 'aal1', amr: [], organizationRequiresMfa: false });
    expect(plain.authTime).toEqual(plain.issuedAt);
    for (const claims of [
      { aal: 'aal3' },
      { amr: 'pwd' },
      { amr: ['P W D'] },
      { auth_time: 'now' },
    ]) {
      expect((await rejection(verifier.verify(await token(current, { claims })))).code).toBe(
        'UNAUTHENTICATED',
      );
    }
  });

  it('refuses an organization claim that is not a UUID (it never reaches a query)', async () => {
    for (const org of ['../../x?$ne=1', 'not-a-uuid', '', 42]) {
      const forged = await token(current, { claims: { org } });
      expect((await rejection(verifier.verify(forged))).code).toBe('UNAUTHENTICATED');
    }
  });

  it('drops a key the JWKS no longer lists, remembered tokens included', async () => {
    const next = await signingKey('key-next');
    server.keys = [current.jwk, next.jwk];
    const old = await token(current);
    await verifier.verify(old);
    // The old key leaves the JWKS (withdrawn); the next refetch forgets it.
    server.keys = [next.jwk];
    await verifier.verify(await token(next));
    await store.refresh();
    expect(store.holds('key-1')).toBe(false);
    expect((await rejection(verifier.verify(old))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a key forgotten through the revocation feed even if a stale JWKS still lists it', async () => {
    const live = await token(current);
    await verifier.verify(live);
    store.forget('key-1');
    expect((await rejection(verifier.verify(live))).code).toBe('UNAUTHENTICATED');
    await store.refresh();
    expect(store.holds('key-1')).toBe(false);
    expect((await rejection(verifier.verify(live))).code).toBe('UNAUTHENTICATED');
  });

  it('asks the revocation check on every request, remembered tokens included', async () => {
    const ended = new Set<string>();
    const checked = new AccessTokenVerifier(store, {
      issuer: ISSUER,
      audience: AUDIENCE,
      revocations: {
        assertActive: (principal) => {
          if (ended.has(principal.sessionId)) throw new AppError('UNAUTHENTICATED', 'ended');
        },
      },
    });
    const live = await token(current);
    await expect(checked.verify(live)).resolves.toMatchObject({ sessionId: 'session-1' });
    ended.add('session-1');
    expect((await rejection(checked.verify(live))).code).toBe('UNAUTHENTICATED');
  });

  it('keeps accepting live tokens through a key rotation, fetching the new key once', async () => {
    const before = await token(current);
    await verifier.verify(before);
    const next = await signingKey('key-2');
    server.keys = [current.jwk, next.jwk];
    await expect(verifier.verify(await token(next))).resolves.toMatchObject({ userId: SUB });
    await expect(verifier.verify(before)).resolves.toMatchObject({ userId: SUB });
    const fetches = server.requests;
    await verifier.verify(await token(next));
    expect(server.requests).toBe(fetches);
  });
});

describe('JwksKeyStore circuit breaker', () => {
  const server = new JwksTestServer();
  let url: string;
  beforeAll(async () => {
    url = await server.start();
  });
  afterAll(() => server.stop());

  it('opens after repeated failures, stops calling, and closes again once the endpoint recovers', async () => {
    const key = await signingKey('k');
    server.keys = [key.jwk];
    server.failing = true;
    server.requests = 0;
    const store = new JwksKeyStore({
      jwksUrl: url,
      attempts: 1,
      breakerThreshold: 2,
      breakerHalfOpenAfterMs: 300,
      unknownKidCooldownMs: 0,
      timeoutMs: 500,
    });
    await rejection(store.getKey('k'));
    await rejection(store.getKey('k'));
    expect(store.breakerState).toBe('open');
    const callsWhenOpened = server.requests;
    await rejection(store.getKey('k'));
    expect(server.requests).toBe(callsWhenOpened);

    server.failing = false;
    await new Promise((resolve) => setTimeout(resolve, 350));
    await expect(store.getKey('k')).resolves.toBeTruthy();
    expect(store.breakerState).toBe('closed');
  });

  it('refreshes stale keys in the background, learning keys published ahead of use', async () => {
    const first = await signingKey('first');
    const next = await signingKey('next');
    server.keys = [first.jwk];
    server.failing = false;
    server.requests = 0;
    const store = new JwksKeyStore({ jwksUrl: url, maxAgeMs: 50, unknownKidCooldownMs: 60_000 });
    await store.getKey('first');
    server.keys = [first.jwk, next.jwk];
    await new Promise((resolve) => setTimeout(resolve, 80));
    await store.getKey('first'); // answers from cache, refreshes behind
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Within the unknown-kid cooldown, so only the background refresh can have brought it.
    await expect(store.getKey('next')).resolves.toBeTruthy();
    expect(server.requests).toBe(2);
  });

  it('retries a transient failure before giving up', async () => {
    // An endpoint of its own: a background refresh that the previous test's store
    // sent on its way out may reach the shared one after this test starts counting.
    const own = new JwksTestServer();
    const ownUrl = await own.start();
    try {
      const key = await signingKey('k2');
      own.keys = [key.jwk];
      own.failing = true;
      const store = new JwksKeyStore({
        jwksUrl: ownUrl,
        attempts: 3,
        unknownKidCooldownMs: 0,
        timeoutMs: 500,
      });
      await rejection(store.getKey('k2'));
      expect(own.requests).toBe(3);
    } finally {
      await own.stop();
    }
  });
});
