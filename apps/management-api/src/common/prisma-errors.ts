import { Prisma } from '../generated/prisma/client.js';

/** PostgreSQL's refusal of a statement a unit of work ran straight on its connection. */
export class DatabaseRefusal extends Error {
  constructor(
    /** The SQLSTATE, e.g. 23514 for a check constraint. */
    readonly code: string,
    readonly constraint: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseRefusal';
  }
}

interface DriverCause {
  originalCode?: string;
  originalMessage?: string;
}

/** What PostgreSQL said behind a Prisma error, when it was PostgreSQL that refused. */
function driverCause(error: unknown): DriverCause | undefined {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: DriverCause } } } | null)?.meta;
  return meta?.driverAdapterError?.cause;
}

/** The PostgreSQL error code (e.g. 23514, a check constraint) behind a refusal. */
export function databaseErrorCode(error: unknown): string | undefined {
  if (error instanceof DatabaseRefusal) return error.code;
  return driverCause(error)?.originalCode;
}

/** The constraint PostgreSQL named in its refusal, if any. */
export function violatedConstraint(error: unknown): string | undefined {
  if (error instanceof DatabaseRefusal) return error.constraint;
  return /constraint "([^"]+)"/.exec(driverCause(error)?.originalMessage ?? '')?.[1];
}

export function isUniqueViolation(error: unknown): boolean {
  return (
    (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') ||
    databaseErrorCode(error) === '23505'
  );
}

export function isForeignKeyViolation(error: unknown): boolean {
  return (
    (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003') ||
    databaseErrorCode(error) === '23503'
  );
}

/** A deadlock or serialization failure: the whole unit of work may simply run again. */
export function isRetryableConflict(error: unknown): boolean {
  const code = databaseErrorCode(error);
  return (
    code === '40001' ||
    code === '40P01' ||
    (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2034')
  );
}
