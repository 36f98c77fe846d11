import { Inject, Injectable } from '@nestjs/common';
import { AppError, type AssuranceLevel } from '@trivance/shared';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { SigningKeysService } from '../keys/signing-keys.service.js';
import type { TokenRole } from '../memberships/roles.js';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  SERVICE_TOKEN_AUDIENCE,
  SERVICE_TOKEN_TTL_SECONDS,
} from './token-lifetimes.js';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  org?: string;
  role?: TokenRole;
  email_verified: boolean;
  /** aal1 after a password, aal2 after a second factor. */
  aal: AssuranceLevel;
  /** RFC 8176 authentication methods. */
  amr: string[];
  /** Epoch seconds of the last factor the session proved. */
  auth_time: number;
  /** The active organization requires a second factor of its staff. */
  org_mfa_required?: boolean;
}

export interface VerifiedAccessToken extends AccessTokenClaims {
  jti: string;
  exp: number;
}

export interface VerifiedServiceToken {
  clientId: string;
  jti: string;
}

/** Why a token was refused; UNAUTHENTICATED unless it is a valid token for another audience. */
export class TokenRejected extends Error {
  constructor(readonly wrongAudience = false) {
    super('token rejected');
  }
}

@Injectable()
export class AccessTokensService {
  constructor(
    private readonly keys: SigningKeysService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** Signs a 15-minute access token (EdDSA, kid in the header). */
  async signAccessToken(claims: AccessTokenClaims): Promise<string> {
    const { kid, privateKey } = await this.keys.signingKey();
    const payload: JWTPayload = {
      sid: claims.sid,
      email_verified: claims.email_verified,
      aal: claims.aal,
      amr: claims.amr,
      auth_time: claims.auth_time,
    };
    if (claims.org) payload.org = claims.org;
    if (claims.role) payload.role = claims.role;
    if (claims.org_mfa_required) payload.org_mfa_required = true;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
      .setSubject(claims.sub)
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(this.config.JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
      .setJti(randomUUID())
      .sign(privateKey);
  }

  /** Signs a 5-minute service token for /internal/v1 (audience auth-internal). */
  async signServiceToken(clientId: string): Promise<string> {
    const { kid, privateKey } = await this.keys.signingKey();
    return new SignJWT({ client_id: clientId })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
      .setSubject(clientId)
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(SERVICE_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${SERVICE_TOKEN_TTL_SECONDS}s`)
      .setJti(randomUUID())
      .sign(privateKey);
  }

  /** Verifies a user access token: EdDSA only, known kid, issuer, audience, expiry. */
  async verifyAccessToken(token: string): Promise<VerifiedAccessToken> {
    const payload = await this.verify(token, this.config.JWT_AUDIENCE);
    if (typeof payload.sid !== 'string' || typeof payload.sub !== 'string') {
      throw new TokenRejected();
    }
    return {
      sub: payload.sub,
      sid: payload.sid,
      org: typeof payload.org === 'string' ? payload.org : undefined,
      role: typeof payload.role === 'string' ? (payload.role as TokenRole) : undefined,
      email_verified: payload.email_verified === true,
      aal: payload.aal === 'aal2' ? 'aal2' : 'aal1',
      amr: Array.isArray(payload.amr) ? payload.amr.map(String) : [],
      auth_time: typeof payload.auth_time === 'number' ? payload.auth_time : Number(payload.iat),
      org_mfa_required: payload.org_mfa_required === true,
      jti: String(payload.jti),
      exp: Number(payload.exp),
    };
  }

  /** Verifies a service token (audience auth-internal). */
  async verifyServiceToken(token: string): Promise<VerifiedServiceToken> {
    const payload = await this.verify(token, SERVICE_TOKEN_AUDIENCE);
    if (typeof payload.client_id !== 'string') throw new TokenRejected();
    return { clientId: payload.client_id, jti: String(payload.jti) };
  }

  private async verify(token: string, audience: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          if (header.alg !== 'EdDSA' || typeof header.kid !== 'string') throw new TokenRejected();
          const key = await this.keys.publicKey(header.kid);
          if (!key) throw new TokenRejected();
          return key;
        },
        {
          algorithms: ['EdDSA'],
          issuer: this.config.JWT_ISSUER,
          audience,
          requiredClaims: ['sub', 'exp', 'iat', 'jti'],
        },
      );
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') {
        throw new TokenRejected(true);
      }
      if (error instanceof TokenRejected) throw error;
      throw new TokenRejected();
    }
  }
}

/** Maps a refused bearer token to the contract's error. */
export function unauthenticated(): AppError {
  return new AppError('UNAUTHENTICATED', 'A valid bearer token is required');
}
