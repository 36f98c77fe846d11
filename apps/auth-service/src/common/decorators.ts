import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type {
  AuthenticatedRequest,
  ClientInfo,
  ServiceAuthContext,
  UserAuthContext,
} from './auth-context.js';

export const SERVICE_ONLY = 'auth:serviceOnly';

/** The route accepts only service tokens (audience auth-internal); user tokens get 403. */
export const ServiceOnly = () => SetMetadata(SERVICE_ONLY, true);

/** The signed-in user; throws if the guard did not authenticate one. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): UserAuthContext => {
    const auth = ctx.switchToHttp().getRequest<AuthenticatedRequest>().auth;
    if (auth?.kind !== 'user') throw new AppError('UNAUTHENTICATED');
    return auth;
  },
);

/** The calling service; throws if the guard did not authenticate one. */
export const CurrentService = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): ServiceAuthContext => {
    const auth = ctx.switchToHttp().getRequest<AuthenticatedRequest>().auth;
    if (auth?.kind !== 'service') throw new AppError('UNAUTHENTICATED');
    return auth;
  },
);

/** Client IP (X-Forwarded-For only through TRUST_PROXY) and user agent. */
export const Client = createParamDecorator((_data: unknown, ctx: ExecutionContext): ClientInfo => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  const agent = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: (typeof agent === 'string' ? agent : '').slice(0, 256),
  };
});
