import type { SqlExecutor } from '../../common/sql-executor.js';

/**
 * One table group's part of an account holder's export. `read` runs inside
 * the privacy.export path's transaction, whose role and row-level security
 * reach only the account's rows; it still names the account in every
 * statement, so a policy mistake could not widen it.
 */
export interface ExportSection {
  /** The key of this part in the export document (camelCase, stable: clients read it). */
  readonly name: string;
  read(sql: SqlExecutor, userId: string): Promise<unknown>;
}

/** JSON has no bigint: amounts (minor units, 53-bit safe) become numbers, anything larger a string. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonSafe(item)]));
  }
  return value;
}
