import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AppError, isSuperAdmin } from '@trivance/shared';
import type { FastifyRequest } from 'fastify';
import { ACCESS_RULE, type AccessRule } from './access.decorators.js';
import { Authenticator } from './authenticator.js';
import { assertSecondFactorRules } from './second-factor-rules.js';
import { STEP_UP, type StepUpRule } from './step-up.decorator.js';

export const NO_ACTIVE_ORGANIZATION = 'NO_ACTIVE_ORGANIZATION';

/**
 * Deny by default: a handler without an access rule is refused, so a new
 * resolver cannot ship open by accident. The principal comes only from a
 * verified bearer token and is stored in the request context. Once the role
 * rule passes, the second-factor rules apply (second-factor-rules.ts).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, targets);
    if (!rule) throw new AppError('FORBIDDEN', 'This operation declares no access rule');
    if (rule.kind === 'public') return true;

    const principal = await this.authenticator.authenticate(requestOf(context));
    if (rule.kind === 'authenticated') return true;
    if (rule.kind === 'platform') {
      if (!isSuperAdmin(principal)) throw new AppError('FORBIDDEN');
    } else {
      if (!principal.organizationId) {
        throw new AppError('FORBIDDEN', 'Switch to an organization first', {
          reason: NO_ACTIVE_ORGANIZATION,
        });
      }
      const hasRole =
        isSuperAdmin(principal) ||
        (principal.role !== undefined && (rule.roles as string[]).includes(principal.role));
      if (!hasRole) throw new AppError('FORBIDDEN');
    }
    const stepUp = this.reflector.getAllAndOverride<StepUpRule | undefined>(STEP_UP, targets);
    assertSecondFactorRules(principal, rule, stepUp, argsOf(context));
    return true;
  }
}

/** The operation's arguments (GraphQL), for step-up conditions such as `input.role`. */
function argsOf(context: ExecutionContext): Record<string, unknown> {
  if (context.getType<string>() !== 'graphql') return {};
  return GqlExecutionContext.create(context).getArgs<Record<string, unknown>>() ?? {};
}

function requestOf(context: ExecutionContext): FastifyRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ request: FastifyRequest }>().request;
  }
  return context.switchToHttp().getRequest<FastifyRequest>();
}
