import { Injectable } from '@nestjs/common';
import type { DomainEvent } from '@trivance/shared';
import type { RelayedManagementEvent } from '../outbox/management-events.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import { addedTopic } from './live/live-topics.js';
import { LiveConnections } from './live/live-connections.js';
import {
  NotificationFanOut,
  type Recipients,
  type WrittenNotification,
} from './notification-fan-out.system-path.js';
import { draftFor, membershipDraft, type NotificationDraft } from './notification-texts.js';
import { PushDelivery } from './push/push-delivery.js';

type Outcome = 'delivered' | 'ignored';

/** Who an event of the Management API is for. */
function recipientsOf(event: RelayedManagementEvent): Recipients {
  if (event.type === 'event.cancelled') {
    return { kind: 'eventBuyers', eventId: event.payload.eventId };
  }
  if (event.type === 'publication.published') return { kind: 'members' };
  return { kind: 'accounts', userIds: event.userId ? [event.userId] : [] };
}

/**
 * Turns one domain event into its notifications: written once per recipient
 * (NotificationFanOut de-duplicates by the event's id), then announced to the
 * recipients' live connections on every instance and pushed to the devices of
 * those who keep push on. A redelivered event writes and announces nothing,
 * and pushes only what an interrupted delivery had not.
 */
@Injectable()
export class DeliverNotifications {
  constructor(
    private readonly fanOut: NotificationFanOut,
    private readonly live: LiveConnections,
    private readonly db: TenantDatabase,
    private readonly push: PushDelivery,
  ) {}

  async forManagementEvent(event: RelayedManagementEvent): Promise<Outcome> {
    const draft = draftFor(event);
    if (!draft) return 'ignored';
    return this.deliver(event, recipientsOf(event), draft);
  }

  async forAuthEvent(event: DomainEvent): Promise<Outcome> {
    if (event.type !== 'membership.changed') return 'ignored';
    const { organizationId, role, userId } = event.payload;
    const organization = await this.db.public.organization.findUnique({
      where: { id: organizationId },
      select: { name: true },
    });
    if (!organization) return 'ignored';
    const draft = membershipDraft(organization.name, organizationId, role);
    return this.deliver(
      { id: event.id, organizationId },
      { kind: 'accounts', userIds: [userId] },
      draft,
    );
  }

  private async deliver(
    cause: { id: string; organizationId: string },
    recipients: Recipients,
    draft: NotificationDraft,
  ): Promise<Outcome> {
    const written = await this.fanOut.write(cause, recipients, draft);
    // Push records each message by notification and device before sending it,
    // so handing it the event's earlier notifications too (a delivery cut
    // short between writing and pushing) sends what is missing and nothing twice.
    const pushed = written.filter((notification) => notification.push);
    await Promise.all([
      ...written
        .filter((notification) => notification.fresh)
        .map((notification) => this.announce(notification)),
      pushed.length > 0
        ? this.push.deliver(
            pushed.map(({ id, userId, title, body, data }) => ({
              notificationId: id,
              userId,
              title,
              body,
              data,
            })),
          )
        : undefined,
    ]);
    return 'delivered';
  }

  private async announce(notification: WrittenNotification): Promise<void> {
    const node = {
      id: notification.id,
      organizationId: notification.organizationId,
      kind: notification.kind,
      title: notification.title,
      body: notification.body,
      data: notification.data,
      readAt: null,
      seenAt: null,
      archivedAt: null,
      createdAt: notification.createdAt,
    };
    // The unread count's subscribers listen to this topic too.
    await this.live.publish(addedTopic(notification.userId), { notification: node });
  }
}
