import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
import { SystemDatabase } from '../database/system-database.js';
import type { NotificationDraft } from './notification-texts.js';

/** Who receives an event's notification. */
export type Recipients =
  /** Named accounts (a buyer, a donor, a ticket's new holder). */
  | { kind: 'accounts'; userIds: string[] }
  /** Everyone holding an order of one event (its cancellation). */
  | { kind: 'eventBuyers'; eventId: string }
  /** The organization's members (a publication). */
  | { kind: 'members' };

/** A notification as written, for the live and push deliveries that follow it. */
export interface WrittenNotification {
  id: string;
  userId: string;
  organizationId: string;
  kind: NotificationDraft['kind'];
  title: string;
  body: string;
  data: NotificationDraft['data'];
  createdAt: Date;
  /** Whether the recipient keeps push on for this kind. */
  push: boolean;
  /** Written by this call; false for one an earlier delivery of the event wrote. */
  fresh: boolean;
}

interface WrittenRow {
  id: string;
  user_id: string;
  created_at: Date;
  push: boolean;
  fresh: boolean;
}

const recipientsSql = (organizationId: string, recipients: Recipients): Prisma.Sql => {
  switch (recipients.kind) {
    case 'accounts':
      return Prisma.sql`SELECT DISTINCT unnest(${recipients.userIds}::text[]) AS user_id`;
    case 'eventBuyers':
      return Prisma.sql`
        SELECT DISTINCT user_id FROM orders
        WHERE organization_id = ${organizationId}::uuid AND event_id = ${recipients.eventId}::uuid
          AND user_id IS NOT NULL AND status <> 'EXPIRED'`;
    case 'members':
      return Prisma.sql`
        SELECT user_id FROM member_profiles WHERE organization_id = ${organizationId}::uuid`;
  }
};

/**
 * The notifications.deliver path: one event's notification written for each
 * of its recipients in one statement, skipping those who turned the kind off
 * in the app. The cause's id is the de-duplication key (Novu's transaction
 * id): an event delivered again, or by a second instance, writes nothing new.
 * What earlier deliveries wrote comes back too (not fresh), so pushes a
 * delivery cut short never recorded are recorded now; push de-duplicates by
 * notification and device, and only fresh ones are announced live.
 */
@Injectable()
export class NotificationFanOut {
  constructor(private readonly system: SystemDatabase) {}

  async write(
    cause: { id: string; organizationId: string },
    recipients: Recipients,
    draft: NotificationDraft,
  ): Promise<WrittenNotification[]> {
    if (recipients.kind === 'accounts' && recipients.userIds.length === 0) return [];
    const rows = await this.system.run(
      'notifications.deliver',
      {
        actor: 'notifications',
        reason: draft.kind,
        detail: { cause: cause.id },
        quietWhenIdle: true,
      },
      async (tx, audit) => {
        const written = await tx.$queryRaw<WrittenRow[]>`
          WITH recipients AS (${recipientsSql(cause.organizationId, recipients)}),
          choices AS (
            SELECT p.user_id, p.channel, p.enabled FROM notification_preferences p
            JOIN recipients r ON r.user_id = p.user_id
            WHERE p.kind = ${draft.kind}::notification_kind AND NOT p.enabled
          ),
          written AS (
            INSERT INTO notifications (id, organization_id, user_id, kind, title, body, data, transaction_id)
            SELECT gen_random_uuid(), ${cause.organizationId}::uuid, r.user_id, ${draft.kind}::notification_kind,
                   ${draft.title}, ${draft.body}, ${JSON.stringify(draft.data)}::jsonb, ${cause.id}
            FROM recipients r
            WHERE NOT EXISTS (SELECT 1 FROM choices c WHERE c.user_id = r.user_id AND c.channel = 'IN_APP')
            ON CONFLICT (user_id, transaction_id) DO NOTHING
            RETURNING id, user_id, created_at
          )
          SELECT w.id, w.user_id, w.created_at, true AS fresh,
                 NOT EXISTS (SELECT 1 FROM choices c WHERE c.user_id = w.user_id AND c.channel = 'PUSH') AS push
          FROM written w
          UNION ALL
          SELECT n.id, n.user_id, n.created_at, false AS fresh,
                 NOT EXISTS (
                   SELECT 1 FROM notification_preferences p
                   WHERE p.user_id = n.user_id AND p.kind = n.kind AND p.channel = 'PUSH' AND NOT p.enabled
                 ) AS push
          FROM notifications n
          WHERE n.organization_id = ${cause.organizationId}::uuid AND n.transaction_id = ${cause.id}`;
        audit.touched(written.filter((row) => row.fresh).length);
        return written;
      },
    );
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      organizationId: cause.organizationId,
      kind: draft.kind,
      title: draft.title,
      body: draft.body,
      data: draft.data,
      createdAt: row.created_at,
      push: row.push,
      fresh: row.fresh,
    }));
  }
}
