import {
  Args,
  Field,
  Int,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { requestContext } from '@trivance/shared';
import { Authenticated } from '../auth/access.decorators.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import type { Notification, Organization } from '../generated/prisma/client.js';
import { OrganizationModel } from '../organizations/models/organization.model.js';
import { OrganizationLoader } from '../organizations/organization.loader.js';
import {
  MarkAllNotificationsReadInput,
  MarkNotificationsSeenInput,
  NotificationIdInput,
  NotificationsArgs,
  UpdateNotificationPreferencesInput,
} from './dto/notification.inputs.js';
import { countTopic } from './live/live-topics.js';
import { LiveConnections } from './live/live-connections.js';
import {
  NotificationConnectionModel,
  NotificationModel,
  NotificationPreferenceModel,
} from './models/notification.model.js';
import { NotificationsRepository } from './notifications.repository.js';

@ObjectType('NotificationsMarked')
export class NotificationsMarkedModel {
  @Field(() => Int, { description: 'How many were marked read now.' })
  count!: number;

  @Field(() => Int)
  unreadCount!: number;
}

/** The signed-in account's inbox (any organization's notifications to it) and its choices. */
@Resolver(() => NotificationModel)
export class NotificationsResolver {
  constructor(
    private readonly inbox: NotificationsRepository,
    private readonly organizations: OrganizationLoader,
    private readonly live: LiveConnections,
  ) {}

  @Query(() => NotificationConnectionModel, {
    description: 'Newest first; archived ones only when filter.archived is true.',
  })
  @Authenticated()
  notifications(@Args() args: NotificationsArgs): Promise<KeysetPage<Notification>> {
    return this.inbox.page(args);
  }

  @Query(() => Int, { description: 'Unread and not archived.' })
  @Authenticated()
  unreadNotificationCount(): Promise<number> {
    return this.inbox.unreadCount();
  }

  @Mutation(() => NotificationModel)
  @Authenticated()
  async markNotificationRead(@Args('input') input: NotificationIdInput): Promise<Notification> {
    const notification = await this.inbox.mark(input.id, 'read_at');
    await this.countChanged();
    return notification;
  }

  @Mutation(() => [NotificationModel], { description: 'The inbox showed them (seen, not read).' })
  @Authenticated()
  markNotificationsSeen(@Args('input') input: MarkNotificationsSeenInput): Promise<Notification[]> {
    return this.inbox.markSeen(input.ids);
  }

  @Mutation(() => NotificationsMarkedModel)
  @Authenticated()
  async markAllNotificationsRead(
    @Args('input') input: MarkAllNotificationsReadInput,
  ): Promise<NotificationsMarkedModel> {
    const count = await this.inbox.markAllRead(input.before);
    await this.countChanged();
    return { count, unreadCount: await this.inbox.unreadCount() };
  }

  @Mutation(() => NotificationModel, { description: 'Out of the inbox; no longer unread.' })
  @Authenticated()
  async archiveNotification(@Args('input') input: NotificationIdInput): Promise<Notification> {
    const notification = await this.inbox.mark(input.id, 'archived_at');
    await this.countChanged();
    return notification;
  }

  @Query(() => [NotificationPreferenceModel], {
    description: 'Every kind on every channel (IN_APP, EMAIL, PUSH).',
  })
  @Authenticated()
  notificationPreferences(): Promise<NotificationPreferenceModel[]> {
    return this.inbox.preferences();
  }

  @Mutation(() => [NotificationPreferenceModel], {
    description: 'Turns one kind on or off on one channel; every sender honours it.',
  })
  @Authenticated()
  async updateNotificationPreferences(
    @Args('input') input: UpdateNotificationPreferencesInput,
  ): Promise<NotificationPreferenceModel[]> {
    await this.inbox.choose(input);
    return this.inbox.preferences();
  }

  @ResolveField(() => OrganizationModel)
  organization(@Parent() notification: Notification): Promise<Organization> {
    return this.organizations.load(notification.organizationId);
  }

  /** The account's live unread counts, on every instance, catch up. */
  private countChanged(): Promise<void> {
    return this.live.publish(countTopic(requestContext.principal().userId), {});
  }
}
