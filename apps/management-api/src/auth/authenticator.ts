import { Injectable } from '@nestjs/common';
import { AccessTokenVerifier, AppError, type Principal, requestContext } from '@trivance/shared';
import type { FastifyRequest } from 'fastify';

const BEARER = /^Bearer ([\w.-]+)$/i;

/**
 * Turns a request's bearer token into the principal, once per request: the
 * result is kept in the request context, where everything downstream reads it.
 */
@Injectable()
export class Authenticator {
  constructor(private readonly verifier: AccessTokenVerifier) {}

  /** The caller; UNAUTHENTICATED when the token is missing or not valid. */
  async authenticate(request: FastifyRequest): Promise<Principal> {
    const context = requestContext.require();
    if (context.principal) return context.principal;
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match?.[1]) throw new AppError('UNAUTHENTICATED');
    context.principal = await this.verifier.verify(match[1]);
    return context.principal;
  }

  /**
   * The caller when the request carries a token (UNAUTHENTICATED if it is not
   * valid, even for public operations: a client sends a token it means), or
   * undefined for an anonymous request.
   */
  async identify(request: FastifyRequest): Promise<Principal | undefined> {
    if (!request.headers.authorization) return undefined;
    return this.authenticate(request);
  }
}
