import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { DeliverNotifications } from './deliver-notifications.use-case.js';
import { LiveNotificationsModule } from './live/live-notifications.module.js';
import { NotificationSubscriptionsResolver } from './live/notification-subscriptions.resolver.js';
import { NotificationFanOut } from './notification-fan-out.system-path.js';
import { NotificationsConsumer } from './notifications.consumer.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsResolver } from './notifications.resolver.js';
import { PushModule } from './push/push.module.js';

/** The inbox, its live delivery and the consumer that fills it from domain events. */
@Module({
  imports: [LiveNotificationsModule, OrganizationsModule, PushModule],
  providers: [
    NotificationsRepository,
    NotificationsResolver,
    NotificationSubscriptionsResolver,
    NotificationFanOut,
    DeliverNotifications,
    NotificationsConsumer,
  ],
})
export class NotificationsModule {}
