import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { AppError, JwksKeyStore } from '@trivance/shared';
import type { FastifyRequest } from 'fastify';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';

/** The audience of service tokens for the Management API's `/internal/v1` routes. */
export const MANAGEMENT_INTERNAL_AUDIENCE = 'management-internal';
/** The subject the Auth Service signs its own service tokens with. */
export const AUTH_SERVICE_SUBJECT = 'auth-service';

const BEARER = /^Bearer ([\w.-]+)$/i;

export interface InternalCaller {
  service: string;
}

export type InternalRequest = FastifyRequest & { internalCaller?: InternalCaller };

/**
 * `/internal/v1` accepts only service tokens the Auth Service signed for
 * this API: EdDSA with a key of its JWKS (the one user tokens are verified
 * with), its issuer, audience `management-internal` and subject
 * `auth-service`. A valid token of another audience (an end user's access
 * token, a service token for the Auth Service) is 403; anything else 401.
 */
@Injectable()
export class InternalServiceTokenGuard implements CanActivate {
  constructor(
    private readonly keys: JwksKeyStore,
    @InjectConfig() private readonly config: ManagementConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<InternalRequest>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (!token) throw new AppError('UNAUTHENTICATED', 'A service token is required');
    let kid: string;
    try {
      const protectedHeader = decodeProtectedHeader(token);
      if (protectedHeader.alg !== 'EdDSA' || typeof protectedHeader.kid !== 'string') {
        throw new Error('bad header');
      }
      kid = protectedHeader.kid;
    } catch (error) {
      throw new AppError('UNAUTHENTICATED', 'A valid service token is required', { cause: error });
    }
    const key = await this.keys.getKey(kid);
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['EdDSA'],
        issuer: this.config.JWT_ISSUER,
        audience: MANAGEMENT_INTERNAL_AUDIENCE,
        subject: AUTH_SERVICE_SUBJECT,
        clockTolerance: 5,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      });
      request.internalCaller = { service: String(payload.sub) };
      return true;
    } catch (error) {
      if (
        error instanceof joseErrors.JWTClaimValidationFailed &&
        (error.claim === 'aud' || error.claim === 'sub')
      ) {
        throw new AppError('FORBIDDEN', 'This endpoint accepts only the Auth Service', {
          cause: error,
        });
      }
      throw new AppError('UNAUTHENTICATED', 'A valid service token is required', { cause: error });
    }
  }
}
