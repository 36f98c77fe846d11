import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { AppError } from '../errors/app-error.js';
import type { JwksKeyStore } from './jwks-key-store.js';
import {
  ASSURANCE_LEVELS,
  type AssuranceLevel,
  type Principal,
  TOKEN_ROLES,
  type TokenRole,
} from './principal.js';
import type { RevocationCheck } from './revocation-list.js';

export interface AccessTokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Tolerated clock difference between services. */
  clockToleranceSeconds?: number;
  /** Verified tokens remembered until they expire (a client reuses its token). */
  cacheSize?: number;
  /**
   * Consulted on every request, remembered tokens included: ended sessions,
   * disabled accounts and withdrawn keys stop a token before it expires.
   */
  revocations?: RevocationCheck;
}

const DEFAULT_CACHE_SIZE = 10_000;

const OBJECT_ID = /^[0-9a-f]{24}$/;
/** Organization ids are the Management API's UUIDs. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AMR_VALUE = /^[a-z_]{1,32}$/;

interface Remembered {
  principal: Principal;
  kid: string;
}

/**
 * Verifies an access token locally: EdDSA only (never `none` or HMAC), a
 * known `kid`, issuer, audience and expiry, and well-formed claims. Any
 * failure is UNAUTHENTICATED with no detail an attacker could use.
 */
export class AccessTokenVerifier {
  /** Token -> principal, oldest first; entries leave when they expire or the map is full. */
  private readonly verified = new Map<string, Remembered>();

  constructor(
    private readonly keys: JwksKeyStore,
    private readonly options: AccessTokenVerifierOptions,
  ) {}

  async verify(token: string): Promise<Principal> {
    const principal = await this.verifiedPrincipal(token);
    this.options.revocations?.assertActive(principal);
    return principal;
  }

  private async verifiedPrincipal(token: string): Promise<Principal> {
    const remembered = this.verified.get(token);
    if (remembered) {
      // A remembered token is only as good as its key: one the JWKS dropped
      // or the Auth Service revoked no longer vouches for it.
      if (
        remembered.principal.expiresAt.getTime() > Date.now() &&
        this.keys.holds(remembered.kid)
      ) {
        return remembered.principal;
      }
      this.verified.delete(token);
    }
    const { principal, kid } = await this.verifyAfresh(token);
    if (this.verified.size >= (this.options.cacheSize ?? DEFAULT_CACHE_SIZE)) {
      this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(token, { principal, kid });
    return principal;
  }

  private async verifyAfresh(token: string): Promise<Remembered> {
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
      return { principal: toPrincipal(payload), kid };
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
  const { sub, sid, org, role, email_verified: emailVerified, jti, exp, iat } = payload;
  if (typeof sub !== 'string' || !OBJECT_ID.test(sub)) throw new Error('bad sub');
  if (typeof sid !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') {
    throw new Error('bad claims');
  }
  if (typeof iat !== 'number') throw new Error('bad iat');
  // An organization id is a UUID; anything else never reaches a query.
  if (org !== undefined && (typeof org !== 'string' || !UUID.test(org))) {
    throw new Error('bad org');
  }
  if (role !== undefined && !TOKEN_ROLES.includes(role as TokenRole)) throw new Error('bad role');
  const { aal, amr, auth_time: authTime, org_mfa_required: orgMfa } = payload;
  if (aal !== undefined && !ASSURANCE_LEVELS.includes(aal as AssuranceLevel)) {
    throw new Error('bad aal');
  }
  if (
    amr !== undefined &&
    (!Array.isArray(amr) ||
      amr.some((value) => typeof value !== 'string' || !AMR_VALUE.test(value)))
  ) {
    throw new Error('bad amr');
  }
  if (authTime !== undefined && typeof authTime !== 'number') throw new Error('bad auth_time');
  return {
    userId: sub,
    sessionId: sid,
    organizationId: org,
    role: role as TokenRole | undefined,
    emailVerified: emailVerified === true,
    aal: (aal as AssuranceLevel | undefined) ?? 'aal1',
    amr: (amr as string[] | undefined) ?? [],
    authTime: new Date(((authTime as number | undefined) ?? iat) * 1000),
    organizationRequiresMfa: orgMfa === true,
    tokenId: jti,
    issuedAt: new Date(iat * 1000),
    expiresAt: new Date(exp * 1000),
  };
}
