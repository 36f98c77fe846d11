import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { DatabaseRefusal } from '../common/prisma-errors.js';

interface Capture {
  /** Still waiting for the transaction's connection. */
  waiting: boolean;
  client?: pg.PoolClient;
  /** The connection went back to the pool: its transaction is over. */
  released: boolean;
}

const captures = new AsyncLocalStorage<Capture>();

const BIGINT: number = pg.types.builtins.INT8;
const BIGINT_ARRAY = 1016;
const parseBigIntArray = pg.types.getTypeParser(BIGINT_ARRAY as never) as (
  value: string,
) => string[];

/**
 * Results read as Prisma's `$queryRaw` reads them, so raw SQL means the same
 * whichever path runs it: 64-bit integers (money in minor units, counts) are
 * bigint, never strings or rounded numbers.
 */
const RESULT_TYPES = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === BIGINT) return (value: string) => BigInt(value);
    if (oid === BIGINT_ARRAY)
      return (value: string) => parseBigIntArray(value).map((item) => BigInt(item));
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/** Dates as UTC instants, whatever the process's time zone; arrays item by item. */
function parameter(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(parameter);
  return value;
}

interface PgError {
  code?: unknown;
  constraint?: unknown;
  severity?: unknown;
  message: string;
}

function isPgError(error: unknown): error is PgError {
  return (
    error instanceof Error &&
    typeof (error as PgError).code === 'string' &&
    typeof (error as PgError).severity === 'string'
  );
}

/**
 * The connection one Prisma interactive transaction runs on. Raw SQL of a
 * unit of work runs straight on it through pg: the same transaction, settings
 * and locks as the unit's model queries, without Prisma's per-query work. It
 * refuses to run once the transaction has ended (committed, rolled back or
 * timed out), when the connection may already serve someone else.
 */
export class TransactionConnection {
  readonly #client: pg.PoolClient;
  readonly #capture: Capture;

  constructor(client: pg.PoolClient, capture: Capture) {
    this.#client = client;
    this.#capture = capture;
  }

  get open(): boolean {
    return !this.#capture.released;
  }

  async query<T>(
    text: string,
    values: readonly unknown[],
  ): Promise<{ rows: T[]; rowCount: number }> {
    if (!this.open) throw new Error('This transaction has already ended');
    try {
      const result = await this.#client.query({
        text,
        values: values.map(parameter),
        types: RESULT_TYPES,
      });
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      if (isPgError(error)) {
        throw new DatabaseRefusal(
          error.code as string,
          typeof error.constraint === 'string' ? error.constraint : undefined,
          error.message,
        );
      }
      throw error;
    }
  }
}

/**
 * The application's connection pool (what Prisma's driver adapter runs on).
 * A transaction Prisma opens inside `openTransaction` hands its connection to
 * the opener, and the connection's release marks that transaction ended.
 */
export class ApplicationPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (
      error: Error | undefined,
      client: pg.PoolClient | undefined,
      done: () => void,
    ) => void,
  ): void;
  override connect(
    callback?: (
      error: Error | undefined,
      client: pg.PoolClient | undefined,
      done: () => void,
    ) => void,
  ): Promise<pg.PoolClient> | void {
    // Prisma's adapter opens a transaction with the promise form; single
    // queries go through pool.query, which uses the callback form.
    if (callback) return super.connect(callback);
    const capture = captures.getStore();
    if (!capture?.waiting || capture.client) return super.connect();
    return super.connect().then((client) => {
      capture.client = client;
      const release = client.release.bind(client);
      client.release = (error?: Error | boolean) => {
        capture.released = true;
        return release(error);
      };
      return client;
    });
  }
}

/**
 * Opens one Prisma interactive transaction (`open` must start exactly one,
 * first) and lets its callback take the connection it runs on.
 */
export function openTransaction<T>(
  open: (connection: () => TransactionConnection) => Promise<T>,
): Promise<T> {
  const capture: Capture = { waiting: true, released: false };
  return captures.run(capture, () =>
    open(() => {
      capture.waiting = false;
      if (!capture.client) throw new Error('The transaction did not open on this pool');
      return new TransactionConnection(capture.client, capture);
    }),
  );
}
