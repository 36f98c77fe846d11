import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaService } from '../database/prisma.service.js';
import {
  openTransaction,
  type TransactionConnection,
} from '../database/transaction-connections.js';
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import { withSavepoint } from '../common/sql-executor.js';
import { applySettings, settingsFor } from './database-settings.js';

export type TransactionClient = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
export type IsolationLevel = 'ReadCommitted' | 'RepeatableRead' | 'Serializable';

export interface UnitOfWorkOptions {
  /** READ COMMITTED unless the use case needs more. */
  isolationLevel?: IsolationLevel;
  /** How long the transaction may stay open (default 15 s). */
  timeoutMs?: number;
}

/**
 * One use case's transaction, as feature code sees it: raw SQL and locks run
 * on the unit's connection, under its settings and row-level security. Model
 * queries through `TenantDatabase.client` join the unit on their own.
 *
 * Raw SQL goes straight to the transaction's connection (pg), not through
 * Prisma's query pipeline: several times less work per statement, and the
 * hot paths (ordering, check-in) are mostly raw statements.
 */
export class UnitTransaction {
  readonly #tx: TransactionClient;
  readonly #connection: TransactionConnection;

  constructor(tx: TransactionClient, connection: TransactionConnection) {
    this.#tx = tx;
    this.#connection = connection;
  }

  /** The unscoped transaction, for the tenancy module's own use (see rawTransaction). */
  static raw(unit: UnitTransaction): TransactionClient {
    return unit.#tx;
  }

  /** A raw query (Prisma.sql), e.g. `SELECT ... FOR UPDATE`. */
  async query<T>(sql: Prisma.Sql): Promise<T[]> {
    return (await this.#connection.query<T>(sql.text, sql.values)).rows;
  }

  /** A raw statement (Prisma.sql); the number of rows it touched. */
  async execute(sql: Prisma.Sql): Promise<number> {
    return (await this.#connection.query(sql.text, sql.values)).rowCount;
  }

  /** Statements that may be refused, in a savepoint, so the unit can go on if they are. */
  attempt<T>(work: () => Promise<T>): Promise<T> {
    return withSavepoint((sql) => this.execute(sql), work);
  }

  /**
   * Waits for and holds a transaction-level advisory lock on (namespace, key)
   * until the unit ends: use cases that must not interleave on one thing
   * (one event's seats, one recurring gift) take the same lock.
   */
  async lock(namespace: string, key: string): Promise<void> {
    await this.execute(
      Prisma.sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${namespace}:${key}`}, 0))`,
    );
  }
}

/**
 * The unit's transaction without the scope rule: only the tenancy module may
 * use it (a lint rule keeps it there), to run the scoped client's queries.
 */
export const rawTransaction = (unit: UnitTransaction): TransactionClient =>
  UnitTransaction.raw(unit);

interface ActiveUnit {
  handle: UnitTransaction;
  isolationLevel: IsolationLevel;
  open: boolean;
}

const activeUnit = new AsyncLocalStorage<ActiveUnit>();

function current(): ActiveUnit | undefined {
  const unit = activeUnit.getStore();
  return unit?.open ? unit : undefined;
}

/**
 * Runs a use case in one scoped transaction: the request's settings are set
 * once, every statement runs on that one connection, and a unit opened inside
 * another (or a model query made inside one) joins it instead of taking a
 * second connection.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly prisma: PrismaService) {}

  /** True when called inside a unit of work. */
  get active(): boolean {
    return current() !== undefined;
  }

  run<T>(work: (unit: UnitTransaction) => Promise<T>, options: UnitOfWorkOptions = {}): Promise<T> {
    const outer = current();
    if (outer) {
      if (options.isolationLevel && options.isolationLevel !== outer.isolationLevel) {
        throw new AppError(
          'INTERNAL',
          `A ${options.isolationLevel} unit cannot join a ${outer.isolationLevel} one`,
        );
      }
      return work(outer.handle);
    }
    const isolationLevel = options.isolationLevel ?? 'ReadCommitted';
    const principal = requestContext.current()?.principal;
    return openTransaction((connection) =>
      this.prisma.$transaction(
        async (tx) => {
          const unit: ActiveUnit = {
            handle: new UnitTransaction(tx, connection()),
            isolationLevel,
            open: true,
          };
          await unit.handle.execute(applySettings(settingsFor(principal)));
          try {
            return await activeUnit.run(unit, () => work(unit.handle));
          } finally {
            // Work started inside but still running after the end must not reuse a closed transaction.
            unit.open = false;
          }
        },
        // Under a burst, units queue for a connection rather than fail. READ
        // COMMITTED is PostgreSQL's default: asking for it costs a round trip.
        {
          ...(isolationLevel === 'ReadCommitted' ? {} : { isolationLevel }),
          timeout: options.timeoutMs ?? 15_000,
          maxWait: 10_000,
        },
      ),
    );
  }
}
