// A stand-in for the Auth Service during benchmarks: an Ed25519 key published
// at /.well-known/jwks.json on loopback, mint() to sign access tokens with it
// shaped like the Auth Service's, and the two internal answers the Management
// API asks for while ordering (a service token, an account by id).
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export const BENCH_ISSUER = 'bench-issuer';
export const BENCH_AUDIENCE = 'trivance-api';

/** Starts the issuer; resolves to { url, mint(claims), close() }. */
export async function startJwksIssuer({ issuer = BENCH_ISSUER, audience = BENCH_AUDIENCE } = {}) {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', {
    crv: 'Ed25519',
    extractable: true,
  });
  const kid = `bench-${randomBytes(6).toString('hex')}`;
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }],
  });
  const server = createServer((req, res) => {
    const account = /^\/internal\/v1\/users\/([0-9a-f]{24})$/.exec(req.url ?? '');
    if (req.method === 'GET' && req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
      res.end(jwks);
    } else if (req.method === 'POST' && req.url === '/v1/auth/service-token') {
      // The Management API's service credentials, accepted as they are: this is a bench stand-in.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accessToken: 'bench-service-token', expiresIn: 300 }));
    } else if (req.method === 'GET' && account) {
      const id = account[1];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          email: `buyer-${id}@bench.test`,
          name: `Buyer ${id.slice(-6)}`,
          emailVerified: true,
          platformRole: null,
          createdAt: new Date(0).toISOString(),
        }),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;

  /** An access token: 15 minutes, admin of `org` unless the claims say otherwise. */
  async function mint(claims = {}) {
    const { sub = randomBytes(12).toString('hex'), ...rest } = claims;
    return new SignJWT({
      sid: randomUUID(),
      role: 'admin',
      email_verified: true,
      ...rest,
    })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('15m')
      .setJti(randomUUID())
      .sign(privateKey);
  }

  return {
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    issuer,
    audience,
    mint,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
