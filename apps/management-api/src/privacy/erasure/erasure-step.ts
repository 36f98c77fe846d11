import type { SqlExecutor } from '../../common/sql-executor.js';

/**
 * One table group's part of erasing a deleted account. `erase` runs inside
 * the privacy.erase path's transaction, with every other step (one unit of
 * work), under a role whose row-level security reaches only the account's
 * rows. It must be idempotent: a replayed `user.deleted` runs it again and
 * must change nothing, so each statement touches only rows not yet erased.
 * Returns the rows it changed.
 */
export interface ErasureStep {
  readonly name: string;
  erase(sql: SqlExecutor, userId: string): Promise<number>;
}
