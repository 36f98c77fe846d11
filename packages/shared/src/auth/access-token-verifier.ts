import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { AppError } from '../errors/app-error.js';
import type { JwksKeyStore } from './jwks-key-store.js';
import { type Principal, TOKEN_ROLES, type TokenRole } from './principal.js';

export interface AccessTokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Tolerated clock difference between services. */
  clockToleranceSeconds?: number;
  /** Verified tokens remembered until they expire (a client reuses its token). */
  cacheSize?: number;
}

const DEFAULT_CACHE_SIZE = 10_000;

const OBJECT_ID = /^[0-9a-f]{24}$/;

/**
 * Verifies an access token locally: EdDSA only (never `none` or HMAC), a
 * known `kid`, issuer, audience and expiry, and well-formed claims. Any
 * failure is UNAUTHENTICATED with no detail an attacker could use.
 */
export class AccessTokenVerifier {
  /** Token -> principal, oldest first; entries leave when they expire or the map is full. */
  private readonly verified = new Map<string, Principal>();

  constructor(
    private readonly keys: JwksKeyStore,
    private readonly options: AccessTokenVerifierOptions,
  ) {}

  async verify(token: string): Promise<Principal> {
    const remembered = this.verified.get(token);
    if (remembered) {
      if (remembered.expiresAt.getTime() > Date.now()) return remembered;
      this.verified.delete(token);
    }
    const principal = await this.verifyAfresh(token);
    if (this.verified.size >= (this.options.cacheSize ?? DEFAULT_CACHE_SIZE)) {
      this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(token, principal);
    return principal;
  }

  private async verifyAfresh(token: string): Promise<Principal> {
    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== 'EdDSA' || typeof header.kid !== 'string') throw new Error('bad header');
      kid = header.kid;
    } catch (error) {
      throw new AppError('UNAUTHENTICATED', 'Invalid access token', { cause: error });
    }
    const key = await this.keys.getKey(kid);
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['EdDSA'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
        requiredClaims: ['sub', 'sid', 'exp', 'iat', 'jti'],
      });
      return toPrincipal(payload);
    } catch (error) {
      const expired = error instanceof joseErrors.JWTExpired;
      throw new AppError(
        'UNAUTHENTICATED',
        expired ? 'Access token expired' : 'Invalid access token',
        { cause: error },
      );
    }
  }
}

function toPrincipal(payload: Record<string, unknown>): Principal {
  const { sub, sid, org, role, email_verified: emailVerified, jti, exp } = payload;
  if (typeof sub !== 'string' || !OBJECT_ID.test(sub)) throw new Error('bad sub');
  if (typeof sid !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') {
    throw new Error('bad claims');
  }
  if (org !== undefined && typeof org !== 'string') throw new Error('bad org');
  if (role !== undefined && !TOKEN_ROLES.includes(role as TokenRole)) throw new Error('bad role');
  return {
    userId: sub,
    sessionId: sid,
    organizationId: org,
    role: role as TokenRole | undefined,
    emailVerified: emailVerified === true,
    tokenId: jti,
    expiresAt: new Date(exp * 1000),
  };
}
