import type { SystemTransaction } from '../database/system-database.js';

/** A change's place in time: when it happened, ties broken by event id. */
export interface Version {
  occurredAt: Date;
  eventId: string;
}

/**
 * Records `version` as the newest applied for this membership if it is newer
 * than what is recorded (compare-and-set in one statement, so two consumers
 * cannot both win); false means a newer change was already applied.
 */
export async function claimMemberVersion(
  tx: SystemTransaction,
  organizationId: string,
  userId: string,
  version: Version,
): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>`
    INSERT INTO member_versions AS current (organization_id, user_id, occurred_at, event_id)
    VALUES (${organizationId}::uuid, ${userId}, ${version.occurredAt}, ${version.eventId})
    ON CONFLICT (organization_id, user_id) DO UPDATE
      SET occurred_at = EXCLUDED.occurred_at, event_id = EXCLUDED.event_id
      WHERE (current.occurred_at, current.event_id) < (EXCLUDED.occurred_at, EXCLUDED.event_id)
    RETURNING 1`;
  return rows.length === 1;
}

/** The same for the account's own fields (name, email, verification) and its deletion. */
export async function claimAccountVersion(
  tx: SystemTransaction,
  userId: string,
  version: Version,
  options: { deleted?: boolean } = {},
): Promise<boolean> {
  const deletedAt = options.deleted ? version.occurredAt : null;
  const rows = await tx.$queryRaw<unknown[]>`
    INSERT INTO account_versions AS current (user_id, occurred_at, event_id, deleted_at)
    VALUES (${userId}, ${version.occurredAt}, ${version.eventId}, ${deletedAt})
    ON CONFLICT (user_id) DO UPDATE
      SET occurred_at = EXCLUDED.occurred_at, event_id = EXCLUDED.event_id,
          deleted_at = coalesce(current.deleted_at, EXCLUDED.deleted_at)
      WHERE (current.occurred_at, current.event_id) < (EXCLUDED.occurred_at, EXCLUDED.event_id)
         OR (EXCLUDED.deleted_at IS NOT NULL AND current.deleted_at IS NULL)
    RETURNING 1`;
  return rows.length === 1;
}

/** A deleted account stays deleted: nothing older or newer brings its profiles back. */
export async function isAccountDeleted(tx: SystemTransaction, userId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ deleted: boolean }[]>`
    SELECT deleted_at IS NOT NULL AS deleted FROM account_versions WHERE user_id = ${userId}`;
  return rows[0]?.deleted ?? false;
}
