import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '@trivance/shared';
import { SessionsRepository } from '../sessions/sessions.repository.js';
import { AccessTokensService, TokenRejected } from '../tokens/access-tokens.service.js';
import type { AuthenticatedRequest } from './auth-context.js';
import { SERVICE_ONLY } from './decorators.js';
import { IS_PUBLIC } from './public.decorator.js';

function bearerToken(request: AuthenticatedRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
  return match?.[1];
}

/**
 * Deny by default: every route needs a valid user access token unless it is
 * @Public(); @ServiceOnly() routes need a service token instead (a user token
 * there is 403). User tokens are also refused once their session is revoked.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokensService,
    private readonly sessions: SessionsRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request);
    if (!token) throw new AppError('UNAUTHENTICATED', 'A bearer token is required');

    if (this.reflector.getAllAndOverride<boolean>(SERVICE_ONLY, targets)) {
      try {
        const service = await this.tokens.verifyServiceToken(token);
        request.auth = { kind: 'service', clientId: service.clientId };
        return true;
      } catch (error) {
        if (error instanceof TokenRejected && error.wrongAudience) {
          throw new AppError('FORBIDDEN', 'This endpoint accepts only service tokens');
        }
        throw new AppError('UNAUTHENTICATED', 'A valid service token is required');
      }
    }

    let claims;
    try {
      claims = await this.tokens.verifyAccessToken(token);
    } catch {
      throw new AppError('UNAUTHENTICATED', 'The access token is invalid or expired');
    }
    const active = await this.sessions.findActive(claims.sid, claims.sub, new Date());
    if (!active) throw new AppError('UNAUTHENTICATED', 'The session has ended');
    request.auth = {
      kind: 'user',
      userId: claims.sub,
      sessionId: claims.sid,
      organizationId: claims.org,
      role: claims.role,
      emailVerified: claims.email_verified,
      aal: claims.aal,
      authTime: new Date(claims.auth_time * 1000),
    };
    return true;
  }
}
