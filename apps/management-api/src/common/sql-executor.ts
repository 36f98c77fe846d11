import { Prisma } from '../generated/prisma/client.js';

/** Whatever runs raw SQL in a transaction: a unit of work, or a system path's transaction. */
export interface SqlExecutor {
  execute(sql: Prisma.Sql): Promise<number>;
  query<T>(sql: Prisma.Sql): Promise<T[]>;
  /**
   * Runs statements that may be refused (a check constraint, say) inside a
   * savepoint: if they fail, only they are undone and the transaction goes
   * on, where PostgreSQL would otherwise refuse every later statement.
   */
  attempt<T>(work: () => Promise<T>): Promise<T>;
}

let savepoints = 0;

/** `attempt` for anything that runs raw statements. */
export async function withSavepoint<T>(
  execute: (sql: Prisma.Sql) => Promise<number>,
  work: () => Promise<T>,
): Promise<T> {
  const name = Prisma.raw(`attempt_${++savepoints}`);
  await execute(Prisma.sql`SAVEPOINT ${name}`);
  try {
    const result = await work();
    await execute(Prisma.sql`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await execute(Prisma.sql`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}

/** A system path's transaction as an executor. */
export function executorOf(tx: {
  $executeRaw(sql: Prisma.Sql): Promise<number>;
  $queryRaw<T>(sql: Prisma.Sql): Promise<T>;
}): SqlExecutor {
  const execute = (sql: Prisma.Sql) => tx.$executeRaw(sql);
  return {
    execute,
    query: <T>(sql: Prisma.Sql) => tx.$queryRaw<T[]>(sql),
    attempt: (work) => withSavepoint(execute, work),
  };
}

/**
 * Several data-changing statements as one (data-modifying WITH clauses): one
 * round trip instead of one each, all or nothing like any statement. `last`
 * (a SELECT) is the statement's own result.
 */
export function combined(
  statements: Prisma.Sql[],
  last: Prisma.Sql = Prisma.sql`SELECT 1`,
): Prisma.Sql {
  if (statements.length === 0) return last;
  const parts = statements.map(
    (statement, index) => Prisma.sql`${Prisma.raw(`step_${index}`)} AS (${statement})`,
  );
  return Prisma.sql`WITH ${Prisma.join(parts)} ${last}`;
}
