import { AppError, type Principal, requestContext } from '@trivance/shared';
import type { PrismaClient } from '../generated/prisma/client.js';
import { NO_ACTIVE_ORGANIZATION } from '../auth/access.guard.js';

/**
 * How each model is scoped. Every model must be listed: a new model that is
 * not classified fails loudly on first use instead of leaking across tenants.
 */
const MODEL_SCOPE = {
  Organization: 'public',
  MemberProfile: 'tenant',
  ProcessedEvent: 'system',
} as const satisfies Record<string, 'public' | 'tenant' | 'customer' | 'system'>;

type ModelName = keyof typeof MODEL_SCOPE;
type Args = Record<string, unknown> & {
  where?: Record<string, unknown>;
  data?: unknown;
  create?: Record<string, unknown>;
  update?: Record<string, unknown>;
};

const WRITE_DATA_OPERATIONS = new Set(['create', 'createMany', 'createManyAndReturn']);

function withOrganization(args: Args, operation: string, organizationId: string): Args {
  const scoped: Args = { ...args };
  if (WRITE_DATA_OPERATIONS.has(operation)) {
    const data = args.data;
    scoped.data = Array.isArray(data)
      ? data.map((row: Record<string, unknown>) => ({ ...row, organizationId }))
      : { ...(data as Record<string, unknown>), organizationId };
    return scoped;
  }
  // Filter by tenant in the same statement that reads or writes.
  scoped.where = { ...(args.where ?? {}), organizationId };
  if (operation === 'upsert') scoped.create = { ...(args.create ?? {}), organizationId };
  if (args.data && typeof args.data === 'object' && !Array.isArray(args.data)) {
    // Rows never move between organizations.
    const { organizationId: _ignored, ...data } = args.data as Record<string, unknown>;
    scoped.data = data;
  }
  if (args.update) {
    const { organizationId: _ignored, ...update } = args.update;
    scoped.update = update;
  }
  return scoped;
}

/** The statement that sets what row-level security reads, for this transaction only. */
export function scopeSettings(
  client: Pick<PrismaClient, '$executeRaw'>,
  principal: Principal | undefined,
) {
  return client.$executeRaw`SELECT set_config('app.organization_id', ${principal?.organizationId ?? ''}, true), set_config('app.user_id', ${principal?.userId ?? ''}, true), set_config('app.role', ${principal?.role ?? ''}, true)`;
}

/**
 * The one mechanism that scopes every model query to the request's tenant:
 * tenant-owned models get the token's organization in their filter and data,
 * and every query runs in a transaction whose settings row-level security
 * reads (app.organization_id, app.user_id, app.role), so the database
 * enforces the same rule a second time.
 */
export function createScopedClient(base: PrismaClient) {
  return base.$extends({
    name: 'tenant-scope',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args }) {
          const scope = MODEL_SCOPE[model as ModelName];
          if (!scope) throw new AppError('INTERNAL', `Model ${model} has no tenancy scope`);
          if (scope === 'system') {
            throw new AppError('INTERNAL', `${model} is reachable only through system paths`);
          }
          const principal = requestContext.current()?.principal;
          let scopedArgs = args as Args;
          if (scope === 'tenant') {
            const organizationId = principal?.organizationId;
            if (!organizationId) {
              throw new AppError('FORBIDDEN', 'Switch to an organization first', {
                reason: NO_ACTIVE_ORGANIZATION,
              });
            }
            scopedArgs = withOrganization(scopedArgs, operation, organizationId);
          }
          // An interactive transaction: the settings statement, then the operation
          // itself on the same connection. (Cheaper than a batch transaction,
          // whose plan Prisma compiles anew for every call.)
          const delegate = model.charAt(0).toLowerCase() + model.slice(1);
          return base.$transaction(async (tx) => {
            await scopeSettings(tx, principal);
            const target = (
              tx as unknown as Record<string, Record<string, (a: unknown) => unknown>>
            )[delegate]![operation]!;
            return target(scopedArgs);
          });
        },
      },
    },
  });
}

export type ScopedClient = ReturnType<typeof createScopedClient>;
