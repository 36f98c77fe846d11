import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  AUTH_EVENTS_STREAM,
  type DomainEvent,
  fromStreamFields,
  MalformedEventError,
} from '@trivance/shared';
import { StreamConsumer } from '../common/streams/stream-consumer.js';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import {
  isMalformedManagementEvent,
  parseManagementEvent,
} from '../outbox/management-events.consumer.js';
import {
  MANAGEMENT_EVENTS_STREAM,
  type RelayedManagementEvent,
} from '../outbox/management-events.js';
import { DeliverNotifications } from './deliver-notifications.use-case.js';

export const NOTIFICATIONS_GROUP = 'management-api-notifications';
const MAX_DELIVERIES = 8;

/**
 * Reads both event streams (the Management API's own and the Auth Service's
 * membership changes) in one consumer group per stream across instances, so
 * each event is handled by one instance at a time; handling is idempotent,
 * so a redelivery or a replay of the stream notifies no one twice.
 */
@Injectable()
export class NotificationsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumers: { stop(): Promise<void> }[] = [];

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly notifications: DeliverNotifications,
  ) {}

  onApplicationBootstrap(): void {
    if (!(this.config.NOTIFICATIONS_CONSUMER ?? this.config.BACKGROUND_JOBS)) return;
    const managementEvents = new StreamConsumer<RelayedManagementEvent>({
      redisUrl: this.config.REDIS_URL,
      stream: MANAGEMENT_EVENTS_STREAM,
      deadLetterStream: `${MANAGEMENT_EVENTS_STREAM}:dead:${NOTIFICATIONS_GROUP}`,
      group: NOTIFICATIONS_GROUP,
      maxDeliveries: MAX_DELIVERIES,
      parse: parseManagementEvent,
      isMalformed: isMalformedManagementEvent,
      handle: (event) => this.notifications.forManagementEvent(event),
    });
    const authEvents = new StreamConsumer<DomainEvent>({
      redisUrl: this.config.REDIS_URL,
      stream: AUTH_EVENTS_STREAM,
      deadLetterStream: `${AUTH_EVENTS_STREAM}:dead:${NOTIFICATIONS_GROUP}`,
      group: NOTIFICATIONS_GROUP,
      maxDeliveries: MAX_DELIVERIES,
      parse: fromStreamFields,
      isMalformed: (error) => error instanceof MalformedEventError,
      handle: (event) => this.notifications.forAuthEvent(event),
    });
    managementEvents.start();
    authEvents.start();
    this.consumers = [managementEvents, authEvents];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }
}
