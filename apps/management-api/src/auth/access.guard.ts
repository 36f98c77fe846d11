import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AppError, isSuperAdmin } from '@trivance/shared';
import type { FastifyRequest } from 'fastify';
import { ACCESS_RULE, type AccessRule } from './access.decorators.js';
import { Authenticator } from './authenticator.js';

export const NO_ACTIVE_ORGANIZATION = 'NO_ACTIVE_ORGANIZATION';

/**
 * Deny by default: a handler without an access rule is refused, so a new
 * resolver cannot ship open by accident. The principal comes only from a
 * verified bearer token and is stored in the request context.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw new AppError('FORBIDDEN', 'This operation declares no access rule');
    if (rule.kind === 'public') return true;

    const principal = await this.authenticator.authenticate(requestOf(context));
    if (rule.kind === 'authenticated') return true;
    if (rule.kind === 'platform') {
      if (isSuperAdmin(principal)) return true;
      throw new AppError('FORBIDDEN');
    }
    if (!principal.organizationId) {
      throw new AppError('FORBIDDEN', 'Switch to an organization first', {
        reason: NO_ACTIVE_ORGANIZATION,
      });
    }
    if (isSuperAdmin(principal)) return true;
    if (principal.role && (rule.roles as string[]).includes(principal.role)) return true;
    throw new AppError('FORBIDDEN');
  }
}

function requestOf(context: ExecutionContext): FastifyRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ request: FastifyRequest }>().request;
  }
  return context.switchToHttp().getRequest<FastifyRequest>();
}
