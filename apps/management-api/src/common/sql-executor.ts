import type { Prisma } from '../generated/prisma/client.js';

/** Whatever runs raw SQL in a transaction: a unit of work, or a system path's transaction. */
export interface SqlExecutor {
  execute(sql: Prisma.Sql): Promise<number>;
  query<T>(sql: Prisma.Sql): Promise<T[]>;
}

/** A system path's transaction as an executor. */
export function executorOf(tx: {
  $executeRaw(sql: Prisma.Sql): Promise<number>;
  $queryRaw<T>(sql: Prisma.Sql): Promise<T>;
}): SqlExecutor {
  return {
    execute: (sql) => tx.$executeRaw(sql),
    query: <T>(sql: Prisma.Sql) => tx.$queryRaw<T[]>(sql),
  };
}
