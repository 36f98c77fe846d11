import { Context, Int, Resolver, Subscription } from '@nestjs/graphql';
import { requestContext } from '@trivance/shared';
import { randomUUID } from 'node:crypto';
import { Public } from '../../auth/access.decorators.js';
import { NotificationModel } from '../models/notification.model.js';
import { NotificationsRepository } from '../notifications.repository.js';
import { LiveConnections, type LiveContext } from './live-connections.js';
import { addedTopic, countTopic } from './live-topics.js';

interface MercuriusLiveContext extends LiveContext {
  pubsub: { subscribe(topic: string | string[]): Promise<AsyncIterableIterator<unknown>> };
}

/**
 * The inbox, live. Public at the operation level because the connection
 * itself is authenticated (LiveConnections refuses one without a valid
 * token); each subscription reads only its connection's account.
 */
@Resolver()
export class NotificationSubscriptionsResolver {
  constructor(
    private readonly connections: LiveConnections,
    private readonly inbox: NotificationsRepository,
  ) {}

  @Subscription(() => NotificationModel, {
    description: "Each new notification of the connection's account, as it is written.",
    resolve: (payload: { notification: NotificationModel }) => payload.notification,
  })
  @Public()
  notificationAdded(@Context() context: MercuriusLiveContext) {
    const { userId } = this.connections.principalOf(context);
    return context.pubsub.subscribe(addedTopic(userId));
  }

  @Subscription(() => Int, {
    description: 'The unread count now, then again whenever it may have changed.',
    resolve: (payload: { unread: number }) => payload.unread,
  })
  @Public()
  async unreadNotificationCount(@Context() context: MercuriusLiveContext) {
    const principal = this.connections.principalOf(context);
    // A new notification changes the count too: one message per notification, not two.
    const changes = await context.pubsub.subscribe([
      countTopic(principal.userId),
      addedTopic(principal.userId),
    ]);
    const count = () =>
      requestContext.run({ requestId: randomUUID(), principal }, () => this.inbox.unreadCount());
    return (async function* counts() {
      yield { unread: await count() };
      for await (const change of changes) {
        void change;
        yield { unread: await count() };
      }
    })();
  }
}
