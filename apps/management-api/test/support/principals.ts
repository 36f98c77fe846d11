import { type Principal, requestContext, type TokenRole } from '@trivance/shared';
import { randomUUID } from 'node:crypto';

export const accountId = () => randomUUID().replaceAll('-', '').slice(0, 24);

/** A principal as the access guard would set it from a verified token. */
export function principal(
  overrides: { organizationId?: string; role?: TokenRole; userId?: string } = {},
): Principal {
  return {
    userId: overrides.userId ?? accountId(),
    sessionId: randomUUID(),
    organizationId: overrides.organizationId,
    role: overrides.role,
    emailVerified: true,
    aal: 'aal1',
    amr: ['pwd'],
    authTime: new Date(),
    organizationRequiresMfa: false,
    tokenId: randomUUID(),
    issuedAt: new Date(),
    expiresAt: new Date(Date.now() + 15 * 60_000),
  };
}

/**
 * Runs in-process application code as if inside a request made by `caller`.
 * The work is awaited inside the context: Prisma's queries are lazy and start
 * only when awaited, so awaiting them outside would lose the caller.
 */
export function actingAs<T>(caller: Principal | undefined, work: () => Promise<T>): Promise<T> {
  return requestContext.run(
    { requestId: randomUUID(), principal: caller },
    async () => await work(),
  );
}
