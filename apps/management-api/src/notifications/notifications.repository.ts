import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { newestFirst, planKeyset, toPage, type KeysetPage } from '../common/pagination/keyset.js';
import { Prisma } from '../generated/prisma/client.js';
import type { Notification, NotificationPreference } from '../generated/prisma/client.js';
import { NotificationChannel, NotificationKind } from '../generated/prisma/enums.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import type {
  NotificationsArgs,
  UpdateNotificationPreferencesInput,
} from './dto/notification.inputs.js';

const UNREAD = Prisma.sql`read_at IS NULL AND archived_at IS NULL`;

/**
 * The caller's inbox and choices. Every statement is the caller's own
 * (the `account` scope and row-level security both hold it to their rows),
 * so another account's notification is simply not found.
 */
@Injectable()
export class NotificationsRepository {
  constructor(
    private readonly db: TenantDatabase,
    private readonly units: UnitOfWork,
  ) {}

  async page(args: NotificationsArgs): Promise<KeysetPage<Notification>> {
    const ordering = newestFirst<Notification>();
    const plan = planKeyset(args, ordering);
    const filter = args.filter ?? {};
    const where: Prisma.NotificationWhereInput = {
      archivedAt: filter.archived ? { not: null } : null,
      ...(filter.unread === true ? { readAt: null } : {}),
      ...(filter.unread === false ? { readAt: { not: null } } : {}),
    };
    const rows = await this.db.client.notification.findMany({
      where: { AND: [where, plan.where ?? {}] },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, ordering, args);
  }

  async unreadCount(): Promise<number> {
    const { userId } = requestContext.principal();
    return this.units.run(async (unit) => {
      const [row] = await unit.query<{ unread: number }>(Prisma.sql`
        SELECT count(*)::int AS unread FROM notifications WHERE user_id = ${userId} AND ${UNREAD}`);
      return row?.unread ?? 0;
    });
  }

  /** Sets one time column once (read, seen or archived); the notification as it is then. */
  async mark(id: string, column: 'read_at' | 'archived_at'): Promise<Notification> {
    const { userId } = requestContext.principal();
    const [row] = await this.units.run((unit) =>
      unit.query<{ id: string }>(Prisma.sql`
        UPDATE notifications SET ${Prisma.raw(column)} = coalesce(${Prisma.raw(column)}, now())
        WHERE id = ${id}::uuid AND user_id = ${userId} RETURNING id`),
    );
    if (!row) throw new AppError('NOT_FOUND', 'No such notification');
    return (await this.db.client.notification.findFirst({ where: { id } }))!;
  }

  /** Marks the inbox's shown notifications seen; all of them must be the caller's. */
  async markSeen(ids: string[]): Promise<Notification[]> {
    const { userId } = requestContext.principal();
    const unique = [...new Set(ids)];
    return this.units.run(async (unit) => {
      const own = await unit.query<{ id: string }>(Prisma.sql`
        SELECT id FROM notifications WHERE id = ANY(${unique}::uuid[]) AND user_id = ${userId} FOR UPDATE`);
      if (own.length !== unique.length) throw new AppError('NOT_FOUND', 'No such notification');
      await unit.execute(Prisma.sql`
        UPDATE notifications SET seen_at = now()
        WHERE id = ANY(${unique}::uuid[]) AND user_id = ${userId} AND seen_at IS NULL`);
      return this.db.client.notification.findMany({
        where: { id: { in: unique } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
    });
  }

  /** Marks every unread notification read (those created before `before`, when given). */
  async markAllRead(before: Date | null | undefined): Promise<number> {
    const { userId } = requestContext.principal();
    return this.units.run((unit) =>
      unit.execute(Prisma.sql`
        UPDATE notifications SET read_at = now()
        WHERE user_id = ${userId} AND read_at IS NULL
          ${before ? Prisma.sql`AND created_at < ${before}` : Prisma.empty}`),
    );
  }

  /** Every kind on every channel, on unless the account turned it off. */
  async preferences(): Promise<Pick<NotificationPreference, 'kind' | 'channel' | 'enabled'>[]> {
    const chosen = await this.db.client.notificationPreference.findMany({});
    const choice = new Map(chosen.map((row) => [`${row.kind}:${row.channel}`, row.enabled]));
    return Object.values(NotificationKind).flatMap((kind) =>
      Object.values(NotificationChannel).map((channel) => ({
        kind,
        channel,
        enabled: choice.get(`${kind}:${channel}`) ?? true,
      })),
    );
  }

  async choose(input: UpdateNotificationPreferencesInput): Promise<void> {
    const { userId } = requestContext.principal();
    await this.units.run((unit) =>
      unit.execute(Prisma.sql`
        INSERT INTO notification_preferences (user_id, kind, channel, enabled)
        VALUES (${userId}, ${input.kind}::notification_kind, ${input.channel}::notification_channel, ${input.enabled})
        ON CONFLICT (user_id, kind, channel) DO UPDATE SET enabled = excluded.enabled, updated_at = now()`),
    );
  }
}
