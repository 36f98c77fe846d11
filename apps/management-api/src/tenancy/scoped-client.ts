import { requestContext } from '@trivance/shared';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { type QueryArgs, scopeArgs, scopePublicArgs } from './scope-args.js';
import { rawTransaction, type UnitOfWork } from './unit-of-work.js';

type Delegates = Record<string, Record<string, (args: unknown) => Promise<unknown>>>;

/**
 * The one mechanism that scopes every model query to the caller: the scope
 * rule rewrites the query's filter and data (scope-args.ts), and the query
 * runs in the caller's unit of work (or one of its own), whose settings
 * row-level security reads, so the database enforces the same rule again.
 */
export function createScopedClient(base: PrismaClient, units: UnitOfWork) {
  return base.$extends({
    name: 'tenant-scope',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args }) {
          const scoped = scopeArgs(
            model,
            operation,
            args as QueryArgs,
            requestContext.current()?.principal,
          );
          const delegate = model.charAt(0).toLowerCase() + model.slice(1);
          return units.run((unit) =>
            (rawTransaction(unit) as unknown as Delegates)[delegate]![operation]!(scoped),
          );
        },
      },
    },
  });
}

/**
 * Reads of what anyone may see (published events, their ticket types and
 * seats, organizations' public profiles), the same for every caller.
 */
export function createPublicClient(base: PrismaClient, units: UnitOfWork) {
  return base.$extends({
    name: 'public-reads',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args }) {
          const scoped = scopePublicArgs(
            model,
            operation,
            args as QueryArgs,
            requestContext.current()?.principal,
          );
          const delegate = model.charAt(0).toLowerCase() + model.slice(1);
          return units.run((unit) =>
            (rawTransaction(unit) as unknown as Delegates)[delegate]![operation]!(scoped),
          );
        },
      },
    },
  });
}

type ModelDelegateName = Uncapitalize<Prisma.ModelName>;

/** Model delegates only: raw SQL and transactions go through the unit of work. */
export type ScopedClient = Pick<ReturnType<typeof createScopedClient>, ModelDelegateName>;
export type PublicClient = Pick<ReturnType<typeof createPublicClient>, ModelDelegateName>;
